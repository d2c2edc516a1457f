"""A national-course-sized PostgreSQL database, filled with COPY in a few seconds per table.

Shape (seeded, so every run builds the same data): 500 organizations, 2,000 cohorts, N learners
each enrolled in the bundled course. 40 % completed (every module, its pages and its knowledge
check, a pre-test, one or two post-test attempts; a certificate for 5 in 6 of them, a third of
all learners), 45 % in progress (some modules, the pages of the next one, a pre-test), 15 % not
started. Every attempt carries its drawn layout and per-question results, as graded attempts do.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from course_engine.auth.choices import ROLES, STATES
from course_engine.content import Course, Quiz
from course_engine.content.question_types import SingleChoice

START = datetime(2025, 1, 1, tzinfo=UTC)
NAMES = ["Ada", "Chloé", "Zoë", "Dmitri", "Nguyễn", "Łukasz", "Ελένη", "María", "Olu", "Sam"]
SURNAMES = ["Lovelace", "Ünal", "Ångström", "Иванов", "Thị Minh", "Okafor", "Adams", "Brooks"]
KINDS = ["school", "health_center", "other"]
ORGANIZATIONS, COHORTS = 500, 2000


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) as psycopg's own connection string."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def build(url: str, course: Course, learners: int, seed: int = 7) -> dict[str, int]:
    """Fill a migrated, empty database; the number of rows written per table."""
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    with psycopg.connect(libpq_url(url)) as connection:
        connection.execute("SET synchronous_commit = off")
        _copy(connection, counts, "organizations", ("id", "name", "kind", "state", "created_at"), (
            (n, f"Organization {n}", KINDS[n % 3], STATES[n % len(STATES)][0], START)
            for n in range(1, ORGANIZATIONS + 1)
        ))  # fmt: skip
        _copy(connection, counts, "cohorts", ("id", "name", "organization_id", "created_at"), (
            (n, f"Cohort {n}", 1 + n % ORGANIZATIONS, START) for n in range(1, COHORTS + 1)
        ))  # fmt: skip
        tables = _learners(rng, course, learners)
        for table, (columns, rows) in tables.items():
            _copy(connection, counts, table, columns, rows)
        counts["page_visits"] = _page_visits(connection, course)
        for table in ("organizations", "cohorts", "users", "enrolments", "quiz_attempts"):
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - ours
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        connection.execute(
            "SELECT setval(pg_get_serial_sequence('certificates', 'id'), "
            "(SELECT coalesce(max(id), 1) FROM certificates))"
        )
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return counts


def _copy(
    connection: psycopg.Connection[Any],
    counts: dict[str, int],
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    """COPY rows into a table (one round trip per buffer, no statement per row)."""
    written = 0
    names = ", ".join(columns)
    with connection.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    counts[table] = written


#: Page visits from the completions and the current page, made by the server (VALUES: modules).
PAGE_VISITS = (
    "INSERT INTO page_visits (enrolment_id, module_id, page, reached_at)"
    " SELECT done.enrolment_id, done.module_id, page, enrolments.enrolled_at"
    " FROM module_completions AS done JOIN enrolments ON enrolments.id = done.enrolment_id"
    " JOIN (VALUES :modules) AS modules (id, pages) ON modules.id = done.module_id"
    " CROSS JOIN LATERAL generate_series(1, modules.pages) AS page"
    " UNION ALL"
    " SELECT id, last_module_id, page, enrolled_at FROM enrolments"
    " CROSS JOIN LATERAL generate_series(1, last_page) AS page"
    " WHERE completed_at IS NULL AND last_module_id IS NOT NULL"
)


def _page_visits(connection: psycopg.Connection[Any], course: Course) -> int:
    """Every page of each completed module and the pages reached in the current one, in SQL."""
    pages = [(module.id, len(module.pages)) for module in course.visible_modules()]
    placeholders = ", ".join(["(%s, %s)"] * len(pages))  # the values themselves are bound
    cursor = connection.execute(
        PAGE_VISITS.replace(":modules", placeholders),
        [value for pair in pages for value in pair],
    )
    return cursor.rowcount


#: Attempts drawn per quiz and skill level (fifths): their JSON is written once, then reused.
VARIANTS = 8


def _variants(quiz: Quiz, rng: random.Random) -> list[list[tuple[str, str, float, float]]]:
    """For each skill level, a few graded attempts (layout, results, score, possible)."""
    return [[_graded(quiz, rng, (level + 0.5) / 5) for _ in range(VARIANTS)] for level in range(5)]


def _graded(quiz: Quiz, rng: random.Random, skill: float) -> tuple[str, str, float, float]:
    """A submitted attempt's layout, results (JSON), score and points possible."""
    layout, results, score, possible = [], {}, 0.0, 0.0
    for question in quiz.questions:
        choices = [choice.key for choice in getattr(question, "choices", [])]
        layout.append({"question": question.id, "order": choices})
        if not question.graded:
            continue
        correct = rng.random() < skill
        result: dict[str, Any] = {
            "points": 1.0 if correct else 0.0,
            "max": 1.0,
            "correct": correct,
            "answered": True,
        }
        if not correct and isinstance(question, SingleChoice):
            wrong = [choice.key for choice in question.choices if not choice.correct]
            if wrong:
                result["wrong_answer"] = rng.choice(wrong)
        results[question.id] = result
        score += result["points"]
        possible += 1.0
    return json.dumps(layout), json.dumps(results), score, possible


