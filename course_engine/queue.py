"""The task queue: Huey on SQLite (one machine) or Redis (several), chosen by ``QUEUE_URL``.

``QUEUE_URL`` is ``sqlite:///path/queue.sqlite3`` (the default, no server), ``redis://host/db``
(several instances share one queue) or ``memory://`` (tests: a task runs when it is enqueued).
Each application keeps its own storage, so one process may hold several apps (the tests do).
Every task runs in a fresh application context of the app it was enqueued from.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import redis
from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import BaseStorage, MemoryStorage, RedisStorage, SqliteStorage

log = logging.getLogger(__name__)

#: Key of the worker's last heartbeat in the queue storage.
HEARTBEAT_KEY = "worker-heartbeat"


class QueueUnavailable(RuntimeError):
    """The queue storage named by QUEUE_URL cannot be reached."""


def storage_for(url: str, name: str) -> BaseStorage:
    """The Huey storage that ``url`` names (raises QueueUnavailable for Redis that is down)."""
    scheme = urlsplit(url).scheme
    if scheme == "memory":
        return MemoryStorage(name)
    if scheme == "sqlite":
        path = url.removeprefix("sqlite:///")
        if not path or path == url:
            raise ValueError(f"QUEUE_URL={url!r}: write sqlite:///path/to/queue.sqlite3")
        return SqliteStorage(name, filename=path, timeout=30)
    if scheme in ("redis", "rediss", "unix"):
        storage = RedisStorage(name, url=url)
        try:
            storage.conn.ping()
        except redis.RedisError as error:
            raise QueueUnavailable(
                f"QUEUE_URL={url!r}: the Redis server for the task queue is unreachable "
                f"({error}). Start Redis or point QUEUE_URL at a reachable one."
            ) from error
        return storage
    raise ValueError(f"QUEUE_URL={url!r}: use sqlite:///..., redis://... or memory://")


class TaskQueue(Huey):
    """A Huey whose storage and tasks belong to the current Flask application."""

    def __init__(self) -> None:
        self.app: Flask | None = None
        self._unbound_storage: BaseStorage = MemoryStorage("course_engine")
        super().__init__("course_engine", results=False, storage_class=MemoryStorage)

    def init_app(self, app: Flask) -> None:
        """Open the app's queue storage from QUEUE_URL (Redis is pinged: fail early)."""
        name = app.config.get("QUEUE_NAME") or "course_engine"
        app.extensions["queue"] = storage_for(app.config["QUEUE_URL"], name)
        self.app = app

    def bound_app(self) -> Flask:
        """The application whose queue is in use: the current one, else the last bound."""
        if has_app_context():
            app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
            return app
        if self.app is None:
            raise RuntimeError("The task queue is not bound to an application (init_app).")
        return self.app

    @property
    def storage(self) -> BaseStorage:
        """The bound application's storage."""
        if self.app is None and not has_app_context():
            return self._unbound_storage
        storage: BaseStorage = self.bound_app().extensions["queue"]
        return storage

    @storage.setter
    def storage(self, value: BaseStorage) -> None:
        self._unbound_storage = value

    @property
    def _immediate(self) -> bool:
        """``memory://`` runs each task at once, in the enqueuing process."""
        return isinstance(self.storage, MemoryStorage)

    @_immediate.setter
    def _immediate(self, value: bool) -> None:
        pass  # set by Huey.__init__; the storage decides

    def execute(self, task: Any, timestamp: datetime | None = None) -> Any:
        """Run ``task`` in a new application context (its own database session)."""
        with self.bound_app().app_context():
            return super().execute(task, timestamp)

    def beat(self) -> None:
        """Record that a worker is alive now."""
        self.put(HEARTBEAT_KEY, datetime.now(UTC).isoformat())

    def last_heartbeat(self) -> datetime | None:
        """When a worker last said it was alive (None: never)."""
        value = self.get(HEARTBEAT_KEY, peek=True)
        return datetime.fromisoformat(value) if value else None

    def depth(self) -> dict[str, int]:
        """Tasks waiting to run now and tasks scheduled for later (retries)."""
        return {"pending": self.pending_count(), "scheduled": self.scheduled_count()}
