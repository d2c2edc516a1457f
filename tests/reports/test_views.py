"""The report pages over HTTP: scope, filters, downloads and the audit log, charts, 404s."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.models import AuditEntry, User
from tests.factories import create_cohort
from tests.reports.conftest import World
from tests.reports.helpers import BASE, COURSE, export, get

LoginAs = Callable[[FlaskClient, User], None]


def csv_names(body: str) -> list[str]:
    """The first column of a CSV export, without the header."""
    return [row[0] for row in csv.reader(io.StringIO(body.lstrip("\ufeff")))][1:]


def test_org_admin_report_lists_only_their_organization(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.org_admin)
    page = get(client, f"{BASE}/completions?course={COURSE}").get_data(as_text=True)
    assert "Ada Lovelace" in page and "Ben Okafor" in page
    assert "Chloé Ünal" not in page and "Eastside Health Center" not in page
    assert csv_names(export(client, "csv").get_data(as_text=True)) == ["Ada Lovelace", "Ben Okafor"]
    dashboard = get(client, f"{BASE}/courses/{COURSE}/dashboard").get_data(as_text=True)
    assert "Virginia" not in dashboard


@pytest.mark.parametrize("field", ["organization", "cohort"])
def test_org_admins_asking_for_another_organization_get_403(
    client: FlaskClient, db: Session, world: World, login_as: LoginAs, field: str
) -> None:
    other = create_cohort(db, "Eastside cohort", organization=world.eastside)
    value = str(world.eastside.id if field == "organization" else other.id)
    login_as(client, world.org_admin)
    assert get(client, f"{BASE}/completions?{field}={value}").status_code == 403
    assert export(client, "csv", **{field: value}).status_code == 403


def test_the_filter_form_is_labelled_and_downloads_carry_the_filters(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    url = f"{BASE}/completions?course={COURSE}&state=VA&status=complete"
    page = get(client, url).get_data(as_text=True)
    for name in ("course", "status", "organization", "cohort", "role", "state", "since", "until"):
        assert f'<label for="{name}"' in page
    assert '<form method="get"' in page
    assert "<caption" in page and '<th scope="col">' in page and '<th scope="row">' in page
    assert "1 enrolment matches" in page
    forms = re.findall(r'<form method="post" action="([^"]+)">(.*?)</form>', page, re.S)
    forms = [(action, body) for action, body in forms if action != "/logout"]
    assert [action for action, _ in forms] == [
        f"{BASE}/completions.csv",
        f"{BASE}/completions.xlsx",
    ]
    for _, body in forms:
        hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', body))
        assert {k: v for k, v in hidden.items() if k != "csrf_token"} == {
            "course": COURSE,
            "state": "VA",
            "status": "complete",
        }


def test_pages_of_the_report(
    client: FlaskClient, world: World, login_as: LoginAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from course_engine.reports import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    login_as(client, world.admin)
    page = get(client, f"{BASE}/completions?course={COURSE}&page=2").get_data(as_text=True)
    assert "Chloé Ünal" in page and "Ada Lovelace" not in page
    assert "Page 2 of 3" in page and "page=3" in page and "page=1" in page


def test_invalid_filters_show_errors_and_refuse_exports(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    page = get(client, f"{BASE}/completions?course={COURSE}&since=2026-03-01&until=2026-02-01")
    assert "The end date must be on or after the start date." in page.get_data(as_text=True)
    assert export(client, "csv", course="nope").status_code == 400
    assert export(client, "csv", since="soon").status_code == 400


def test_exports_are_recorded_in_the_audit_log_with_their_filters(
    client: FlaskClient, db: Session, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    response = export(client, "xlsx", state="VA")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Chloé Ünal",
        "Dan Brooks",
    ]
    assert csv_names(export(client, "csv", status="not_started").get_data(as_text=True)) == [
        "Dan Brooks"
    ]
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.action == "report.exported").order_by(AuditEntry.id)
    ).all()
    assert [(e.actor_id, e.details["format"], e.details["rows"]) for e in entries] == [
        (world.admin.id, "xlsx", 2),
        (world.admin.id, "csv", 1),
    ]
    assert entries[0].details["filters"] == {"course_slug": COURSE, "state": "VA"}
    assert entries[1].details["filters"]["status"] == "not_started"


def test_course_pages_show_charts_with_the_same_numbers_in_tables(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    for url in (
        f"{BASE}/courses/{COURSE}/dashboard",
        f"{BASE}/courses/{COURSE}/knowledge",
        f"{BASE}/courses/{COURSE}/quizzes/pretest/items",
        f"{BASE}/courses/{COURSE}/evaluation",
    ):
        page = get(client, url).get_data(as_text=True)
        assert 'class="chart" role="img" aria-label=' in page
        assert "<caption" in page
    dashboard = get(client, f"{BASE}/courses/{COURSE}/dashboard").get_data(as_text=True)
    assert "<dd>5</dd>" in dashboard and "19 days" in dashboard
    knowledge = get(client, f"{BASE}/courses/{COURSE}/knowledge").get_data(as_text=True)
    assert "<td>42.5%</td>" in knowledge and "<td>40</td>" in knowledge
    evaluation = get(client, f"{BASE}/courses/{COURSE}/evaluation").get_data(as_text=True)
    assert "Use a warm handoff" in evaluation and "Ada" not in evaluation


def test_unknown_courses_and_quizzes_are_404(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    for url in (
        f"{BASE}/courses/nope/dashboard",
        f"{BASE}/courses/{COURSE}/quizzes/nope/items",
        f"{BASE}/courses/{COURSE}/quizzes/evaluation/items",
    ):
        assert get(client, url).status_code == 404


def test_an_export_reads_without_sqlite_s_write_lock(
    client: FlaskClient, world: World, login_as: LoginAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from course_engine.database import write_intent
    from course_engine.reports import views

    seen: list[bool] = []
    real = views.write_export

    def spy(*args: object, **kwargs: object) -> int:
        seen.append(write_intent.get())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "write_export", spy)
    login_as(client, world.admin)
    assert export(client, "csv").status_code == 200
    assert seen == [False]  # the POST's own transactions (audit entry) still take the lock


def test_the_completion_report_opens_on_the_first_course_without_an_error(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.org_admin)
    page = get(client, f"{BASE}/completions").get_data(as_text=True)
    assert "Choose a course" not in page and "There is a problem" not in page
    assert re.search(rf'<option selected value="{COURSE}">|<option value="{COURSE}" selected', page)
    assert "Ada Lovelace" in page  # the report itself, not only the form
