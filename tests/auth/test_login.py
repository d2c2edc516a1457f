"""Logging in and out: generic errors, remember me, safe redirects, a new session each time."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.auth.login import is_safe_next
from tests.factories import DEFAULT_PASSWORD, create_user

LOGIN_FAILED = "Email or password is incorrect."


def test_learner_logs_in_and_lands_on_the_dashboard(auth, client: FlaskClient, db: Session):
    user = create_user(db, email="Grace@Example.org")

    response = auth.login("grace@example.org")

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    db.refresh(user)
    assert user.last_login_at is not None
    page = client.get("/account").get_data(as_text=True)
    assert "Grace@Example.org" in page
    assert "Log out" in page


@pytest.mark.parametrize(
    ("email", "password"),
    [("nobody@example.org", DEFAULT_PASSWORD), ("known@example.org", "wrong password!!")],
)
def test_unknown_email_and_wrong_password_get_the_same_answer(auth, db, email, password):
    create_user(db, email="known@example.org")

    response = auth.login(email, password)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert LOGIN_FAILED in page
    assert "data-error-summary" in page


def test_deactivated_account_cannot_log_in(auth, db: Session):
    create_user(db, email="gone@example.org", is_active=False)

    assert LOGIN_FAILED in auth.login("gone@example.org").get_data(as_text=True)


def test_deactivating_an_account_ends_its_sessions(client: FlaskClient, db: Session, learner):
    learner.is_active = False
    db.flush()

    response = client.get("/account")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logout_ends_the_session(auth, client: FlaskClient, learner):
    response = auth.logout()

    assert response.status_code == 302
    assert client.get("/account").status_code == 302
    assert "Log in" in client.get("/").get_data(as_text=True)


def test_logout_is_post_only(client: FlaskClient, learner):
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


@pytest.mark.parametrize("path", ["/login", "/logout", "/register", "/reset-password"])
def test_posts_without_a_csrf_token_are_refused(client: FlaskClient, db: Session, path):
    create_user(db, email="csrf@example.org")

    response = client.post(path, data={"email": "csrf@example.org", "password": DEFAULT_PASSWORD})

    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)


def test_remember_me_sets_a_lasting_cookie(auth, client: FlaskClient, db: Session):
    create_user(db, email="remember@example.org")

    response = auth.login("remember@example.org", remember=True)

    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("remember_token=") and "HttpOnly" in c for c in cookies)


def test_without_remember_me_no_cookie_is_set(auth, client: FlaskClient, db: Session):
    create_user(db, email="forget@example.org")

    response = auth.login("forget@example.org")

    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_remember_cookie_logs_in_a_new_browser_session(auth, client, db: Session):
    create_user(db, email="back@example.org")
    auth.login("back@example.org", remember=True)

    client.delete_cookie("session")

    assert client.get("/account").status_code == 200


def test_logout_forgets_the_remember_cookie(auth, client: FlaskClient, db: Session):
    create_user(db, email="leave@example.org")
    auth.login("leave@example.org", remember=True)

    auth.logout()
    client.delete_cookie("session")

    assert client.get("/account").status_code == 302


def test_login_starts_a_new_session(auth, client: FlaskClient, db: Session):
    create_user(db, email="fixation@example.org")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = client.get_cookie("session").value

    auth.login("fixation@example.org")

    assert client.get_cookie("session").value != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("nonce")


def test_login_follows_a_next_on_this_site(auth, db: Session):
    create_user(db, email="next@example.org")

    response = auth.login("next@example.org", next="/courses/heart-collaboration/?from=login")

    assert response.headers["Location"] == "/courses/heart-collaboration/?from=login"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_login_refuses_to_redirect_off_site(auth, db: Session, target):
    create_user(db, email="redirect@example.org")

    response = auth.login("redirect@example.org", next=target)

    assert response.headers["Location"] == "/dashboard"
    assert not is_safe_next(target)


def test_protected_page_sends_to_login_and_back(auth, client: FlaskClient, db: Session):
    create_user(db, email="back.again@example.org")

    response = client.get("/account")
    assert response.status_code == 302
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/account"' in login_page

    assert auth.login("back.again@example.org", next="/account").headers["Location"] == "/account"


def test_old_parameter_hashes_are_upgraded_at_login(auth, db: Session):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(DEFAULT_PASSWORD)
    user = create_user(db, email="upgrade@example.org", password_hash=weak)

    auth.login("upgrade@example.org")
    db.refresh(user)

    assert user.password_hash != weak
    assert user.password_hash.startswith("$argon2id$")
    assert "t=1," not in user.password_hash


def test_login_form_is_accessible(client: FlaskClient):
    page = client.get("/login").get_data(as_text=True)

    assert '<label for="email"' in page
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert 'aria-describedby="remember-hint"' in page
