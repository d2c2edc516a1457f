"""A scratch SQLite database with N enrolments of the bundled course, filled with executemany.

Shape (seeded, so every run builds the same data): 50 organizations, 100 cohorts; per
enrolment one learner. 40 % completed (6 modules, a pre-test, one or two post-test attempts,
a certificate), 45 % in progress (0-5 modules, a pre-test), 15 % not started. Page visits are
not generated: the completion report does not read them.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from course_engine.auth.choices import ROLES, STATES
from course_engine.content import Course
from course_engine.schema import upgrade

START = datetime(2025, 1, 1, tzinfo=UTC)
NAMES = ["Ada", "Chloé", "Zoë", "Dmitri", "Nguyễn", "Łukasz", "Ελένη", "María", "Olu", "Sam"]
SURNAMES = ["Lovelace", "Ünal", "Ångström", "Иванов", "Thị Minh", "Okafor", "Adams", "Brooks"]
KINDS = ["school", "health_center", "other"]


def stamp(moment: datetime) -> str:
    """A timestamp as SQLAlchemy stores it in SQLite (UTC, naive text)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def build(path: Path, course: Course, enrolments: int, seed: int = 7) -> None:
    """Migrate a new database at ``path`` and insert the data."""
    upgrade(f"sqlite:///{path}")
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=OFF")
    with connection:
        _organizations(connection)
        _learners(connection, rng, course, enrolments)
    connection.execute("ANALYZE")
    connection.close()


def _organizations(connection: sqlite3.Connection) -> None:
    created = stamp(START)
    connection.executemany(
        "INSERT INTO organizations (id, name, kind, state, created_at) VALUES (?, ?, ?, ?, ?)",
        [
            (n, f"Organization {n}", KINDS[n % 3], STATES[n % len(STATES)][0], created)
            for n in range(1, 51)
        ],
    )
    connection.executemany(
        "INSERT INTO cohorts (id, name, organization_id, created_at) VALUES (?, ?, ?, ?)",
        [(n, f"Cohort {n}", 1 + n % 50, created) for n in range(1, 101)],
    )


def _learners(
    connection: sqlite3.Connection, rng: random.Random, course: Course, count: int
) -> None:
    modules = [module.id for module in course.visible_modules()]
    users, enrolments, completions, attempts, certificates = [], [], [], [], []
    attempt_id = 0
    for n in range(1, count + 1):
        organization = rng.randint(1, 50)
        name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} {n}"
        enrolled = START + timedelta(minutes=rng.randint(0, 600 * 24 * 60))
        users.append(
            (
                n,
                f"learner{n}@example.org",
                f"learner{n}@example.org",
                "!",
                name,
                rng.choice(ROLES)[0],
                KINDS[organization % 3],
                f"Typed name {n}",
                rng.choice(STATES)[0],
                "LEARNER",
                organization,
                rng.randint(1, 100),
                1,
                1,
                stamp(enrolled),
            )
        )
        kind = rng.random()
        completed = enrolled + timedelta(days=rng.randint(1, 60)) if kind < 0.40 else None
        started = kind < 0.85
        active = completed or (enrolled + timedelta(days=rng.randint(0, 30)) if started else None)
        enrolments.append(
            (
                n,
                n,
                course.slug,
                stamp(enrolled),
                stamp(active) if active else None,
                stamp(completed) if completed else None,
            )
        )
        if not started:
            continue
        done = modules if completed else modules[: rng.randint(0, len(modules) - 1)]
        completions.extend((n, module_id, stamp(enrolled)) for module_id in done)
        attempt_id += 1
        attempts.append((attempt_id, n, course.pretest, 1, float(rng.randint(0, 100))))
        if completed:
            for number in range(1, rng.randint(1, 2) + 1):
                attempt_id += 1
                attempts.append(
                    (attempt_id, n, course.posttest, number, float(rng.randint(80, 100)))
                )
            certificates.append(
                (
                    len(certificates) + 1,
                    n,
                    n,
                    course.slug,
                    f"HEART-2026-{n:06d}",
                    f"code{n}",
                    "VALID",
                    name,
                    course.title,
                    course.version,
                    course.hours,
                    stamp(completed),
                    "default",
                    stamp(completed),
                )
            )
    connection.executemany(
        "INSERT INTO users (id, email, email_key, password_hash, full_name, role, "
        "organization_kind, organization_name, state, access_role, organization_id, cohort_id, "
        "is_active, session_version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        users,
    )
    connection.executemany(
        "INSERT INTO enrolments (id, user_id, course_slug, enrolled_at, last_active_at, "
        "completed_at) VALUES (?,?,?,?,?,?)",
        enrolments,
    )
    connection.executemany(
        "INSERT INTO module_completions (enrolment_id, module_id, completed_at) VALUES (?,?,?)",
        completions,
    )
    connection.executemany(
        "INSERT INTO quiz_attempts (id, enrolment_id, quiz_id, number, status, layout, percent, "
        "content_hash, started_at) VALUES (?, ?, ?, ?, 'SUBMITTED', '[]', ?, '', '2026-01-01')",
        attempts,
    )
    connection.executemany(
        "INSERT INTO certificates (id, enrolment_id, user_id, course_slug, serial, "
        "verification_code, status, learner_name, course_title, course_version, hours, "
        "completed_at, template, issued_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        certificates,
    )
