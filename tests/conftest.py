"""Shared fixtures: an app on SQLite or PostgreSQL (--db), a rolled-back db, a client, factories."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from config import TestingConfig
from course_engine import create_app, migrate
from course_engine.content import Course
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


@contextmanager
def scratch_database(kind: str, folder: Path) -> Iterator[str]:
    """An empty database of its own (a SQLite file, or a new PostgreSQL database), dropped after."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'scratch-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"course_engine_scratch_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def scratch_database_url(
    request: pytest.FixtureRequest, database_url: str, tmp_path: Path
) -> Iterator[str]:
    """An empty, unmigrated database on the suite's database kind."""
    with scratch_database(request.config.getoption("--db"), tmp_path) as url:
        yield url


def app_settings(database_url: str, **overrides: Any) -> dict[str, Any]:
    """Settings for a test app: the test database, the bundled content, CSRF on."""
    settings = {
        key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()
    }
    settings.update(DATABASE_URL=database_url, CONTENT_ROOT=str(ROOT))
    settings.update(overrides)
    return settings


@pytest.fixture(scope="session")
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Build an extra app with settings overridden (e.g. another content root)."""
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        app = create_app(app_settings(database_url, **overrides))
        built.append(app)
        return app

    yield build
    for app in built:  # close pooled connections before the interpreter does
        app.extensions["db"].engine.dispose()


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
    """A session for the test; its work and every request's is rolled back after the test.

    No application context stays pushed during the test, so each request gets its own, as in
    production (its own session and ``g``), joined to the test's transaction by a savepoint.
    """
    connection = app.extensions["db"].engine.connect()
    transaction = connection.begin()
    with database.bound_to(app, connection) as factory:
        session = factory()
        yield session
        session.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def client(app: Flask, db: Session) -> FlaskClient:
    """A test client whose requests share the rolled-back transaction."""
    return app.test_client()


@pytest.fixture
def course(app: Flask) -> Course:
    """The bundled HEART course."""
    loaded = app.extensions["content"].catalog.course("heart-collaboration")
    assert loaded is not None
    return loaded


class QueryCounter:
    """Counts the SQL statements sent while it is active."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args: Any, **_kwargs: Any) -> None:
        self.count += 1


@pytest.fixture
def count_queries(db: Session) -> Callable[[], Any]:
    """``with count_queries() as counter: ...``: statements on the test connection in the block."""
    connection = db.connection()

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        event.listen(connection.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(connection.engine, "before_cursor_execute", counter)

    return counting


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one per test run (missing: fails in CI, skips elsewhere)."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on the page at ``url``."""
    response = client.get(url)
    found = CSRF_PATTERN.search(response.get_data(as_text=True))
    assert found, f"no CSRF token on {url} (status {response.status_code})"
    return found.group(1)


# ---------------------------------------------------------------------------
# Accounts (course_engine.auth): log in through the real forms, or straight into the session.
# ---------------------------------------------------------------------------

from werkzeug.test import TestResponse  # noqa: E402

from course_engine.models import User  # noqa: E402
from tests.factories import DEFAULT_PASSWORD, create_user  # noqa: E402


class AuthActions:
    """Register, log in and log out through the real forms, CSRF tokens included."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def register(
        self,
        email: str = "new.learner@example.org",
        password: str = DEFAULT_PASSWORD,
        *,
        query: str = "",
        **fields: str,
    ) -> TestResponse:
        """Submit the registration form; ``fields`` override the profile answers."""
        data = {
            "email": email,
            "password": password,
            "confirm": password,
            "full_name": "New Learner",
            "role": "teacher",
            "organization_kind": "school",
            "organization_name": "Lincoln Elementary",
            "state": "MD",
            "invite_code": "",
        }
        data.update(fields)
        data["csrf_token"] = csrf_token(self.client, "/register" + query)
        return self.client.post("/register" + query, data=data)

    def login(
        self,
        email: str,
        password: str = DEFAULT_PASSWORD,
        *,
        remember: bool = False,
        next: str | None = None,
    ) -> TestResponse:
        """Submit the login form."""
        token = csrf_token(self.client, "/login")
        data = {"email": email, "password": password, "csrf_token": token}
        if remember:
            data["remember"] = "y"
        if next is not None:
            data["next"] = next
        return self.client.post("/login", data=data)

    def logout(self) -> TestResponse:
        """Press the Log out button in the navigation."""
        return self.client.post("/logout", data={"csrf_token": csrf_token(self.client, "/account")})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Register / log in / log out with ``client`` through the real forms."""
    return AuthActions(client)


def _login_as(client: FlaskClient, user: User) -> None:
    """Log ``client`` in as ``user`` by writing the Flask-Login session keys (no form, fast)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture
def login_as() -> Callable[[FlaskClient, User], None]:
    """``login_as(client, user)``: make ``client`` logged in as ``user``."""
    return _login_as


@pytest.fixture
def learner(client: FlaskClient, db: Session) -> User:
    """A learner (password DEFAULT_PASSWORD), logged in with ``client``."""
    user = create_user(db, email="learner@example.org")
    _login_as(client, user)
    return user


@pytest.fixture
def mail_outbox(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Mail goes to .eml files in this folder (no MAIL_SERVER) for the test."""
    outbox = tmp_path / "outbox"
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(outbox))
    return outbox
