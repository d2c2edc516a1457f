"""A real server (gunicorn, several workers) on a scratch database, with learners ready to go."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from bench.harness import COURSE, Learner, Server, prepare, serve, server_env
from course_engine.content import Course, load_catalog
from course_engine.database import make_engine
from tests.support.databases import IN_CI, ROOT

#: Seconds the concurrency test keeps its learners busy (RELIABILITY_SECONDS overrides it).
LOAD_SECONDS = float(os.environ.get("RELIABILITY_SECONDS", "60"))
#: Log lines that mean a request went wrong inside the server.
PROBLEMS = ("database is locked", "Traceback", "Exception")


@dataclass
class Site:
    """A served scratch database: its URL, an engine for checking rows, learners and the log."""

    server: Server
    database_url: str
    engine: Engine
    learners: list[Learner]
    course: Course

    def problems(self) -> list[str]:
        """Lines of the server log that report errors (locks, tracebacks)."""
        assert self.server.log is not None
        lines = self.server.log.read_text(errors="replace").splitlines()
        return [line for line in lines if any(problem in line for problem in PROBLEMS)]


@contextmanager
def served(
    database_url: str, folder: Path, learners: int, workers: int = 4, threads: int = 4
) -> Iterator[Site]:
    """Migrate ``database_url``, add learners, serve it with gunicorn (fails in CI if it cannot)."""
    ready = prepare(database_url, folder, learners)
    log = folder / "gunicorn.log"
    with ExitStack() as stack:
        try:
            server = stack.enter_context(
                serve(server_env(database_url, folder), workers, threads, log)
            )
            wait_until_serving(server.url)
        except RuntimeError as error:
            (pytest.fail if IN_CI else pytest.skip)(f"gunicorn did not start: {error}")
        engine = make_engine(database_url)
        stack.callback(engine.dispose)
        yield Site(server, database_url, engine, ready, bundled_course())


def wait_until_serving(url: str, seconds: float = 120) -> None:
    """Wait until a worker answers the home page (the master listens before workers boot)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/", timeout=seconds).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer at {url} within {seconds:.0f} s")


def bundled_course() -> Course:
    """The HEART course as the server loads it."""
    course = load_catalog(ROOT).course(COURSE)
    assert course is not None
    return course


@pytest.fixture
def site_for(
    scratch_database_url: str, tmp_path: Path
) -> Callable[..., AbstractContextManager[Site]]:
    """``with site_for(learners=50) as site``: a server on this run's database kind (--db)."""

    def start(learners: int, workers: int = 4, threads: int = 4) -> AbstractContextManager[Site]:
        return served(scratch_database_url, tmp_path, learners, workers, threads)

    return start
