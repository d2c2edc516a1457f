"""The SQLAlchemy engine and request-scoped session, bound per application."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, current_app, request
from flask.globals import app_ctx
from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.pool import StaticPool

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


#: Whether transactions begun now may write. Requests that cannot change state (GET, HEAD,
#: OPTIONS) read without taking SQLite's write lock; everything else takes it when it begins.
write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _scope() -> int:
    """One session per application context."""
    return id(app_ctx._get_current_object())


def _new_session() -> Session:
    """A session from the current application's session factory."""
    return current_app.extensions["db"].sessionmaker()


def make_engine(url: str, *, busy_timeout: int = 30) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, a busy timeout and BEGIN IMMEDIATE."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    options: dict[str, Any] = {"connect_args": {"timeout": busy_timeout}}
    if url in ("sqlite://", "sqlite:///:memory:"):
        options.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    engine = create_engine(url, **options)
    _configure_sqlite(engine, busy_timeout)
    return engine


def _configure_sqlite(engine: Engine, busy_timeout: int) -> None:
    """Pragmas on every connection; write transactions that take the lock up front."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")


def _note_write_intent() -> None:
    """Safe methods never write (a rule the tests enforce), so they need no write lock."""
    write_intent.set(request.method not in SAFE_METHODS)


class Database:
    """Holds the per-app engine and exposes a request-scoped ``session``."""

    Model = Model

    def __init__(self) -> None:
        self.session: scoped_session[Session] = scoped_session(_new_session, scopefunc=_scope)

    def init_app(self, app: Flask) -> None:
        """Create the app's engine and remove the session when the app context ends."""
        engine = make_engine(
            app.config["DATABASE_URL"], busy_timeout=app.config["SQLITE_BUSY_TIMEOUT"]
        )
        app.extensions["db"] = _AppDatabase(engine)
        app.before_request(_note_write_intent)
        app.teardown_appcontext(self._remove_session)

    def _remove_session(self, _exc: BaseException | None) -> None:
        self.session.remove()
        write_intent.set(True)

    @property
    def engine(self) -> Engine:
        """The current application's engine."""
        return current_app.extensions["db"].engine

    @contextmanager
    def bound_to(self, app: Flask, connection: Connection) -> Iterator[sessionmaker[Session]]:
        """Make the app's sessions join ``connection`` in savepoints (tests roll it back)."""
        state = app.extensions["db"]
        previous = state.sessionmaker
        state.sessionmaker = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield state.sessionmaker
        finally:
            state.sessionmaker = previous


class _AppDatabase:
    """What one application keeps: its engine and session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessionmaker = sessionmaker(bind=engine, expire_on_commit=False)
