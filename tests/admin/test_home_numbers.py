"""The administration home opens on numbers: enrolled, active in 30 days, completed this month,
valid certificates, failing email; each links to where it comes from, and an organization
administrator counts only their own learners (and never sees the mail queue)."""

from __future__ import annotations

import re
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.admin.numbers import home_numbers
from course_engine.content import Course
from course_engine.models.types import utcnow
from tests.admin.conftest import LoginAs, People, certify
from tests.factories import create_enrolment, create_failed_mail


def stat(page: str, label: str) -> tuple[str, str]:
    """The link and the number shown beside ``label`` on the home page."""
    found = re.search(
        r'<a class="stat" href="([^"]*)"><span class="stat__number">([\d,]+)</span> '
        rf'<span class="stat__label">{label}',
        page,
    )
    assert found, label
    return found.group(1), found.group(2)


def test_the_home_page_counts_enrolments_activity_completions_certificates_and_mail(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    now = utcnow()
    certify(db, people.member, course)  # enrolled, completed now, one valid certificate
    create_enrolment(db, people.learner, last_active_at=now - timedelta(days=3))
    old = create_enrolment(db, people.admin, last_active_at=now - timedelta(days=90))
    old.completed_at = now - timedelta(days=400)
    create_failed_mail(db, people.learner)
    db.flush()

    login_as(client, people.admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert stat(page, "enrolled") == ("/admin/reports/completions", "3")
    assert stat(page, "active in the last 30 days")[1] == "1"
    completed_url, completed = stat(page, "completed since")
    assert completed == "1" and "status=complete" in completed_url
    assert "date_field=completed" in completed_url and "since=" in completed_url
    assert stat(page, "valid certificates issued")[1] == "1"
    assert stat(page, "emails failing") == ("/admin/mail/", "1")
    assert "stat-card--alert" in page


def test_an_organization_administrator_counts_only_their_learners(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    certify(db, people.member, course)
    create_enrolment(db, people.learner)  # no organization: not theirs
    create_failed_mail(db, people.learner)
    db.flush()
    numbers = home_numbers(db, people.org_admin, utcnow(), "America/New_York", mail=False)
    assert (numbers.enrolled, numbers.certificates, numbers.failed_mail) == (1, 1, None)

    login_as(client, people.org_admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert stat(page, "enrolled")[1] == "1"
    assert "emails failing" not in page


def test_an_author_sees_no_numbers(client: FlaskClient, people: People, login_as: LoginAs) -> None:
    login_as(client, people.author)
    page = client.get("/admin/").get_data(as_text=True)
    assert "stat__number" not in page and "Content status" in page
