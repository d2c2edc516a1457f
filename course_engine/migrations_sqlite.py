"""Flask-Alembic with SQLite's foreign keys off while migrations run, checked after.

Hand-written because neither Alembic nor Flask-Alembic does it: batch mode rebuilds a SQLite
table by copying it and dropping the old one, and with ``PRAGMA foreign_keys=ON`` (which every
connection of ours sets) that ``DROP TABLE`` deletes every row referencing the table through
``ON DELETE CASCADE`` — downgrading ``users.locale`` emptied ``enrolments`` and every attempt.
SQLite honours the pragma only outside a transaction, so it is set on the driver connection
before Alembic begins its transaction, and the keys are checked before they are turned back on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from alembic.runtime.migration import MigrationContext, MigrationStep
from flask_alembic import Alembic
from sqlalchemy import Connection


class ForeignKeyError(RuntimeError):
    """Migrations left rows that reference rows which do not exist."""


class Migrations(Alembic):
    """Flask-Alembic; on SQLite, migrations run with foreign keys off and are checked after."""

    def run_migrations(
        self,
        fn: Callable[[Any, MigrationContext], list[MigrationStep]],
        **kwargs: Any,
    ) -> None:
        """Run ``fn``'s migrations (see Flask-Alembic), SQLite keys off while they run."""
        connections = [
            context.connection
            for context in self.migration_contexts.values()
            if context.connection is not None and context.connection.dialect.name == "sqlite"
        ]
        with _foreign_keys_off(connections):
            super().run_migrations(fn, **kwargs)


@contextmanager
def _foreign_keys_off(connections: list[Connection]) -> Iterator[None]:
    """Foreign keys off on these SQLite connections; on again after, once they check out."""
    drivers: list[Any] = [connection.connection.driver_connection for connection in connections]
    for connection, driver in zip(connections, drivers, strict=True):
        if connection.in_transaction():
            connection.commit()  # Alembic's version reads began one; the pragma needs none
        driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        for driver in drivers:
            broken = driver.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                table, row, parent, _ = broken[0]
                raise ForeignKeyError(
                    f"after migrating, {len(broken)} row(s) reference missing rows "
                    f"(first: {table} rowid {row} -> {parent})"
                )
    finally:
        for driver in drivers:
            driver.execute("PRAGMA foreign_keys=ON")
