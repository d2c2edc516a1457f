"""Sessions end on the server: a cookie copied before logout (or remember-me) opens nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from course_engine.models import UserSession
from course_engine.models.types import utcnow
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.support.forms import AuthActions, csrf_token

EMAIL = "owner@example.org"


def logged_in(app: Flask, *, remember: bool = False, agent: str = "Firefox") -> FlaskClient:
    """A browser that logged in through the form."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    response = AuthActions(client).login(EMAIL, DEFAULT_PASSWORD, remember=remember)
    assert response.status_code == 302
    return client


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """An attacker's browser holding copies of ``client``'s cookies."""
    thief = app.test_client()
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def opens_account(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def test_a_session_cookie_copied_before_logout_opens_nothing_after(app: Flask, db: Session) -> None:
    create_user(db, email=EMAIL)
    owner = logged_in(app)
    thief = copy_of(app, owner)
    assert opens_account(thief)
    AuthActions(owner).logout()
    assert not opens_account(thief)


def test_a_remember_me_cookie_copied_before_logout_opens_nothing_after(
    app: Flask, db: Session
) -> None:
    create_user(db, email=EMAIL)
    owner = logged_in(app, remember=True)
    cookie = owner.get_cookie("remember_token")
    assert cookie is not None
    remembered = app.test_client()
    remembered.set_cookie("remember_token", cookie.value)
    assert opens_account(remembered)
    AuthActions(owner).logout()
    fresh = app.test_client()
    fresh.set_cookie("remember_token", cookie.value)
    assert not opens_account(fresh) and not opens_account(remembered)


def test_the_account_lists_devices_and_signs_out_every_other(app: Flask, db: Session) -> None:
    create_user(db, email=EMAIL)
    laptop, phone = logged_in(app, agent="Firefox on a laptop"), logged_in(app, agent="Phone")
    page = laptop.get("/account").get_data(as_text=True)
    assert "Firefox on a laptop" in page and "(this device)" in page and "Phone" in page
    token = csrf_token(laptop, "/account")
    response = laptop.post("/account/sign-out-everywhere", data={"csrf_token": token})
    assert response.status_code == 302
    assert opens_account(laptop) and not opens_account(phone)


def test_a_password_change_ends_every_other_session(app: Flask, db: Session) -> None:
    create_user(db, email=EMAIL)
    laptop, phone = logged_in(app), logged_in(app)
    new = "another long passphrase"
    data = {
        "current_password": DEFAULT_PASSWORD,
        "password": new,
        "confirm": new,
        "csrf_token": csrf_token(laptop, "/account/password"),
    }
    assert laptop.post("/account/password", data=data).status_code == 302
    assert opens_account(laptop) and not opens_account(phone)


def test_a_deactivated_account_is_signed_out(app: Flask, db: Session) -> None:
    user = create_user(db, email=EMAIL)
    owner = logged_in(app)
    user.is_active = False
    db.flush()
    assert not opens_account(owner)


def test_sessions_older_than_the_absolute_timeout_end(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_user(db, email=EMAIL)
    owner = logged_in(app)
    monkeypatch.setitem(app.config, "SESSION_ABSOLUTE_TIMEOUT", timedelta(hours=12))
    db.execute(update(UserSession).values(created_at=utcnow() - timedelta(hours=13)))
    assert not opens_account(owner)


def test_an_idle_session_ends(app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    create_user(db, email=EMAIL)
    owner = logged_in(app)
    with owner.session_transaction() as session:
        session["seen"] = int(session["seen"]) - 3 * 3600
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", timedelta(hours=2))
    assert not opens_account(owner)
