"""Organizations, cohorts and invite codes: create, edit, expire, and registration with a code."""

from __future__ import annotations

from datetime import date, timedelta

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.models import Cohort, InviteCode, Organization, User
from course_engine.models.types import utcnow
from tests.admin.conftest import LoginAs, People, audit_actions, post
from tests.factories import create_cohort, create_invite_code
from tests.support.forms import AuthActions


def test_admin_creates_and_edits_an_organization(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    url = "/admin/organizations/new"
    response = post(
        client,
        url,
        {"name": "Baltimore City District", "kind": "district", "state": "MD"},
        token_from=url,
    )
    assert response.status_code == 302
    organization = db.scalars(
        select(Organization).where(Organization.name == "Baltimore City District")
    ).one()
    assert (organization.kind, organization.state) == ("district", "MD")
    url = f"/admin/organizations/{organization.id}/edit"
    post(
        client,
        url,
        {"name": "Baltimore City Schools", "kind": "district", "state": "MD"},
        token_from=url,
    )
    db.expire_all()
    assert organization.name == "Baltimore City Schools"
    assert audit_actions(db, organization.id) == ["organization.created", "organization.updated"]
    page = client.get("/admin/organizations/").get_data(as_text=True)
    assert "Baltimore City Schools" in page and "District" in page


def test_organization_names_are_unique(
    client: FlaskClient, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    url = "/admin/organizations/new"
    response = post(
        client, url, {"name": people.org.name, "kind": "school", "state": ""}, token_from=url
    )
    assert response.status_code == 200
    assert "Another organization has this name." in response.get_data(as_text=True)


def test_admin_creates_and_edits_a_cohort(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    url = "/admin/cohorts/new"
    post(
        client,
        url,
        {
            "name": "June 2026 collaborative",
            "organization": str(people.org.id),
            "starts_on": "2026-06-01",
        },
        token_from=url,
    )
    cohort = db.scalars(select(Cohort).where(Cohort.name == "June 2026 collaborative")).one()
    assert (cohort.organization_id, cohort.starts_on) == (people.org.id, date(2026, 6, 1))
    url = f"/admin/cohorts/{cohort.id}/edit"
    post(
        client,
        url,
        {"name": "June 2026 collaborative", "organization": "", "starts_on": "2026-06-15"},
        token_from=url,
    )
    db.expire_all()
    assert (cohort.organization_id, cohort.starts_on) == (None, date(2026, 6, 15))
    assert audit_actions(db, cohort.id) == ["cohort.created", "cohort.updated"]


def test_invite_code_puts_new_learners_in_the_organization_and_cohort(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, auth: AuthActions
) -> None:
    cohort = create_cohort(db, "June group", organization=people.org)
    login_as(client, people.admin)
    url = "/admin/invites/new"
    response = post(
        client,
        url,
        {"cohort": str(cohort.id), "code": "JUNE-2026", "max_uses": "1", "organization": ""},
        token_from=url,
    )
    assert response.status_code == 302
    invite = db.scalars(select(InviteCode)).one()
    assert (invite.organization_id, invite.cohort_id, invite.max_uses) == (
        people.org.id,
        cohort.id,
        1,
    )
    assert audit_actions(db, invite.id) == ["invite.created"]
    page = client.get("/admin/invites/").get_data(as_text=True)
    assert "http://localhost/register?code=JUNE-2026" in page and "0 of 1" in page

    auth.logout()
    assert (
        auth.register(
            "first@example.org", query="?code=JUNE-2026", invite_code="JUNE-2026"
        ).status_code
        == 302
    )
    user = db.scalars(select(User).where(User.email_key == "first@example.org")).one()
    assert (user.organization_id, user.cohort_id) == (people.org.id, cohort.id)
    auth.logout()
    response = auth.register("second@example.org", invite_code="JUNE-2026")
    assert "used as many times as it allows" in response.get_data(as_text=True)
    login_as(client, people.admin)
    page = client.get("/admin/invites/").get_data(as_text=True)
    assert "1 of 1" in page and "Used up" in page


def test_invite_needs_an_organization_or_cohort_and_a_free_code(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    create_invite_code(db, "TAKEN", organization=people.org)
    login_as(client, people.admin)
    url = "/admin/invites/new"
    page = post(client, url, {"organization": "", "cohort": ""}, token_from=url)
    assert "Choose an organization, a cohort or both." in page.get_data(as_text=True)
    page = post(client, url, {"organization": str(people.org.id), "code": "TAKEN"}, token_from=url)
    assert "An invite with this code exists" in page.get_data(as_text=True)


def test_invite_with_an_expiry_date_and_a_random_code(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    url = "/admin/invites/new"
    tomorrow = (utcnow() + timedelta(days=1)).date()
    post(
        client,
        url,
        {"organization": str(people.org.id), "expires_on": tomorrow.isoformat()},
        token_from=url,
    )
    invite = db.scalars(select(InviteCode)).one()
    assert len(invite.code) == 10 and invite.expires_at.date() == tomorrow


def test_expiring_an_invite_stops_registration_with_it(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, auth: AuthActions
) -> None:
    invite = create_invite_code(db, "STOPME", organization=people.org)
    login_as(client, people.admin)
    response = post(client, f"/admin/invites/{invite.id}/expire")
    assert response.status_code == 302
    db.expire_all()
    assert invite.expires_at is not None and invite.expires_at <= utcnow()
    assert audit_actions(db, invite.id) == ["invite.expired"]
    auth.logout()
    response = auth.register("late@example.org", invite_code="STOPME")
    assert "expired" in response.get_data(as_text=True)
