"""A backup taken while learners write holds everything committed before it, and restores."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from bench.harness import COURSE
from course_engine import create_app
from course_engine.backup import libpq_url
from course_engine.database import engine_of
from course_engine.extensions import db
from course_engine.models import AttemptStatus, Enrolment, PageVisit, QuizAttempt
from course_engine.progress.enrolment import get_enrolment
from course_engine.progress.state import load_progress
from tests.reliability.conftest import Site
from tests.reliability.walker import reading, run_learners
from tests.support.databases import app_settings, scratch_database

WRITERS = 20
#: The writers go on until the backup has finished and more pages were committed after it
#: began (or this long, however slow the machine).
WRITE_SECONDS = 120

#: (learner, module, page) reached, and (learner, quiz, attempt number) submitted.
Progress = tuple[set[tuple[int, str, int]], set[tuple[int, str, int]]]


def committed(engine: Engine) -> Progress:
    """Every learner's pages and submitted attempts, as committed now."""
    with reading(engine) as session:
        pages = session.execute(
            select(Enrolment.user_id, PageVisit.module_id, PageVisit.page).join(Enrolment)
        )
        attempts = session.execute(
            select(Enrolment.user_id, QuizAttempt.quiz_id, QuizAttempt.number)
            .join(Enrolment)
            .where(QuizAttempt.status == AttemptStatus.SUBMITTED)
        )
        return {tuple(row) for row in pages}, {tuple(row) for row in attempts}


@contextmanager
def restored(kind: str, backup: Path, folder: Path) -> Iterator[str]:
    """Restore the backup into a database of its own; yield its URL."""
    if kind == "sqlite":
        with sqlite3.connect(backup) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert copy.execute("PRAGMA foreign_key_check").fetchall() == []
        copy.close()
        target = folder / "restored.sqlite3"
        shutil.copyfile(backup, target)  # restoring is putting the file in place
        yield f"sqlite:///{target}"
        return
    with scratch_database(kind, folder) as url:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={libpq_url(make_url(url))}",
                str(backup),
            ],
            check=True,
            capture_output=True,
        )
        yield url


def progress_through_the_app(url: str, learners: list[int]) -> Progress:
    """The learners' progress as the domain functions read it from the database at ``url``."""
    app = create_app(app_settings(url))
    course = app.extensions["content"].catalog.course(COURSE)
    pages, attempts = set(), set()
    with app.app_context():
        for user_id in learners:
            enrolment = get_enrolment(db.session, user_id, COURSE)
            assert enrolment is not None, f"learner {user_id} lost their enrolment"
            progress = load_progress(db.session, enrolment, course)
            reached = progress.pages.items()
            pages |= {(user_id, module, page) for module, numbers in reached for page in numbers}
            attempts |= {(user_id, quiz_id, number) for quiz_id, number in _submitted(enrolment.id)}
    engine_of(app).dispose()
    return pages, attempts


def _submitted(enrolment_id: int) -> list[tuple[str, int]]:
    """(quiz, number) of the enrolment's submitted attempts, read with the app's session."""
    rows = db.session.execute(
        select(QuizAttempt.quiz_id, QuizAttempt.number).where(
            QuizAttempt.enrolment_id == enrolment_id,
            QuizAttempt.status == AttemptStatus.SUBMITTED,
        )
    )
    return [(quiz_id, number) for quiz_id, number in rows]


def wait_for_pages(engine: Engine, count: int) -> Progress:
    """Wait until ``count`` pages are committed (the workers are up and writing); return all."""
    deadline = time.monotonic() + 60
    while len((progress := committed(engine))[0]) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return progress


def test_a_backup_taken_while_learners_write_restores_everything_committed_before_it(
    request: pytest.FixtureRequest,
    site_for: Callable[..., AbstractContextManager[Site]],
    tmp_path: Path,
) -> None:
    kind = request.config.getoption("--db")
    backup = tmp_path / ("backup.sqlite3" if kind == "sqlite" else "backup.dump")
    with site_for(learners=WRITERS) as site, ThreadPoolExecutor(1) as background:
        live = create_app(app_settings(site.database_url))
        stop = threading.Event()
        writing = background.submit(
            run_learners,
            site.server.url,
            site.learners,
            site.course,
            site.engine,
            threads=WRITERS,
            seconds=WRITE_SECONDS,
            until=stop,
        )
        try:
            before = wait_for_pages(site.engine, WRITERS * 5)
            started = time.monotonic()
            result = live.test_cli_runner().invoke(args=["db", "backup", str(backup)])
            took = time.monotonic() - started
            wait_for_pages(site.engine, len(before[0]) + WRITERS)
        finally:
            stop.set()
        run = writing.result()
        after = committed(site.engine)
        engine_of(live).dispose()
        assert result.exit_code == 0, result.output
        assert run.errors == [] and site.problems() == []
        print(
            f"\n{kind}: backup took {took:.2f} s while {WRITERS} learners wrote; "
            f"{len(before[0])} pages committed before it, {len(after[0])} at the end"
        )
        assert before[0] < after[0], "nobody wrote after the backup began"

    with restored(kind, backup, tmp_path) as url:
        pages, attempts = progress_through_the_app(url, [one.user_id for one in site.learners])
    assert before[0] <= pages <= after[0]
    assert before[1] <= attempts <= after[1]


def test_backup_prints_the_pg_dump_command_and_fails_when_pg_dump_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    app = create_app(app_settings("postgresql+psycopg://learn:secret@db.example.org/course"))
    result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "x.dump")])
    assert result.exit_code == 1
    assert (
        f"pg_dump --format=custom --no-owner --file={tmp_path / 'x.dump'} "
        "--dbname=postgresql://learn@db.example.org/course" in result.output
    )
    assert "secret" not in result.output


def test_backup_refuses_an_in_memory_database(tmp_path: Path) -> None:
    app = create_app(app_settings("sqlite://"))
    result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "x.sqlite3")])
    assert result.exit_code == 1
    assert "in-memory" in result.output
    engine_of(app).dispose()
