"""Organization administrators' reports hold exactly the learners their learner pages show.

Staff of the organization (the org admin themself, another org admin, an author), enrolled and
active, must be in none of: the completion report and its exports, the dashboard, knowledge
gain and item analysis; the figures are recomputed here with plain SQL over the tables.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from course_engine.models import AccessRole, User
from tests.factories import create_enrolment, create_user
from tests.reports.conftest import World, at, pretest
from tests.reports.helpers import BASE, COURSE, export, get

LoginAs = Callable[[FlaskClient, User], None]

SCOPED_LEARNERS = """
    SELECT u.email FROM enrolments e JOIN users u ON u.id = e.user_id
    WHERE e.course_slug = :course AND u.organization_id = :org AND u.access_role = 'LEARNER'
"""
SCOPED_PRETESTS = """
    SELECT count(*) FROM quiz_attempts a JOIN enrolments e ON e.id = a.enrolment_id
    JOIN users u ON u.id = e.user_id
    WHERE e.course_slug = :course AND u.organization_id = :org AND u.access_role = 'LEARNER'
      AND a.quiz_id = 'pretest' AND a.status = 'SUBMITTED'
"""


def enrol_staff(db: Session, world: World) -> list[User]:
    """The org admin, a second org admin and an author of Lincoln, each enrolled and tested."""
    staff = [
        world.org_admin,
        create_user(
            db,
            email="second.admin@example.org",
            access_role=AccessRole.ORG_ADMIN,
            organization_id=world.lincoln.id,
        ),
        create_user(
            db,
            email="author@example.org",
            access_role=AccessRole.AUTHOR,
            organization_id=world.lincoln.id,
        ),
    ]
    for user in staff:
        enrolment = create_enrolment(db, user, enrolled_at=at(3, 2), last_active_at=at(3, 18))
        pretest(db, enrolment, 100, q1="a", q3=["b", "d"], q6=False)
    return staff


def search_emails(client: FlaskClient) -> set[str]:
    """The emails the learner search lists (every status)."""
    emails = set()
    for status in ("", "deleted"):
        page = get(client, f"/admin/learners/?status={status}").get_data(as_text=True)
        emails |= set(re.findall(r"<td>([^<@]+@[^<]+)</td>", page))
    return emails


def test_org_admin_reports_and_learner_pages_show_the_same_people(
    client: FlaskClient, db: Session, world: World, login_as: LoginAs
) -> None:
    staff = enrol_staff(db, world)
    login_as(client, world.org_admin)
    scope = {"course": COURSE, "org": world.lincoln.id}
    expected = set(db.scalars(text(SCOPED_LEARNERS), scope))
    assert expected == {"ada@example.org", "ben@example.org"}

    assert search_emails(client) == expected
    for user in staff:
        assert get(client, f"/admin/learners/{user.id}").status_code == 404
    body = export(client, "csv").get_data(as_text=True)
    exported = {row["Email"] for row in csv.DictReader(io.StringIO(body.lstrip("\ufeff")))}
    assert exported == expected
    report = get(client, f"{BASE}/completions?course={COURSE}").get_data(as_text=True)
    assert all(user.email not in report for user in staff)

    dashboard = get(client, f"{BASE}/courses/{COURSE}/dashboard").get_data(as_text=True)
    assert f"<dt>Enrolled</dt><dd>{len(expected)}</dd>" in dashboard
    pretests = db.scalar(text(SCOPED_PRETESTS), scope)
    items = get(client, f"{BASE}/courses/{COURSE}/quizzes/pretest/items").get_data(as_text=True)
    assert f"<p>{pretests} submitted attempts counted" in items
    knowledge = get(client, f"{BASE}/courses/{COURSE}/knowledge").get_data(as_text=True)
    assert f"Took the pre-test</th><td>{pretests}</td>" in knowledge


def test_administrators_see_staff_in_both_places_too(
    client: FlaskClient, db: Session, world: World, login_as: LoginAs
) -> None:
    staff = enrol_staff(db, world)
    login_as(client, world.admin)
    body = export(client, "csv").get_data(as_text=True)
    exported = {row["Email"] for row in csv.DictReader(io.StringIO(body.lstrip("\ufeff")))}
    assert {user.email for user in staff} <= exported <= search_emails(client)
