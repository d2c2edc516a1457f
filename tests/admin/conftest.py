"""Fixtures of the administration tests: organizations, staff of each role, a certified learner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from course_engine.certificates.operations import issue_for_enrolment
from course_engine.content import Course
from course_engine.models import AccessRole, AuditEntry, Certificate, Enrolment, Organization, User
from course_engine.models.types import utcnow
from course_engine.progress.enrolment import enrol
from tests.factories import create_org_admin, create_organization, create_user
from tests.progress.test_progress import passed_attempt
from tests.support.forms import csrf_token


@dataclass
class People:
    """Two organizations, a learner in the first, and one user of every access role."""

    org: Organization
    other_org: Organization
    member: User
    learner: User
    author: User
    org_admin: User
    other_org_admin: User
    admin: User


@pytest.fixture
def people(db: Session) -> People:
    """Everyone an access test needs."""
    org = create_organization(db, "Lincoln Elementary")
    other = create_organization(db, "Eastside Health Center", kind="health_center")
    return People(
        org=org,
        other_org=other,
        member=create_user(
            db, email="member@example.org", full_name="Maria Member", organization_id=org.id
        ),
        learner=create_user(db, email="plain@example.org", full_name="Paul Plain"),
        author=create_user(db, email="author@example.org", access_role=AccessRole.AUTHOR),
        org_admin=create_org_admin(db, org, email="orgadmin@example.org"),
        other_org_admin=create_org_admin(db, other, email="other-admin@example.org"),
        admin=create_user(
            db, email="admin@example.org", full_name="Ada Admin", access_role=AccessRole.ADMIN
        ),
    )


def certify(db: Session, user: User, course: Course) -> Certificate:
    """Enrol ``user``, record a quiz attempt, complete the course and issue its certificate."""
    enrolment = enrol(db, user, course)
    db.flush()
    passed_attempt(db, enrolment, course.pretest or "pretest", 60)
    enrolment.completed_at = utcnow()
    certificate = issue_for_enrolment(db, enrolment, course)
    assert certificate is not None
    db.flush()
    return certificate


@pytest.fixture
def certificate(db: Session, people: People, course: Course) -> Certificate:
    """A valid certificate of the member (in ``people.org``)."""
    return certify(db, people.member, course)


def post(
    client: FlaskClient, url: str, data: dict[str, str] | None = None, token_from: str = "/account"
) -> TestResponse:  # noqa: S107
    """POST ``data`` with a valid CSRF token (taken from a page the client may open)."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client, token_from)})


def audit_actions(db: Session, target_id: int | None = None) -> list[str]:
    """The recorded audit actions, oldest first (of one target id if given)."""
    query = select(AuditEntry.action).order_by(AuditEntry.id)
    if target_id is not None:
        query = query.where(AuditEntry.target_id == target_id)
    return list(db.scalars(query))


def enrolment_count(db: Session) -> int:
    """How many enrolments exist."""
    return len(db.scalars(select(Enrolment.id)).all())


LoginAs = Callable[[FlaskClient, User], None]
