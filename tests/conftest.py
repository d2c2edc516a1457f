"""Shared fixtures: an app on SQLite or PostgreSQL (--db), a rolled-back db, a client, factories."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from config import TestingConfig
from course_engine import create_app, migrate
from course_engine.database import make_engine
from course_engine.extensions import db as database
from course_engine.extensions import limiter

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db", default="sqlite", choices=["sqlite", "postgresql"],
        help="database the whole suite runs against",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {config.getoption('--db')}"


@pytest.fixture(scope="session")
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A freshly migrated database for this test run."""
    if request.config.getoption("--db") == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
    else:
        url = POSTGRES_URL
        _reset_postgres(url)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def _reset_postgres(url: str) -> None:
    """Empty the PostgreSQL test database; fail in CI, skip elsewhere, if it is unreachable."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    except OperationalError as error:
        message = f"PostgreSQL at {url} is not reachable: {error.orig}"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    finally:
        engine.dispose()


def app_settings(database_url: str, **overrides: Any) -> dict[str, Any]:
    """Settings for a test app: the test database, the bundled content, CSRF on."""
    settings = {
        key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()
    }
    settings.update(DATABASE_URL=database_url, CONTENT_ROOT=str(ROOT))
    settings.update(overrides)
    return settings


@pytest.fixture(scope="session")
def make_app(database_url: str) -> Callable[..., Flask]:
    """Build an extra app with settings overridden (e.g. another content root)."""

    def build(**overrides: Any) -> Flask:
        return create_app(app_settings(database_url, **overrides))

    return build


@pytest.fixture(scope="session")
def _session_app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def app(_session_app: Flask) -> Iterator[Flask]:
    """The application, with rate-limit counters cleared."""
    with _session_app.app_context():
        limiter.reset()
    yield _session_app


@pytest.fixture
def engine(app: Flask) -> Engine:
    """The test database's engine."""
    with app.app_context():
        return database.engine


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session whose work (and every request's) is rolled back after the test."""
    with app.app_context():
        connection = database.engine.connect()
        transaction = connection.begin()
        with database.bound_to(connection):
            yield database.session
        transaction.rollback()
        connection.close()


@pytest.fixture
def client(app: Flask, db: Session) -> FlaskClient:
    """A test client whose requests share the rolled-back transaction."""
    return app.test_client()


CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on the page at ``url``."""
    response = client.get(url)
    found = CSRF_PATTERN.search(response.get_data(as_text=True))
    assert found, f"no CSRF token on {url} (status {response.status_code})"
    return found.group(1)
