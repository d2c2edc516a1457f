"""The declarative base, the engine and migration settings, and the SQLite hooks.

Flask-SQLAlchemy-Lite (``course_engine.extensions.db``) owns the engines and the per-context
``db.session``; Flask-Alembic (``extensions.alembic``) runs the migrations in ``migrations/``.
What is ours is a few named hooks: SQLite connections get WAL, foreign keys and a busy timeout,
and a transaction takes SQLite's write lock when it begins (``BEGIN IMMEDIATE``) unless the
request cannot change state (GET, HEAD, OPTIONS), which reads with a plain ``BEGIN``.
"""

from __future__ import annotations

import inspect
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from flask import Flask, request
from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import StaticPool

#: The Alembic scripts, shipped inside the package.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Model(DeclarativeBase):
    """Base class of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: Whether transactions begun now may write. Requests that cannot change state read without
#: taking SQLite's write lock; everything else (commands, tasks, POST) takes it when it begins.
write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)


def engine_options(url: str, busy_timeout: int = 30) -> dict[str, Any]:
    """``create_engine`` arguments for ``url`` (the value of ``SQLALCHEMY_ENGINES["default"]``)."""
    if not url.startswith("sqlite"):
        return {"url": url, "pool_pre_ping": True}
    if url in ("sqlite://", "sqlite:///:memory:"):
        return {"url": url, "poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    return {"url": url, "connect_args": {"timeout": busy_timeout}}


def database_settings(url: str, busy_timeout: int = 30) -> dict[str, Any]:
    """The Flask-SQLAlchemy-Lite and Flask-Alembic settings for a database URL."""
    return {
        "SQLALCHEMY_ENGINES": {"default": engine_options(url, busy_timeout)},
        "ALEMBIC": {"script_location": str(MIGRATIONS_DIR)},
        "ALEMBIC_CONTEXT": {
            # SQLite's DDL is transactional; saying so runs an upgrade in one transaction that
            # commits (with our explicit BEGIN, per-migration mode would leave it open).
            "transactional_ddl": True,
            "render_as_batch": url.startswith("sqlite"),
            "compare_type": True,
            "render_item": render_item,
        },
    }


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write our UTC timestamp type as a plain timezone-aware DateTime in new migrations."""
    from course_engine.models.types import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def make_engine(url: str, *, busy_timeout: int = 30) -> Engine:
    """An engine with the app's settings and hooks, for scripts and worker processes."""
    engine = create_engine(**engine_options(url, busy_timeout))
    install_sqlite_hooks(engine)
    return engine


def install_sqlite_hooks(engine: Engine) -> None:
    """On SQLite: pragmas on every connection, and transactions that begin as we say."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL, foreign keys on; the driver leaves BEGIN to us (the busy timeout is connect_args)."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Take the write lock up front unless this context cannot write."""
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")


def _note_write_intent() -> None:
    """Safe methods never write (a rule the tests enforce), so they need no write lock."""
    write_intent.set(request.method not in SAFE_METHODS)


def _forget_write_intent(_exc: BaseException | None) -> None:
    write_intent.set(True)


def init_app(app: Flask) -> None:
    """Bind Flask-SQLAlchemy-Lite and Flask-Alembic to ``app`` and hang our hooks on its engine."""
    from course_engine.extensions import alembic, db

    db.init_app(app)
    _drop_async_teardown(app)
    alembic.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            install_sqlite_hooks(engine)
    app.before_request(_note_write_intent)
    app.teardown_appcontext(_forget_write_intent)


def _drop_async_teardown(app: Flask) -> None:
    """We configure no async engines: skip Flask-SQLAlchemy-Lite's async session teardown.

    Flask would run it through asgiref on every app context's end (an event loop per request,
    and an error inside a thread that already runs one, as Playwright's does).
    """
    app.teardown_appcontext_funcs[:] = [
        func for func in app.teardown_appcontext_funcs if not inspect.iscoroutinefunction(func)
    ]


def engine_of(app: Flask) -> Engine:
    """The application's engine (outside a request or command)."""
    from course_engine.extensions import db

    with app.app_context():
        return db.engine
