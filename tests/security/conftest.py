"""Fixtures of the security suites: a second logged-in client, and a CSRF token at hand."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import User
from tests.conftest import csrf_token
from tests.factories import create_user

LoginAs = Callable[[FlaskClient, User], None]


@pytest.fixture
def token(client: FlaskClient) -> Callable[[], str]:
    """``token()``: a valid CSRF token of ``client``'s session (from the account page)."""
    return lambda: csrf_token(client, "/account")


@pytest.fixture
def other_learner(app: Flask, db: Session, login_as: LoginAs) -> tuple[User, FlaskClient]:
    """A second learner with a client of their own."""
    user = create_user(db)
    other = app.test_client()
    login_as(other, user)
    return user, other
