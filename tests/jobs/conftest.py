"""Real parts for the queue tests: a migrated database of their own, both queue storages,
an aiosmtpd server that can go down, and ``flask worker`` processes started and killed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import redis
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from course_engine import create_app
from course_engine.database import engine_of
from course_engine.extensions import queue
from course_engine.schema import upgrade
from tests.admin.conftest import people  # noqa: F401 - fixture for the export tests
from tests.support.databases import IN_CI, ROOT, app_settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
SECRET = "jobs-test-secret"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 60) -> Any:
    """Poll ``condition`` until it is truthy (fails the test with ``what`` after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


class Mailbox:
    """An aiosmtpd server on a fixed port that a test can stop, start and make hang."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.hold = threading.Event()  #: while set, RCPT waits (a slow server)
        self.held = threading.Event()  #: a client is waiting on the held server
        self.controller: Controller | None = None

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        import asyncio

        while self.hold.is_set():
            self.held.set()
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        """Accept mail (again) on the same port."""
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        """Refuse connections: the mail server is down."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A running SMTP server (stop() it to simulate an outage)."""
    box = Mailbox()
    box.start()
    yield box
    box.hold.clear()
    box.stop()


def redis_reachable() -> None:
    """Fail in CI, skip elsewhere, when the test Redis is not running."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as error:
        (pytest.fail if IN_CI else pytest.skip)(f"Redis at {REDIS_URL} unreachable: {error}")


@pytest.fixture(params=["sqlite", "redis"])
def queue_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test runs once on Huey's SQLite storage and once on its Redis storage."""
    if request.param == "redis":
        redis_reachable()
        return REDIS_URL
    return f"sqlite:///{tmp_path / 'queue.sqlite3'}"


class Site:
    """An in-process app and the environment for worker processes, on one database and queue."""

    def __init__(self, app: Flask, env: dict[str, str], folder: Path) -> None:
        self.app, self.env, self.folder = app, env, folder
        self.workers: list[subprocess.Popen[bytes]] = []

    def client(self) -> FlaskClient:
        """A test client of the in-process app (its requests commit for real)."""
        return self.app.test_client()

    def start_worker(self, threads: int = 2) -> subprocess.Popen[bytes]:
        """Start ``flask worker`` as a real process; wait until it has beaten once."""
        started = datetime.now(UTC)
        log = open(self.folder / f"worker-{len(self.workers)}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "run", "worker", "--workers", str(threads)],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.workers.append(process)
        wait_until(lambda: self.beat_since(started) or process.poll() is not None, "a heartbeat")
        assert process.poll() is None, self.logs()
        return process

    def beat_since(self, moment: datetime) -> bool:
        """Whether a worker has beaten since ``moment``."""
        with self.app.app_context():
            beat = queue.last_heartbeat()
        return beat is not None and beat >= moment

    def kill(self, process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` to a worker and wait for it to end."""
        os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def logs(self) -> str:
        """Everything the workers printed (shown when a test fails)."""
        return "\n".join(p.read_text(errors="replace") for p in self.folder.glob("worker-*.log"))

    def close(self) -> None:
        """Stop every worker still running."""
        for process in self.workers:
            if process.poll() is None:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


@pytest.fixture
def make_site(
    scratch_database_url: str, queue_url: str, mailbox: Mailbox, tmp_path: Path
) -> Iterator[Callable[..., Site]]:
    """``make_site(**settings)``: a migrated database, the queue and the SMTP server, wired up."""
    upgrade(scratch_database_url)
    sites: list[Site] = []

    def build(**overrides: Any) -> Site:
        settings: dict[str, Any] = {
            "QUEUE_URL": queue_url,
            "QUEUE_NAME": f"test-{uuid.uuid4().hex[:10]}",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": mailbox.port,
            "MAIL_USE_TLS": False,
            "MAIL_RETRY_DELAY": 1,
            "MAIL_LEASE_SECONDS": 3,
            "INSTANCE_PATH": str(tmp_path),
        }
        settings.update(overrides)
        app = create_app(app_settings(scratch_database_url, **settings))
        env = dict(os.environ)
        env.update({key: str(value) for key, value in settings.items()})
        env.update(
            COURSE_ENGINE_CONFIG="development",
            SECRET_KEY=SECRET,
            CONTENT_AUTO_RELOAD="false",
            DATABASE_URL=scratch_database_url,
            CONTENT_ROOT=str(ROOT),
            RATELIMIT_ENABLED="false",
        )
        site = Site(app, env, tmp_path)
        sites.append(site)
        return site

    yield build
    for site in sites:
        site.close()
        with site.app.app_context():
            site.app.extensions["queue"].flush_all()
        engine_of(site.app).dispose()
