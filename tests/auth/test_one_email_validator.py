"""One email validator: every place an address is typed accepts and refuses the same ones."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth.emails import InvalidEmail, check_email
from course_engine.models import User
from tests.support.forms import AuthActions, csrf_token

ACCEPTED = ["name@example.org", "Ada.Lovelace+course@Example.ORG", "ünïcode@example.org"]
REFUSED = [
    "admin@heart.test",  # a special-use domain: create-admin took it, the login form did not
    "admin@localhost",
    "no-at-sign.example.org",
    "two@@example.org",
    "dots..twice@example.org",
    "trailing.dot.@example.org",
    "space in@example.org",
    "a@b",
    "x" * 250 + "@example.org",
]
ADDRESSES = [(address, True) for address in ACCEPTED] + [(address, False) for address in REFUSED]


def valid(address: str) -> bool:
    """What the one validator says."""
    try:
        check_email(address)
    except InvalidEmail:
        return False
    return True


def field_refused(client: FlaskClient, path: str, data: dict[str, str]) -> bool:
    """True when the form at ``path`` answers with an error beside the email field."""
    data = {**data, "csrf_token": csrf_token(client, path)}
    page = client.post(path, data=data).get_data(as_text=True)
    return 'id="email-error"' in page


@pytest.mark.parametrize(("address", "expected"), ADDRESSES)
def test_the_validator_itself(address: str, expected: bool) -> None:
    assert valid(address) is expected


@pytest.mark.parametrize(("address", "expected"), ADDRESSES)
def test_the_login_and_reset_forms_agree_with_the_validator(
    client: FlaskClient, address: str, expected: bool
) -> None:
    login = {"email": address, "password": "some password here"}
    assert field_refused(client, "/login", login) is not expected
    assert field_refused(client, "/reset-password", {"email": address}) is not expected


@pytest.mark.parametrize(("address", "expected"), ADDRESSES)
def test_registration_agrees_with_the_validator(
    auth: AuthActions, address: str, expected: bool
) -> None:
    page = auth.register(address).get_data(as_text=True)
    assert ('id="email-error"' in page) is not expected


@pytest.mark.parametrize(("address", "expected"), ADDRESSES)
def test_create_admin_agrees_with_the_validator(
    app: Flask, db: Session, address: str, expected: bool
) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", address, "--password-stdin"],
        input="a long enough password\n",
    )
    assert (result.exit_code == 0) is expected, result.output
    made = db.scalars(select(User).where(User.access_role == "admin")).all()
    assert bool(made) is expected
