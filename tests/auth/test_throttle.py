"""Login throttling: per address, per account and address, per account; the owner gets in."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import DEFAULT_PASSWORD, create_user
from tests.support.forms import csrf_token

LIMIT = 3
WRONG_PASSWORD = "wrong password!!"


@pytest.fixture(autouse=True)
def low_limit(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three failed logins per 15 minutes for these tests."""
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", f"{LIMIT} per 15 minutes")


def from_address(app: Flask, address: str) -> FlaskClient:
    """A client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client: FlaskClient, email: str, password: str = WRONG_PASSWORD) -> int:
    """One login attempt; its status code."""
    token = csrf_token(client, "/login")
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post("/login", data=data).status_code


def test_too_many_failures_from_one_address_get_429(app: Flask, db: Session):
    client = from_address(app, "198.51.100.7")

    statuses = [attempt(client, f"guess{n}@example.org") for n in range(LIMIT + 1)]

    assert statuses == [200] * LIMIT + [429]
    response = client.post(
        "/login", data={"email": "x@example.org", "csrf_token": csrf_token(client, "/login")}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert attempt(from_address(app, "198.51.100.8"), "guess0@example.org") == 200


def test_guesses_from_many_addresses_lock_the_account_until_its_owner_resets(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch, mail_outbox
):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_LIMIT", f"{LIMIT} per day")
    create_user(db, email="target@example.org")

    statuses = [
        attempt(from_address(app, f"203.0.113.{n}"), "Target@Example.org") for n in range(LIMIT)
    ]
    owner = from_address(app, "203.0.113.99")
    blocked = attempt(owner, "target@example.org", DEFAULT_PASSWORD)

    assert statuses == [200] * LIMIT
    assert blocked == 429
    assert attempt(from_address(app, "203.0.113.98"), "other@example.org") == 200
    token = csrf_token(owner, "/reset-password")  # the reset page is never locked by it
    owner.post("/reset-password", data={"email": "target@example.org", "csrf_token": token})
    [mail] = mail_outbox.glob("*.eml")
    link = re.search(r"/reset-password/[A-Za-z0-9_-]{20,}", mail.read_text()).group(0)
    new = "a fresh passphrase here"
    token = csrf_token(owner, link)
    owner.post(link, data={"password": new, "confirm": new, "csrf_token": token})
    owner.post("/logout", data={"csrf_token": csrf_token(owner, "/account")})
    assert attempt(owner, "target@example.org", new) == 302


def test_one_address_cannot_spend_an_accounts_allowance(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "100 per 15 minutes")
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_ADDRESS_LIMIT", f"{LIMIT} per day")
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_LIMIT", f"{LIMIT + 1} per day")
    create_user(db, email="owner@example.org")
    attacker = from_address(app, "198.51.100.66")

    statuses = [attempt(attacker, "owner@example.org") for _ in range(LIMIT + 5)]

    assert statuses == [200] * LIMIT + [429] * 5
    assert attempt(from_address(app, "192.0.2.44"), "owner@example.org", DEFAULT_PASSWORD) == 302


def test_successful_logins_are_not_counted(app: Flask, db: Session):
    create_user(db, email="regular@example.org")
    client = from_address(app, "192.0.2.10")

    for _ in range(LIMIT + 2):
        assert attempt(client, "regular@example.org", DEFAULT_PASSWORD) == 302
        client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})

    assert attempt(client, "regular@example.org") == 200


def test_viewing_the_login_page_is_never_limited(app: Flask, db: Session):
    client = from_address(app, "192.0.2.20")
    for n in range(LIMIT):
        attempt(client, f"guess{n}@example.org")

    assert client.get("/login").status_code == 200


def test_reset_requests_are_limited_per_account_and_address(app: Flask, db: Session, mail_outbox):
    create_user(db, email="flooded@example.org")

    def ask(address: str) -> int:
        client = from_address(app, address)
        token = csrf_token(client, "/reset-password")
        data = {"email": "flooded@example.org", "csrf_token": token}
        return client.post("/reset-password", data=data).status_code

    statuses = [ask("192.0.2.1") for _ in range(LIMIT + 1)]

    assert statuses == [302] * LIMIT + [429]
    assert len(list(mail_outbox.glob("*.eml"))) == LIMIT
    assert ask("192.0.2.2") == 302  # the owner, elsewhere, can still ask
