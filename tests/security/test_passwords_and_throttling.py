"""Authentication: argon2id hashes, login throttling as an attacker sees it, constant-work login."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from argon2.low_level import Type
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth import passwords
from course_engine.models import User
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.support.forms import AuthActions, csrf_token

WRONG = "not the right password"
LIMIT = 3


def argon2_parameters(encoded: str) -> dict[str, int]:
    """m, t and p of an encoded argon2 hash."""
    fields = encoded.split("$")[3]
    return {key: int(value) for key, value in (part.split("=") for part in fields.split(","))}


def test_new_passwords_are_stored_as_salted_argon2id_with_sane_parameters(
    auth: AuthActions, client: FlaskClient, db: Session
) -> None:
    auth.register("first@example.org")
    auth.logout()
    auth.register("second@example.org")
    hashes = db.scalars(select(User.password_hash).order_by(User.id)).all()[-2:]
    assert len(set(hashes)) == 2  # same password, different salts
    for encoded in hashes:
        assert encoded.startswith("$argon2id$v=19$")
        params = argon2_parameters(encoded)
        assert params["m"] >= 19 * 1024 and params["t"] >= 2 and params["p"] >= 1, params
        assert PasswordHasher().verify(encoded, DEFAULT_PASSWORD)
        assert DEFAULT_PASSWORD not in encoded
    assert passwords.hasher.type is Type.ID


def test_the_hash_is_in_no_page_or_export(client: FlaskClient, db: Session, learner: User) -> None:
    for url in ("/account", "/dashboard", "/account/export.json", "/account/transcript"):
        body = client.get(url).get_data(as_text=True)
        assert learner.password_hash not in body and "$argon2" not in body, url


def from_address(app: Flask, address: str) -> FlaskClient:
    """A client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def try_login(client: FlaskClient, email: str, password: str = WRONG, **headers: str) -> int:
    """One login attempt; its status code."""
    data = {"email": email, "password": password, "csrf_token": csrf_token(client, "/login")}
    return client.post("/login", data=data, headers=headers).status_code


@pytest.fixture
def low_limit(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three failed logins per 15 minutes."""
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", f"{LIMIT} per 15 minutes")


@pytest.mark.usefixtures("low_limit")
def test_spoofed_forwarding_headers_do_not_reset_the_address_count(app: Flask, db: Session):
    client = from_address(app, "198.51.100.20")
    statuses = [
        try_login(client, f"guess{n}@example.org", X_Forwarded_For=f"10.0.0.{n}")
        for n in range(LIMIT + 2)
    ]
    assert statuses == [200] * LIMIT + [429, 429]


@pytest.mark.usefixtures("low_limit")
def test_letter_case_and_spaces_do_not_open_fresh_account_counters(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_LIMIT", f"{LIMIT} per day")
    create_user(db, email="target@example.org")
    variants = ["target@example.org", "TARGET@example.org", "  Ｔarget@Example.Org "]
    statuses = [
        try_login(from_address(app, f"203.0.113.{n}"), email) for n, email in enumerate(variants)
    ]
    blocked = try_login(from_address(app, "203.0.113.50"), "target@EXAMPLE.org", DEFAULT_PASSWORD)
    assert statuses == [200] * LIMIT
    assert blocked == 429  # even the right password, while the account is throttled


@pytest.mark.usefixtures("low_limit")
def test_a_throttled_client_is_not_logged_in_by_the_right_password(app: Flask, db: Session):
    create_user(db, email="owner@example.org")
    client = from_address(app, "198.51.100.30")
    for n in range(LIMIT):
        try_login(client, f"other{n}@example.org")
    assert try_login(client, "owner@example.org", DEFAULT_PASSWORD) == 429
    assert client.get("/dashboard").status_code == 302  # still anonymous


def timed_logins(client: FlaskClient, email: str, rounds: int) -> list[float]:
    """Seconds each failed login POST took (tokens fetched outside the timing)."""
    token = csrf_token(client, "/login")
    took = []
    for _ in range(rounds):
        started = time.perf_counter()
        data = {"email": email, "password": WRONG, "csrf_token": token}
        response = client.post("/login", data=data)
        took.append(time.perf_counter() - started)
        assert response.status_code == 200
    return took


def test_unknown_and_known_emails_cost_the_same_work(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "1000 per minute")
    create_user(db, email="known@example.org")
    verified: list[str] = []

    class CountingHasher(PasswordHasher):
        """The same hasher, remembering every hash it verified."""

        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            verified.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(passwords, "hasher", CountingHasher())
    client = from_address(app, "192.0.2.77")
    timed_logins(client, "warm-up@example.org", 2)
    known, unknown = [], []
    for _ in range(8):  # interleaved, so drift hits both alike
        known += timed_logins(client, "known@example.org", 2)
        unknown += timed_logins(client, "nobody@example.org", 2)
    assert len(verified) == 2 + len(known) + len(unknown)  # argon2 ran for every attempt
    ratio = statistics.median(known) / statistics.median(unknown)
    # argon2 dominates both (checked above); the bound leaves room for a loaded 2-CPU machine
    assert 1 / 3 < ratio < 3, (ratio, statistics.median(known), statistics.median(unknown))


def test_the_dummy_hash_costs_what_a_real_hash_costs(db: Session) -> None:
    real = passwords.hash_password("whatever")
    assert argon2_parameters(passwords._dummy_hash()) == argon2_parameters(real)
    with pytest.raises(VerifyMismatchError):
        passwords.hasher.verify(passwords._dummy_hash(), "not a real password")


def test_a_deactivated_account_gets_the_wrong_password_answer(
    auth: AuthActions, db: Session, login_as: Callable[[FlaskClient, User], None]
) -> None:
    create_user(db, email="gone@example.org", is_active=False)
    gone = auth.login("gone@example.org", DEFAULT_PASSWORD)
    wrong = auth.login("gone@example.org", WRONG)
    assert gone.status_code == wrong.status_code == 200
    assert strip_token(gone.get_data(as_text=True)) == strip_token(wrong.get_data(as_text=True))


def strip_token(page: str) -> str:
    """A page without its CSRF token value (which differs between sessions)."""
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", page)
