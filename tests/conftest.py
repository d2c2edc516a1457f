"""Shared fixtures: an app on SQLite or PostgreSQL (--db), a rolled-back db, a client, factories.

The helpers they use live in ``tests.support`` (databases, forms, browser); import them from there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from course_engine import create_app
from course_engine.content import Course
from course_engine.database import engine_of
from course_engine.extensions import limiter
from course_engine.models import User
from course_engine.schema import upgrade
from tests.factories import create_user
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.databases import (
    IN_CI,
    POSTGRES_URL,
    QueryCounter,
    app_settings,
    reset_postgres,
    rolled_back_session,
    scratch_database,
    worker_database,
)
from tests.support.forms import AuthActions, login_as
from tests.support.live_content import LiveContent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        default="sqlite",
        choices=["sqlite", "postgresql"],
        help="database the whole suite runs against",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL pass leaves out tests marked ``database_independent`` (already run once)."""
    if config.getoption("--db") != "postgresql":
        return
    once = [item for item in items if item.get_closest_marker("database_independent")]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if item not in once]


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {config.getoption('--db')}"


@pytest.fixture(scope="session")
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A freshly migrated database for this test run."""
    if request.config.getoption("--db") == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
    else:
        url = worker_database(POSTGRES_URL, os.environ.get("PYTEST_XDIST_WORKER"))
        reset_postgres(url)
    upgrade(url)
    return url


@pytest.fixture
def scratch_database_url(
    request: pytest.FixtureRequest, database_url: str, tmp_path: Path
) -> Iterator[str]:
    """An empty, unmigrated database on the suite's database kind."""
    with scratch_database(request.config.getoption("--db"), tmp_path) as url:
        yield url


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
        engine_of(app).dispose()


#: Where the session app keeps the limit storage it was bound with.
LIMITER_STORAGE = "tests.limiter_storage"


@pytest.fixture(scope="session")
def _session_app(make_app: Callable[..., Flask]) -> Flask:
    app = make_app()
    app.extensions[LIMITER_STORAGE] = limiter.storage
    return app


def rebind_limiter(app: Flask) -> None:
    """Bind the one global Flask-Limiter back to ``app`` if an app built since took it.

    Flask-Limiter keeps a single storage for the last app it was bound to; a test that builds
    its own app (bench.harness.prepare, a scratch server) would otherwise leave later tests
    counting in that app's store, or in a database already dropped. Binding the same app again
    adds no second set of request hooks. An app built with ``RATELIMIT_ENABLED`` off switches
    the limiter off and keeps the old storage, so a disabled limiter is bound again too.
    """
    if limiter.storage is not app.extensions.get(LIMITER_STORAGE) or not limiter.enabled:
        limiter.init_app(app)
        app.extensions[LIMITER_STORAGE] = limiter.storage


@pytest.fixture
def app(_session_app: Flask) -> Iterator[Flask]:
    """The application, with rate-limit counters cleared."""
    rebind_limiter(_session_app)
    with _session_app.app_context():
        limiter.reset()
    yield _session_app


@pytest.fixture
def engine(app: Flask) -> Engine:
    """The test database's engine."""
    return engine_of(app)


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session for the test; its work and every request's is rolled back after the test.

    No application context stays pushed during the test, so each request gets its own, as in
    production (its own session and ``g``), joined to the test's transaction by a savepoint.
    """
    with rolled_back_session(app) as session:
        yield session


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


@pytest.fixture
def live_content(app: Flask, tmp_path: Path) -> Iterator[LiveContent]:
    """A writable copy of the bundled content; ``publish()`` makes the app serve it."""
    live = LiveContent(app, tmp_path / "content")
    yield live
    live.restore()


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


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Register / log in / log out with ``client`` through the real forms."""
    return AuthActions(client)


@pytest.fixture(name="login_as")
def login_as_fixture() -> Callable[[FlaskClient, User], None]:
    """``login_as(client, user)``: make ``client`` logged in as ``user``."""
    return login_as


@pytest.fixture
def learner(client: FlaskClient, db: Session) -> User:
    """A learner (password DEFAULT_PASSWORD), logged in with ``client``."""
    user = create_user(db, email="learner@example.org")
    login_as(client, user)
    return user


@pytest.fixture
def mail_outbox(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Mail goes to .eml files in this folder (no MAIL_SERVER) for the test."""
    outbox = tmp_path / "outbox"
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(outbox))
    return outbox
