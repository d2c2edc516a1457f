"""Fixtures of the security suites: a CSRF token at hand, a second learner, a hostile server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import User
from tests.browser.conftest import LiveServer
from tests.factories import create_user
from tests.security.xss_browser import InertTab, hostile_live_server
from tests.security.xss_payloads import hostile_course
from tests.support.forms import csrf_token

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


@pytest.fixture(scope="session")
def hostile_server(
    request: pytest.FixtureRequest, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The bundled course with payloads everywhere, served on its own scratch database."""
    folder = tmp_path_factory.mktemp("hostile")
    root = hostile_course(folder / "content")
    with hostile_live_server(request.config.getoption("--db"), folder, root) as server:
        yield server


@pytest.fixture
def inert_tab(browser: Any, hostile_server: LiveServer) -> Iterator[InertTab]:
    """A CSP-ignoring tab on the hostile server that fails on any dialog or planted script."""
    tab = InertTab(browser, hostile_server)
    yield tab
    tab.close()
