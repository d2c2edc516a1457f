"""LMS roles become the application's: the context's instructors administer its organization."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth.identities import NO_PASSWORD
from course_engine.models import AccessRole, LtiPlatform, User
from tests.factories import create_identity, create_organization, create_user
from tests.lti.platform import (
    ROLE_CONTEXT_ADMIN,
    ROLE_INSTITUTION_INSTRUCTOR,
    ROLE_INSTRUCTOR,
    ROLE_LEARNER,
    LmsPeer,
)
from tests.lti.test_launch import id_token_for, launch

TEACHER = {"sub": "lms-teacher-1", "name": "Ida Wells", "email": "ida@district.example"}


def launched(client: FlaskClient, db: Session, lms: LmsPeer, roles: list[str]) -> User:
    response = launch(
        client, id_token_for(client, lms, {**TEACHER, "roles": roles}, course="heart-collaboration")
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.scalars(select(User).where(User.email_key == "ida@district.example")).one()


def test_a_context_instructor_administers_the_platforms_organization(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    user = launched(client, db, lms, [ROLE_INSTRUCTOR])
    assert user.access_role == AccessRole.ORG_ADMIN
    assert user.organization_id == registered.organization_id
    assert client.get("/admin/reports/").status_code == 200  # the organization's reports
    assert client.get("/admin/mail/").status_code == 403  # never a site administrator


def test_a_context_administrator_is_an_organization_administrator_too(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    assert launched(client, db, lms, [ROLE_CONTEXT_ADMIN]).access_role == AccessRole.ORG_ADMIN


def test_a_learner_stays_a_learner(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    user = launched(client, db, lms, [ROLE_LEARNER])
    assert user.access_role == AccessRole.LEARNER
    assert client.get("/admin/reports/").status_code == 403


def test_an_institution_instructor_who_is_a_learner_in_this_course_is_a_learner(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    """Canvas sends institution roles even where the person takes the course as a student."""
    user = launched(client, db, lms, [ROLE_INSTITUTION_INSTRUCTOR, ROLE_LEARNER])
    assert user.access_role == AccessRole.LEARNER


def test_an_instructor_of_another_organization_gains_nothing_here(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    """An account already placed in another organization is not made administrator of it."""
    other = create_organization(db, "Another District")
    user = create_user(
        db, email="ida@district.example", password_hash=NO_PASSWORD, organization_id=other.id
    )
    create_identity(db, user, provider="district")
    assert launched(client, db, lms, [ROLE_INSTRUCTOR]).access_role == AccessRole.LEARNER


def test_a_launch_never_lowers_a_site_administrator(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    user = create_user(
        db, email="ida@district.example", password_hash=NO_PASSWORD, access_role=AccessRole.ADMIN
    )
    create_identity(db, user, provider="district")
    assert launched(client, db, lms, [ROLE_LEARNER]).access_role == AccessRole.ADMIN
