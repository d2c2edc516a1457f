"""The storage layer: migrations on both databases, SQLite settings, concurrent SQLite writers."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from course_engine.database import make_engine
from course_engine.schema import migrations, upgrade
from tests.factories import create_attempt, create_enrolment, create_page_visit, create_user

WRITERS = 6
ROWS_PER_WRITER = 40


def test_migrations_create_every_table_and_go_down_and_up_again(scratch_database_url: str) -> None:
    engine = make_engine(scratch_database_url)
    upgrade(scratch_database_url)
    tables = set(inspect(engine).get_table_names())
    assert {"users", "enrolments", "page_visits", "module_completions", "quiz_attempts"} <= tables
    with migrations(scratch_database_url) as schema:
        assert schema.current() and not schema.needs_upgrade()
    with migrations(scratch_database_url) as schema:
        schema.downgrade("base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(scratch_database_url)
    assert "users" in inspect(engine).get_table_names()
    engine.dispose()


#: Revision 0005: every migration after it is undone and redone below.
EARLY_REVISION = "4f0a9c2e7b15"
LEARNERS_ROWS = ("users", "enrolments", "page_visits", "quiz_attempts")


def _counts(engine: Engine) -> dict[str, int]:
    """Rows in the tables that hold learners' work."""
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
            for table in LEARNERS_ROWS
        }


def test_going_down_and_up_through_the_migrations_keeps_every_learner_row(
    scratch_database_url: str,
) -> None:
    # The attack on SQLite: batch mode rebuilds a table by dropping the old one, and with
    # foreign keys on that DROP cascades into every row that references it.
    engine = make_engine(scratch_database_url)
    upgrade(scratch_database_url)
    with Session(engine) as session:
        enrolment = create_enrolment(session, create_user(session))
        create_page_visit(session, enrolment, "community-resilience")
        create_attempt(session, enrolment, "pretest", 50.0)
        session.commit()
    kept = {"users": 1, "enrolments": 1, "page_visits": 1, "quiz_attempts": 1}
    assert _counts(engine) == kept
    with migrations(scratch_database_url) as schema:
        schema.downgrade(EARLY_REVISION)
    assert _counts(engine) == kept
    upgrade(scratch_database_url)
    assert _counts(engine) == kept
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}", busy_timeout=7)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 7000
    engine.dispose()


def test_sqlite_transactions_take_the_write_lock_when_they_begin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'immediate.sqlite3'}"
    engine = make_engine(url, busy_timeout=0)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    other = make_engine(url, busy_timeout=0)
    with engine.connect() as first:
        first.begin()
        first.execute(text("SELECT count(*) FROM t"))  # a read is enough to hold the lock
        try:
            with other.connect() as second:
                second.begin()
                raised = False
        except Exception as error:  # noqa: BLE001 - any "locked" error proves the point
            raised = "locked" in str(error)
        assert raised
        first.rollback()
    engine.dispose()
    other.dispose()


def _write_rows(url: str, writer: int) -> int:
    """In a separate process: insert rows one transaction at a time (read, then write)."""
    engine = make_engine(url)
    for row in range(ROWS_PER_WRITER):
        with engine.begin() as connection:
            count = connection.execute(text("SELECT count(*) FROM t")).scalar_one()
            connection.execute(
                text("INSERT INTO t (writer, row, seen) VALUES (:w, :r, :s)"),
                {"w": writer, "r": row, "s": count},
            )
    engine.dispose()
    return writer


def test_several_processes_write_to_sqlite_at_once_without_locking_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'writers.sqlite3'}"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (writer INTEGER, row INTEGER, seen INTEGER)"))
    context = multiprocessing.get_context("spawn")
    with context.Pool(WRITERS) as pool:
        finished = pool.starmap(_write_rows, [(url, w) for w in range(WRITERS)])
    assert sorted(finished) == list(range(WRITERS))
    with engine.connect() as connection:
        total = connection.execute(text("SELECT count(*) FROM t")).scalar_one()
        distinct_seen = connection.execute(text("SELECT count(DISTINCT seen) FROM t")).scalar_one()
    assert total == WRITERS * ROWS_PER_WRITER
    assert distinct_seen == total  # every read-then-write saw a different count: serialized
    engine.dispose()


def test_requests_that_cannot_write_read_without_taking_the_write_lock(tmp_path: Path) -> None:
    from course_engine.database import write_intent

    url = f"sqlite:///{tmp_path / 'readers.sqlite3'}"
    engine = make_engine(url, busy_timeout=0)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    token = write_intent.set(False)  # what a GET request sets
    try:
        with engine.connect() as first, engine.connect() as second:
            first.begin()
            first.execute(text("SELECT count(*) FROM t"))
            second.begin()
            assert second.execute(text("SELECT count(*) FROM t")).scalar() == 0
    finally:
        write_intent.reset(token)
    engine.dispose()
