"""The account page: edit the profile, change the password (which logs out other devices)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.auth import passwords
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.support.forms import AuthActions, csrf_token

NEW_PASSWORD = "a brand new passphrase"


def change_password(client: FlaskClient, current: str, new: str, confirm: str | None = None):
    """Submit the change-password form."""
    data = {
        "current_password": current,
        "password": new,
        "confirm": new if confirm is None else confirm,
        "csrf_token": csrf_token(client, "/account/password"),
    }
    return client.post("/account/password", data=data)


@pytest.mark.parametrize("path", ["/account", "/account/password"])
def test_account_pages_need_a_login(client: FlaskClient, db: Session, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=%2F{path[1:].replace('/', '%2F')}"


def test_account_page_shows_the_profile(client: FlaskClient, learner):
    page = client.get("/account").get_data(as_text=True)

    assert learner.email in page
    assert f'value="{learner.full_name}"' in page
    assert '<option selected value="MD">Maryland</option>' in page


def test_learner_edits_the_profile(client: FlaskClient, db: Session, learner):
    data = {
        "full_name": "  Dr. Mary Jackson ",
        "role": "school_mental_health_staff",
        "organization_kind": "health_center",
        "organization_name": "Harbor Health",
        "state": "VI",
        "csrf_token": csrf_token(client, "/account"),
    }

    response = client.post("/account", data=data, follow_redirects=True)

    assert "Your details are saved." in response.get_data(as_text=True)
    db.refresh(learner)
    assert learner.full_name == "Dr. Mary Jackson"
    assert learner.role == "school_mental_health_staff"
    assert learner.organization_kind == "health_center"
    assert learner.organization_name == "Harbor Health"
    assert learner.state == "VI"


def test_profile_errors_leave_the_profile_unchanged(client: FlaskClient, db: Session, learner):
    before = learner.full_name
    data = {
        "full_name": "",
        "role": "teacher",
        "organization_kind": "school",
        "state": "XX",
        "csrf_token": csrf_token(client, "/account"),
    }

    page = client.post("/account", data=data).get_data(as_text=True)
    db.refresh(learner)

    assert "Enter your full name." in page
    assert "Not a valid choice." in page
    assert learner.full_name == before


def test_password_change_needs_the_current_password(client: FlaskClient, db: Session, learner):
    old_hash = learner.password_hash

    response = change_password(client, "not my password", NEW_PASSWORD)
    db.refresh(learner)

    assert "Your current password is not right." in response.get_data(as_text=True)
    assert learner.password_hash == old_hash


def test_new_password_follows_the_rules(client: FlaskClient, learner):
    page = change_password(client, DEFAULT_PASSWORD, "short").get_data(as_text=True)
    assert "Use between 10 and 256 characters." in page

    page = change_password(client, DEFAULT_PASSWORD, learner.email).get_data(as_text=True)
    assert "Choose a password that is not your email address." in page


def test_password_change_logs_out_other_sessions_only(app: Flask, db: Session):
    create_user(db, email="two.devices@example.org")
    laptop, phone = app.test_client(), app.test_client()
    AuthActions(laptop).login("two.devices@example.org")
    AuthActions(phone).login("two.devices@example.org", remember=True)
    assert phone.get("/account").status_code == 200

    response = change_password(laptop, DEFAULT_PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    phone.delete_cookie("session")
    assert phone.get("/account").status_code == 302, "the old remember-me cookie must not work"


def test_changed_password_is_the_one_that_works(app: Flask, db: Session):
    user = create_user(db, email="changer@example.org")
    client = app.test_client()
    auth = AuthActions(client)
    auth.login("changer@example.org")

    change_password(client, DEFAULT_PASSWORD, NEW_PASSWORD)
    auth.logout()

    db.refresh(user)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)
    assert "incorrect" in auth.login("changer@example.org").get_data(as_text=True)
    assert auth.login("changer@example.org", NEW_PASSWORD).status_code == 302


def test_remembered_session_stays_remembered_after_a_password_change(app: Flask, db: Session):
    create_user(db, email="keeper@example.org")
    client = app.test_client()
    AuthActions(client).login("keeper@example.org", remember=True)

    change_password(client, DEFAULT_PASSWORD, NEW_PASSWORD)
    client.delete_cookie("session")

    assert client.get("/account").status_code == 200
