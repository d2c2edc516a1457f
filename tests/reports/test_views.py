"""The report pages over HTTP: who may open them, scope, filters, downloads and the audit log."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from course_engine.models import AccessRole, AuditEntry, User
from tests.factories import create_user
from tests.reports.conftest import World

BASE = "/admin/reports"
COURSE = "heart-collaboration"
STAFF_PAGES = [
    f"{BASE}/",
    f"{BASE}/completions",
    f"{BASE}/completions?course={COURSE}&status=complete",
    f"{BASE}/completions.csv?course={COURSE}",
    f"{BASE}/completions.xlsx?course={COURSE}",
    f"{BASE}/courses/{COURSE}/dashboard",
    f"{BASE}/courses/{COURSE}/knowledge",
    f"{BASE}/courses/{COURSE}/quizzes/pretest/items",
    f"{BASE}/courses/{COURSE}/quizzes/posttest/items",
]
ADMIN_ONLY_PAGES = [f"{BASE}/courses/{COURSE}/evaluation"]
LoginAs = Callable[[FlaskClient, User], None]


def get(client: FlaskClient, url: str) -> TestResponse:
    """GET ``url``, read the body and close the response (as a WSGI server would)."""
    response = client.get(url)
    response.get_data()
    response.close()  # a download's spooled temporary file is closed here
    return response


@pytest.mark.parametrize("url", STAFF_PAGES + ADMIN_ONLY_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, world: World, url: str) -> None:
    response = get(client, url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", STAFF_PAGES + ADMIN_ONLY_PAGES)
@pytest.mark.parametrize("role", [AccessRole.LEARNER, AccessRole.AUTHOR])
def test_learners_and_authors_are_refused(
    client: FlaskClient, db: Session, world: World, login_as: LoginAs, url: str, role: AccessRole
) -> None:
    login_as(client, create_user(db, access_role=role))
    assert get(client, url).status_code == 403


@pytest.mark.parametrize("url", STAFF_PAGES + ADMIN_ONLY_PAGES)
def test_admins_open_every_report(
    client: FlaskClient, world: World, login_as: LoginAs, url: str
) -> None:
    login_as(client, world.admin)
    response = get(client, url)
    assert response.status_code == 200
    if response.mimetype == "text/html":
        assert "style=" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_org_admins_open_the_scoped_reports(
    client: FlaskClient, world: World, login_as: LoginAs, url: str
) -> None:
    login_as(client, world.org_admin)
    assert get(client, url).status_code == 200


def test_org_admins_cannot_read_the_unscoped_evaluation(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.org_admin)
    assert get(client, ADMIN_ONLY_PAGES[0]).status_code == 403


def test_org_admin_report_lists_only_their_organization(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.org_admin)
    page = get(client, f"{BASE}/completions?course={COURSE}").get_data(as_text=True)
    assert "Ada Lovelace" in page and "Ben Okafor" in page
    assert "Chloé Ünal" not in page and "Eastside Health Center" not in page
    body = get(client, f"{BASE}/completions.csv?course={COURSE}").get_data(as_text=True)
    assert [row[0] for row in csv.reader(io.StringIO(body.lstrip("\ufeff")))][1:] == [
        "Ada Lovelace", "Ben Okafor"
    ]
    dashboard = get(client, f"{BASE}/courses/{COURSE}/dashboard").get_data(as_text=True)
    assert "Virginia" not in dashboard


@pytest.mark.parametrize("query", ["organization={eastside}", "cohort={other_cohort}"])
def test_org_admins_asking_for_another_organization_get_403(
    client: FlaskClient, db: Session, world: World, login_as: LoginAs, query: str
) -> None:
    from tests.factories import create_cohort

    other = create_cohort(db, "Eastside cohort", organization=world.eastside)
    login_as(client, world.org_admin)
    args = query.format(eastside=world.eastside.id, other_cohort=other.id)
    for url in (f"{BASE}/completions?{args}", f"{BASE}/completions.csv?course={COURSE}&{args}"):
        assert get(client, url).status_code == 403


def test_the_filter_form_is_labelled_and_download_links_carry_the_filters(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    url = f"{BASE}/completions?course={COURSE}&state=VA&status=complete"
    page = get(client, url).get_data(as_text=True)
    for name in ("course", "status", "organization", "cohort", "role", "state", "since", "until"):
        assert f'<label for="{name}"' in page
    assert "<caption" in page and '<th scope="col">' in page
    assert "1 enrolment matches" in page
    assert f"completions.csv?course={COURSE}&amp;state=VA&amp;status=complete" in page
    assert f"completions.xlsx?course={COURSE}&amp;state=VA&amp;status=complete" in page


def test_invalid_filters_show_errors_and_refuse_exports(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    page = get(client, f"{BASE}/completions?course={COURSE}&since=2026-03-01&until=2026-02-01")
    assert "The end date must be on or after the start date." in page.get_data(as_text=True)
    assert get(client, f"{BASE}/completions.csv?course=nope").status_code == 400
    assert get(client, f"{BASE}/completions.csv?course={COURSE}&since=soon").status_code == 400


def test_exports_are_recorded_in_the_audit_log_with_their_filters(
    client: FlaskClient, db: Session, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    response = get(client, f"{BASE}/completions.xlsx?course={COURSE}&state=VA")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Chloé Ünal", "Dan Brooks"
    ]
    get(client, f"{BASE}/completions.csv?course={COURSE}&status=not_started")
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.action == "report.exported").order_by(AuditEntry.id)
    ).all()
    assert [(e.actor_id, e.details["format"], e.details["rows"]) for e in entries] == [
        (world.admin.id, "xlsx", 2), (world.admin.id, "csv", 1)
    ]
    assert entries[0].details["filters"] == {"course_slug": COURSE, "state": "VA"}
    assert entries[1].details["filters"]["status"] == "not_started"


def test_course_pages_show_charts_with_the_same_numbers_in_tables(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    for url in (f"{BASE}/courses/{COURSE}/dashboard", f"{BASE}/courses/{COURSE}/knowledge",
                f"{BASE}/courses/{COURSE}/quizzes/pretest/items",
                f"{BASE}/courses/{COURSE}/evaluation"):
        page = get(client, url).get_data(as_text=True)
        assert 'class="chart" role="img" aria-label=' in page
        assert "<caption" in page
    evaluation = get(client, f"{BASE}/courses/{COURSE}/evaluation").get_data(as_text=True)
    assert "Use a warm handoff" in evaluation and "Ada" not in evaluation


def test_unknown_courses_and_quizzes_are_404(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    for url in (f"{BASE}/courses/nope/dashboard", f"{BASE}/courses/{COURSE}/quizzes/nope/items",
                f"{BASE}/courses/{COURSE}/quizzes/evaluation/items"):
        assert get(client, url).status_code == 404
