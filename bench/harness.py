"""Shared benchmark plumbing: a prepared database, learners with sessions, a gunicorn server."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from course_engine import create_app
from course_engine.auth.sessions import open_session
from course_engine.credentials.keys import create_key, load_keys
from course_engine.database import engine_of
from course_engine.models import AttemptStatus, QuizAttempt, User
from course_engine.models.types import utcnow
from course_engine.progress.enrolment import enrol
from course_engine.schema import upgrade

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-key-not-for-production"
COURSE = "heart-collaboration"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Learner:
    """A registered, enrolled learner with a signed session cookie and a CSRF token."""

    user_id: int
    cookie: str
    csrf: str


def server_env(database_url: str, instance: Path) -> dict[str, str]:
    """Environment for the app under benchmark (production settings, HTTP allowed)."""
    env = dict(os.environ)
    env.update(
        COURSE_ENGINE_CONFIG="production",
        SECRET_KEY=SECRET,
        DATABASE_URL=database_url,
        INSTANCE_PATH=str(instance),
        SESSION_COOKIE_SECURE="false",
        CONTENT_ROOT=str(ROOT),
        RATELIMIT_ENABLED="true",
        GUNICORN_ACCESS_LOG="",
        BASE_URL="http://127.0.0.1",
        CREDENTIALS_KEY_DIR=str(instance / "credential-keys"),
    )
    return env


def prepare(database_url: str, instance: Path, learners: int) -> list[Learner]:
    """Migrate a fresh database and create learners who took the pre-test."""
    upgrade(database_url)
    if not load_keys(instance / "credential-keys"):
        create_key(instance / "credential-keys")  # production refuses to serve without one
    app = create_app(
        {
            "SECRET_KEY": SECRET,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(instance),
            "CONTENT_ROOT": str(ROOT),
            "CONTENT_AUTO_RELOAD": False,
            "CREDENTIALS_KEY_DIR": str(instance / "credential-keys"),
        }
    )
    course = app.extensions["content"].catalog.course(COURSE)
    made: list[Learner] = []
    with Session(engine_of(app)) as session:
        users = []
        for n in range(learners):
            user = User(
                email=f"bench{n}@example.org",
                email_key=f"bench{n}@example.org",
                password_hash="!",
                full_name=f"Bench Learner {n}",
                role="teacher",
                organization_kind="school",
                state="MA",
            )
            session.add(user)
            session.flush()
            enrolment = enrol(session, user, course)
            session.flush()
            session.add(
                QuizAttempt(
                    enrolment_id=enrolment.id,
                    quiz_id=course.pretest,
                    number=1,
                    layout=[],
                    status=AttemptStatus.SUBMITTED,
                    percent=50,
                    submitted_at=utcnow(),
                )
            )
            users.append(user)
        identities = [(user.id, open_session(session, user, "bench")) for user in users]
        session.commit()
    for user_id, identity in identities:
        client = app.test_client()
        with client.session_transaction() as flask_session:
            flask_session["_user_id"] = identity
            flask_session["_fresh"] = True
            # wrk replays this one cookie; a browser keeps the copy the idle clock refreshes
            # (once a minute), so set the clock ahead: no re-signing on every replayed request.
            flask_session["seen"] = int(time.time()) + 3600
        page = client.get(f"/courses/{COURSE}/").get_data(as_text=True)
        found = TOKEN.search(page)
        cookie = client.get_cookie("session")
        assert found and cookie, "could not log the benchmark learner in"
        made.append(Learner(user_id, cookie.value, found.group(1)))
    engine_of(app).dispose()
    return made


def free_port() -> int:
    """A TCP port nobody listens on (from BENCH_PORTS=first-last when set, e.g. 6200-6209)."""
    wanted = os.environ.get("BENCH_PORTS", "")
    candidates = [0]
    if wanted:
        first, _, last = wanted.partition("-")
        candidates = list(range(int(first), int(last or first) + 1))
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise RuntimeError(f"no free port in BENCH_PORTS={wanted}")


@dataclass
class Server:
    """A running gunicorn: its base URL, master process and log file."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path | None = None

    def worker_pids(self) -> list[int]:
        """The worker processes: the master's children, read from /proc."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended while we looked
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return children


@contextmanager
def gunicorn(
    env: dict[str, str], workers: int, threads: int, app: str = "bench.wsgi:app"
) -> Iterator[str]:
    """Serve ``app`` (default: the course engine under benchmark) with gunicorn; yield its URL."""
    with serve(env, workers, threads, app=app) as server:
        yield server.url


@contextmanager
def serve(
    env: dict[str, str],
    workers: int,
    threads: int,
    log: Path | None = None,
    app: str = "bench.wsgi:app",
) -> Iterator[Server]:
    """Serve ``app`` with gunicorn, its stderr going to ``log`` when given."""
    port = free_port()
    env = dict(
        env,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_THREADS=str(threads),
    )
    with ExitStack() as files:  # the child keeps its own copy of the log file
        stderr = files.enter_context(open(log, "ab")) if log else subprocess.PIPE
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                app,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        _wait_for(port, process, log)
        yield Server(f"http://127.0.0.1:{port}", process, log)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path | None = None) -> None:
    """Wait until the server accepts connections (or died)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if log:
                raise RuntimeError(log.read_text(errors="replace"))
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "died")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")
