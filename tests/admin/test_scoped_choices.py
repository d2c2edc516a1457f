"""An organization administrator's menus list only their own organization and its cohorts."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import AccessRole
from tests.factories import create_cohort, create_organization, create_user
from tests.security.conftest import LoginAs


def test_the_org_admins_learner_search_menus_hold_no_other_organization(
    client: FlaskClient, db: Session, login_as: LoginAs
) -> None:
    mine, theirs = create_organization(db, "Our School"), create_organization(db, "Rival Academy")
    create_cohort(db, "Our June group", organization=mine)
    create_cohort(db, "Rival secret cohort", organization=theirs)
    login_as(client, create_user(db, access_role=AccessRole.ORG_ADMIN, organization_id=mine.id))
    page = client.get("/admin/learners/").get_data(as_text=True)
    assert "Our June group" in page
    assert "Rival secret cohort" not in page and "Rival Academy" not in page
    report = client.get("/admin/reports/").get_data(as_text=True)
    assert "Rival" not in report


def test_an_administrator_sees_every_organization_and_cohort(
    client: FlaskClient, db: Session, login_as: LoginAs
) -> None:
    create_cohort(db, "Rival secret cohort", organization=create_organization(db, "Rival"))
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    assert "Rival secret cohort" in client.get("/admin/learners/").get_data(as_text=True)
