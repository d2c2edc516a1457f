"""Names and Role Provisioning: an instructor's launch reads the LMS roster through the job queue;
its active learners are enrolled in the platform's organization and cohort and show in that
organization's completion report, started or not; nobody else is made or taken over."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import Enrolment, ExternalIdentity, LtiContext, LtiPlatform, User
from tests.factories import create_user
from tests.lti.platform import CONTEXT, ROLE_INSTRUCTOR, ROLE_LEARNER, LmsPeer
from tests.lti.test_launch import id_token_for, launch

TEACHER = {
    "sub": "lms-teacher-5",
    "name": "Mary Bethune",
    "email": "mary@district.example",
    "roles": [ROLE_INSTRUCTOR],
}


def member(user_id: str, name: str, email: str = "", **fields: Any) -> dict[str, Any]:
    """One NRPS membership entry (an active learner unless ``fields`` say otherwise)."""
    entry = {"user_id": user_id, "name": name, "roles": [ROLE_LEARNER], "status": "Active"}
    return {**entry, **({"email": email} if email else {}), **fields}


def instructor_launches(client: FlaskClient, lms: LmsPeer, course: Course) -> None:
    response = launch(client, id_token_for(client, lms, TEACHER, course=course.slug))
    assert response.status_code == 302, response.get_data(as_text=True)


def enrolled_emails(db: Session, course: Course) -> set[str]:
    db.expire_all()
    rows = db.scalars(
        select(User.email).join(Enrolment).where(Enrolment.course_slug == course.slug)
    )
    return set(rows)


def test_the_instructors_launch_enrols_the_lms_roster_in_the_organization(
    client: FlaskClient, db: Session, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    lms.members = [
        member("lms-s1", "Ella Baker", "ella@district.example"),
        member("lms-s2", "Fannie Hamer", "fannie@district.example"),
        member("lms-s3", "Gone Student", "gone@district.example", status="Inactive"),
        member("lms-t2", "Co Teacher", "co@district.example", roles=[ROLE_INSTRUCTOR]),
        member("lms-s4", "No Email Student"),
    ]
    instructor_launches(client, lms, course)
    assert enrolled_emails(db, course) == {
        "ella@district.example",
        "fannie@district.example",
        "mary@district.example",  # the instructor's own launch
    }
    ella = db.scalars(select(User).where(User.email_key == "ella@district.example")).one()
    assert (ella.organization_id, ella.cohort_id) == (
        registered.organization_id,
        registered.cohort_id,
    )
    identity = db.scalars(select(ExternalIdentity).where(ExternalIdentity.user_id == ella.id)).one()
    assert (identity.issuer, identity.subject) == (lms.issuer, "lms-s1")
    [context] = db.scalars(select(LtiContext))
    assert (context.context_id, context.title) == (CONTEXT["id"], CONTEXT["title"])
    assert (context.enrolled, context.sync_error) == (2, None)
    assert context.synced_at is not None

    report = client.get(f"/admin/reports/completions?course={course.slug}").get_data(as_text=True)
    assert "Ella Baker" in report and "Fannie Hamer" in report  # listed before they start
    assert "Gone Student" not in report and "No Email Student" not in report


def test_a_roster_entry_never_takes_over_an_account_with_a_password(
    client: FlaskClient, db: Session, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    """The LMS says a learner has an address already registered here: that account's owner
    links it by signing in; the roster read neither enrols nor links it."""
    owner = create_user(db, email="owner@district.example", full_name="Account Owner")
    db.commit()
    lms.members = [member("lms-s9", "Claimed Name", "owner@district.example")]
    instructor_launches(client, lms, course)
    assert "owner@district.example" not in enrolled_emails(db, course)
    assert (
        db.scalars(select(ExternalIdentity).where(ExternalIdentity.user_id == owner.id)).all() == []
    )
    [context] = db.scalars(select(LtiContext))
    assert context.enrolled == 0


def test_a_learners_launch_reads_no_roster(
    client: FlaskClient, db: Session, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    lms.members = [member("lms-s1", "Ella Baker", "ella@district.example")]
    learner = {"sub": "lms-s1", "name": "Ella Baker", "email": "ella@district.example"}
    assert launch(client, id_token_for(client, lms, learner, course=course.slug)).status_code == 302
    assert db.scalars(select(LtiContext)).all() == []
    assert enrolled_emails(db, course) == {"ella@district.example"}


def test_when_the_lms_is_down_the_error_waits_for_administrators(
    app: Flask,
    client: FlaskClient,
    db: Session,
    course: Course,
    lms: LmsPeer,
    registered: LtiPlatform,
) -> None:
    from course_engine.models import AccessRole
    from tests.support.forms import login_as

    lms.members = [member("lms-s1", "Ella Baker", "ella@district.example")]
    lms.down = True
    instructor_launches(client, lms, course)  # the instructor's launch still answers
    db.expire_all()
    [context] = db.scalars(select(LtiContext))
    assert context.synced_at is None and "503" in (context.sync_error or "")
    assert enrolled_emails(db, course) == {"mary@district.example"}
    admin = create_user(db, access_role=AccessRole.ADMIN)
    db.commit()
    staff = app.test_client()
    login_as(staff, admin)
    page = staff.get("/admin/lti/").get_data(as_text=True)
    assert CONTEXT["title"] in page and "503" in page
