"""Migrate a database by URL outside the application (scripts, tests, benchmarks)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask_alembic import Alembic

from course_engine import database
from course_engine.extensions import alembic, db


@contextmanager
def migrations(url: str) -> Iterator[Alembic]:
    """Flask-Alembic bound to ``url`` in a bare app (no content loaded): upgrade, current, ..."""
    app = Flask("course_engine_schema")
    app.config.update(database.database_settings(url))
    database.init_app(app)
    with app.app_context():
        try:
            yield alembic
        finally:
            db.engine.dispose()


def upgrade(url: str, revision: str = "heads") -> None:
    """Migrate the database at ``url`` up to ``revision``."""
    with migrations(url) as schema:
        schema.upgrade(revision)
