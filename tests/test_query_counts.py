"""Pages learners open most make a fixed number of queries, however much progress there is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import User
from course_engine.progress.enrolment import enrol
from course_engine.progress.pages import record_page
from tests.progress.test_progress import passed_attempt

PAGES = [
    "/dashboard",
    "/courses/heart-collaboration/",
    "/courses/heart-collaboration/modules/community-resilience/1",
]


def queries_per_page(client: FlaskClient, count_queries: Callable[[], Any]) -> dict[str, int]:
    """How many statements each page sends."""
    counts = {}
    for path in PAGES:
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        counts[path] = counter.count
    return counts


def test_learner_pages_do_not_grow_queries_with_progress(
    client: FlaskClient,
    db: Session,
    course: Course,
    learner: User,
    count_queries: Callable[[], Any],
) -> None:
    enrolment = enrol(db, learner, course)
    db.flush()
    passed_attempt(db, enrolment, course.pretest or "", 50)
    first = course.visible_modules()[0]
    record_page(db, enrolment, course, first, 1)
    before = queries_per_page(client, count_queries)
    for number in range(2, len(first.pages) + 1):
        record_page(db, enrolment, course, first, number)
    for _ in range(3):
        passed_attempt(db, enrolment, first.quiz or "", 60)
    passed_attempt(db, enrolment, first.quiz or "", 100)
    record_page(db, enrolment, course, first, len(first.pages))
    after = queries_per_page(client, count_queries)
    assert after == before
    assert max(after.values()) <= 6, after
