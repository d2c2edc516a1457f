"""Authentication: no account enumeration through messages; reset links an attacker cannot reuse."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth import passwords
from course_engine.models import PasswordResetToken, User
from course_engine.models.types import utcnow
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.support.forms import AuthActions, csrf_token

TOKEN_VALUE = re.compile(r'name="csrf_token"[^>]*value="[^"]+"')
LINK = re.compile(r"/reset-password/[A-Za-z0-9_-]{20,}")
NEW_PASSWORD = "a brand new passphrase"


def neutral(page: str) -> str:
    """A page without its CSRF token and without the submitted address."""
    return re.sub(r"(un)?known@example\.org", "@", TOKEN_VALUE.sub("", page))


def test_login_answers_alike_for_known_and_unknown_addresses(app: Flask, db: Session) -> None:
    create_user(db, email="known@example.org")
    known = AuthActions(app.test_client()).login("known@example.org", "wrong password here")
    unknown = AuthActions(app.test_client()).login("unknown@example.org", "wrong password here")
    assert known.status_code == unknown.status_code == 200
    assert neutral(known.get_data(as_text=True)) == neutral(unknown.get_data(as_text=True))
    cookies = [
        sorted(cookie.split("=")[0] for cookie in response.headers.getlist("Set-Cookie"))
        for response in (known, unknown)
    ]
    assert cookies[0] == cookies[1]


def ask_reset(client: FlaskClient, email: str) -> tuple[int, str]:
    """Ask for a reset link; (status, the page the redirect leads to)."""
    token = csrf_token(client, "/reset-password")
    response = client.post("/reset-password", data={"email": email, "csrf_token": token})
    landing = client.get(response.headers.get("Location", "/reset-password"))
    return response.status_code, neutral(landing.get_data(as_text=True))


@pytest.mark.usefixtures("mail_outbox")
def test_reset_requests_answer_alike_for_known_unknown_and_deactivated(
    client: FlaskClient, db: Session
) -> None:
    create_user(db, email="known@example.org")
    create_user(db, email="gone@example.org", is_active=False)
    answers = {ask_reset(client, email) for email in
               ("known@example.org", "unknown@example.org", "gone@example.org")}  # fmt: skip
    assert len(answers) == 1
    assert next(iter(answers))[0] == 302


def test_registration_does_not_confirm_an_address_before_the_form_is_valid(
    auth: AuthActions, db: Session
) -> None:
    create_user(db, email="known@example.org")
    known = auth.register("known@example.org", "short", confirm="short")
    unknown = auth.register("unknown@example.org", "short", confirm="short")
    assert known.status_code == unknown.status_code == 200
    assert neutral(known.get_data(as_text=True)) == neutral(unknown.get_data(as_text=True))
    taken = auth.register("KNOWN@example.org")
    assert taken.headers["Location"] == "/register/sent"  # as for any address: see
    # test_registration_enumeration.py; no account made
    assert len(db.scalars(select(User).where(User.email_key == "known@example.org")).all()) == 1


def link_from(outbox: Path) -> str:
    """The reset path in the newest mail of the outbox."""
    newest = max(outbox.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    message = message_from_bytes(newest.read_bytes(), policy=policy.default)
    found = LINK.search(message.get_body(("plain",)).get_content())
    assert found
    return found.group(0)


def choose(client: FlaskClient, path: str, password: str = NEW_PASSWORD) -> int:
    """Submit a new password on a reset page (token from that page, or the login page)."""
    page = client.get(path)
    source = path if page.status_code == 200 else "/login"
    data = {"password": password, "confirm": password, "csrf_token": csrf_token(client, source)}
    return client.post(path, data=data).status_code


def test_a_reset_link_cannot_be_replayed_tampered_with_or_used_late(
    app: Flask, client: FlaskClient, db: Session, mail_outbox: Path
) -> None:  # fmt: skip
    user = create_user(db, email="owner@example.org")
    ask_reset(client, "owner@example.org")
    path = link_from(mail_outbox)
    tampered = path[:-1] + ("A" if path[-1] != "A" else "B")
    assert client.get(tampered).status_code == 410
    assert choose(client, tampered) == 410
    assert choose(client, path) == 302
    other = app.test_client()
    assert other.get(path).status_code == 410  # used: gone for everyone
    assert choose(other, path, "attacker chosen words") == 410
    db.refresh(user)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)

    ask_reset(other, "owner@example.org")
    late = link_from(mail_outbox)
    for token in db.scalars(select(PasswordResetToken).where(PasswordResetToken.used_at.is_(None))):
        token.expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    assert choose(other, late, "attacker chosen words") == 410
    db.refresh(user)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)


def test_a_link_dies_when_the_account_is_deactivated_or_the_password_changes(
    auth: AuthActions, client: FlaskClient, db: Session, mail_outbox: Path
) -> None:
    user = create_user(db, email="owner@example.org")
    ask_reset(client, "owner@example.org")
    first = link_from(mail_outbox)
    user.is_active = False
    db.flush()
    assert client.get(first).status_code == 410
    user.is_active = True
    db.flush()
    auth.login("owner@example.org", DEFAULT_PASSWORD)
    token = csrf_token(client, "/account/password")
    client.post("/account/password", data={
        "current_password": DEFAULT_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "csrf_token": token,
    })  # fmt: skip
    db.refresh(user)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)
    assert app_client_status(client, first) == 410


def app_client_status(client: FlaskClient, path: str) -> int:
    """The status of a reset page opened after logging out."""
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
    return client.get(path).status_code
