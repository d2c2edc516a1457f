"""Report and administration pages make the same number of queries for 5 or 15 learners."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import AccessRole
from tests.factories import create_attempt, create_enrolment, create_page_visit, create_user
from tests.reports.conftest import World

COURSE = "/admin/reports/courses/heart-collaboration"
PAGES = [
    "/admin/reports/completions?course=heart-collaboration",
    f"{COURSE}/dashboard",
    f"{COURSE}/knowledge",
    f"{COURSE}/quizzes/posttest/items",
    f"{COURSE}/evaluation",
    "/admin/learners/",
]


def counts(client: FlaskClient, count_queries: Callable[[], Any]) -> dict[str, int]:
    """Statements sent by each page."""
    found = {}
    for path in PAGES:
        with count_queries() as counter:
            assert client.get(path).status_code == 200, path
        found[path] = counter.count
    return found


def test_report_pages_do_not_grow_queries_with_learners(
    client: FlaskClient,
    db: Session,
    world: World,
    count_queries: Callable[[], Any],
    login_as: Callable[[FlaskClient, Any], None],
) -> None:
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    before = counts(client, count_queries)
    module = world.course.visible_modules()[0]
    for number in range(10):
        learner = create_user(db, organization_id=world.lincoln.id, state="MD")
        enrolment = create_enrolment(db, learner)
        create_page_visit(db, enrolment, module.id, 1)
        create_attempt(db, enrolment, world.course.pretest or "", 10.0 * number)
        create_attempt(db, enrolment, world.course.posttest or "", 50.0 + number, passed=False)
    assert counts(client, count_queries) == before
