"""Test databases: the suite's own per xdist worker, scratch ones, settings and joined sessions."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from flask import Flask
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from config import TestingConfig
from course_engine.database import engine_of, make_engine
from course_engine.extensions import db as database

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def worker_database(url: str, worker: str | None) -> str:
    """``url`` itself, or under pytest-xdist a database of the worker's own (``test_gw0``)."""
    if not worker:
        return url
    base, name = url.rsplit("/", 1)
    own = f"{name}_{worker}"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{own}"'))
    except OperationalError as error:
        message = f"PostgreSQL at {url} is not reachable: {error.orig}"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    finally:
        admin.dispose()
    return f"{base}/{own}"


def reset_postgres(url: str) -> None:
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


def app_settings(database_url: str, **overrides: Any) -> dict[str, Any]:
    """Settings for a test app: the test database, the bundled content, CSRF on."""
    settings = {key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()}
    settings.update(DATABASE_URL=database_url, CONTENT_ROOT=str(ROOT))
    settings.update(overrides)
    return settings


@contextmanager
def sessions_joining(app: Flask, connection: Connection) -> Iterator[sessionmaker[Session]]:
    """Make ``db.session`` of ``app`` join ``connection``'s transaction through savepoints.

    Flask-SQLAlchemy-Lite's ``db.test_isolation()`` does this for every app the extension has
    seen at once, each on its own connection; the suite builds several apps on one SQLite file,
    whose second ``BEGIN IMMEDIATE`` would wait for the first. So: one app, one connection.
    """
    with app.app_context():
        factory = database.sessionmaker
    joined = {"bind": connection, "join_transaction_mode": "create_savepoint"}
    with mock.patch.dict(factory.kw, joined):
        yield factory


@contextmanager
def rolled_back_session(app: Flask) -> Iterator[Session]:
    """A session on ``app``'s database whose work, and every request's, is rolled back after."""
    connection = engine_of(app).connect()
    transaction = connection.begin()
    with sessions_joining(app, connection) as factory:
        session = factory()
        yield session
        session.close()
    transaction.rollback()
    connection.close()


class QueryCounter:
    """Counts the SQL statements sent while it is active."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args: Any, **_kwargs: Any) -> None:
        self.count += 1