def _learners(
    rng: random.Random, course: Course, count: int
) -> dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]:
    """Every learner's rows, by table."""
    modules = course.visible_modules()
    quizzes = course.quizzes
    users, enrolments, completions, attempts, certificates = [], [], [], [], []
    attempt_id = 0
    drawn = {quiz_id: _variants(quiz, rng) for quiz_id, quiz in quizzes.items()}

    def attempt(
        enrolment: int, quiz_id: str | None, number: int, skill: float, at: datetime
    ) -> None:
        nonlocal attempt_id
        quiz = quizzes.get(quiz_id) if quiz_id else None
        if quiz is None:
            return
        level = min(4, max(0, int(skill * 5)))
        layout, results, score, possible = rng.choice(drawn[quiz.id][level])
        attempt_id += 1
        percent = round(100 * score / possible, 1) if possible else None
        passed = None if percent is None else percent >= 80
        attempts.append((
            attempt_id, enrolment, quiz.id, number, "SUBMITTED", layout, results, score,
            possible, percent, passed, "", at, at,
        ))  # fmt: skip

    for n in range(1, count + 1):
        organization = rng.randint(1, ORGANIZATIONS)
        name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} {n}"
        enrolled = START + timedelta(minutes=rng.randint(0, 600 * 24 * 60))
        users.append((
            n, f"learner{n}@example.org", f"learner{n}@example.org", "!", name,
            rng.choice(ROLES)[0], KINDS[organization % 3], f"Typed name {n}",
            rng.choice(STATES)[0], "LEARNER", organization, rng.randint(1, COHORTS), True, 1,
            enrolled,
        ))  # fmt: skip
        kind = rng.random()
        completed = enrolled + timedelta(days=rng.randint(1, 60)) if kind < 0.40 else None
        started = kind < 0.85
        active = completed or (enrolled + timedelta(days=rng.randint(0, 30)) if started else None)
        done = modules if completed else modules[: rng.randint(0, len(modules) - 1)]
        done = done if started else []
        current = None if completed or not started else modules[len(done)]
        reached = rng.randint(1, len(current.pages)) if current else 0
        enrolments.append((
            n, n, course.slug, enrolled, active, completed,
            current.id if current else (done[-1].id if done else None),
            reached if current else (len(done[-1].pages) if done else None),
        ))  # fmt: skip
        if not started:
            continue
        skill = rng.uniform(0.3, 0.7)
        attempt(n, course.pretest, 1, skill, enrolled)
        for module in done:
            completions.append((n, module.id, active))
            attempt(n, module.quiz, 1, skill + 0.2, enrolled)
        if completed:
            for number in range(1, rng.randint(1, 2) + 1):
                attempt(n, course.posttest, number, min(0.95, skill + 0.3), completed)
            if n % 6:  # five in six completers have their certificate: a third of everyone
                certificates.append((
                    len(certificates) + 1, n, n, course.slug, f"HEART-2026-{n:06d}",
                    f"code{n:08d}", "VALID", name, course.title, course.version, course.hours,
                    completed, "default", completed,
                ))  # fmt: skip
    return {
        "users": (("id", "email", "email_key", "password_hash", "full_name", "role",
                   "organization_kind", "organization_name", "state", "access_role",
                   "organization_id", "cohort_id", "is_active", "session_version", "created_at"),
                  users),
        "enrolments": (("id", "user_id", "course_slug", "enrolled_at", "last_active_at",
                        "completed_at", "last_module_id", "last_page"), enrolments),
        "module_completions": (("enrolment_id", "module_id", "completed_at"), completions),
        "quiz_attempts": (("id", "enrolment_id", "quiz_id", "number", "status", "layout",
                           "results", "score", "max_score", "percent", "passed", "content_hash",
                           "started_at", "submitted_at"), attempts),
        "certificates": (("id", "enrolment_id", "user_id", "course_slug", "serial",
                          "verification_code", "status", "learner_name", "course_title",
                          "course_version", "hours", "completed_at", "template", "issued_at"),
                         certificates),
    }  # fmt: skip
