"""``database://``: a `limits` storage in the app's own database, for the fixed-window strategy.

The default store, so that with no Redis every gunicorn worker and every instance on the same
database shares one count. Each hit is one atomic ``INSERT ... ON CONFLICT DO UPDATE ...
RETURNING`` (SQLite 3.35+ and PostgreSQL), committed on its own connection at once: concurrent
requests cannot read the same count and both slip past, and the count is outside the request's
transaction, so a rolled-back request still counts. Redis stays the store for large sites.
"""

from __future__ import annotations

import random
import time
from typing import Any

from limits.storage import Storage
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

#: One hit in this many also deletes windows that ended (the table stays small).
PURGE_ONE_IN = 500

INCREMENT = text(
    "INSERT INTO rate_limit_counters (counter_key, hits, expires_at) "
    "VALUES (:key, :amount, :expires_at) "
    "ON CONFLICT (counter_key) DO UPDATE SET "
    "hits = CASE WHEN rate_limit_counters.expires_at <= :now THEN excluded.hits "
    "ELSE rate_limit_counters.hits + excluded.hits END, "
    "expires_at = CASE WHEN rate_limit_counters.expires_at <= :now THEN excluded.expires_at "
    "ELSE rate_limit_counters.expires_at END "
    "RETURNING hits"
)
CURRENT = text(
    "SELECT hits, expires_at FROM rate_limit_counters "
    "WHERE counter_key = :key AND expires_at > :now"
)


def storage_engine(database_url: str, busy_timeout: int = 30) -> Engine:
    """A small autocommit engine for the counters (each statement is its own transaction)."""
    options: dict[str, Any] = {"isolation_level": "AUTOCOMMIT", "pool_pre_ping": True}
    if database_url.startswith("sqlite"):
        options["connect_args"] = {"timeout": busy_timeout}
    else:
        options.update(pool_size=2, max_overflow=4)
    return create_engine(database_url, **options)


class DatabaseStorage(Storage):
    """Fixed-window counters in the ``rate_limit_counters`` table."""

    STORAGE_SCHEME = ["database"]

    def __init__(
        self,
        uri: str | None = None,
        wrap_exceptions: bool = False,
        *,
        database_url: str = "",
        busy_timeout: int = 30,
        **options: Any,
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        if not database_url:
            raise ValueError("database:// needs the app's DATABASE_URL (database_url option)")
        self.engine = storage_engine(database_url, busy_timeout)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """What a broken database raises."""
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to the counter (a new window of ``expiry`` s once the last ended)."""
        now = time.time()
        with self.engine.connect() as connection:
            hits = connection.execute(
                INCREMENT, {"key": key, "amount": amount, "expires_at": now + expiry, "now": now}
            ).scalar_one()
            if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311  # nosec B311 - not for security
                connection.execute(
                    text("DELETE FROM rate_limit_counters WHERE expires_at <= :now"), {"now": now}
                )
        return int(hits)

    def _current(self, key: str) -> tuple[int, float] | None:
        with self.engine.connect() as connection:
            row = connection.execute(CURRENT, {"key": key, "now": time.time()}).first()
        return (int(row[0]), float(row[1])) if row else None

    def get(self, key: str) -> int:
        """Hits in the key's current window (0 when none)."""
        current = self._current(key)
        return current[0] if current else 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (now when it has none)."""
        current = self._current(key)
        return current[1] if current else time.time()

    def check(self) -> bool:
        """True when the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1 FROM rate_limit_counters WHERE 1 = 0"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Delete every counter."""
        with self.engine.connect() as connection:
            return connection.execute(text("DELETE FROM rate_limit_counters")).rowcount

    def clear(self, key: str) -> None:
        """Delete one counter."""
        with self.engine.connect() as connection:
            connection.execute(
                text("DELETE FROM rate_limit_counters WHERE counter_key = :key"), {"key": key}
            )
