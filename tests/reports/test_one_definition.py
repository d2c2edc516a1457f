"""Each figure has one definition ("What each figure means", docs/administration.md), and
every page agrees: activity, status, reached, organization kind, hours, account status, times.

Learners act over HTTP (enrol, start a quiz, submit it); the expected figures come from plain
SQL over the tables or from what the test did.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import AccessRole, User
from course_engine.models.types import utcnow
from course_engine.reports.dashboard import course_dashboard
from tests.factories import create_enrolment, create_organization, create_user
from tests.reports.helpers import BASE, COURSE, export, get
from tests.support.forms import csrf_token, submit_answers

LoginAs = Callable[[FlaskClient, User], None]


def csv_dicts(body: str) -> list[dict[str, str]]:
    """The rows of a CSV export by heading."""
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"), newline="")))


def enrol_over_http(app: Flask, user: User, login_as: LoginAs) -> FlaskClient:
    """A client logged in as ``user``, who pressed Enrol on the course page."""
    browser = app.test_client()
    login_as(browser, user)
    token = csrf_token(browser, f"/courses/{COURSE}/")
    assert browser.post(f"/courses/{COURSE}/enrol", data={"csrf_token": token}).status_code == 302
    return browser


def start_pretest(browser: FlaskClient) -> str:
    """Press Start on the pre-test; the attempt page's URL."""
    url = f"/courses/{COURSE}/quizzes/pretest"
    response = browser.post(url + "/start", data={"csrf_token": csrf_token(browser, url)})
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_quiz_taken_in_the_window_makes_a_learner_active(
    app: Flask, client: FlaskClient, db: Session, course: Course, login_as: LoginAs
) -> None:
    user = create_user(db)
    browser = enrol_over_http(app, user, login_as)
    db.execute(
        text("UPDATE enrolments SET enrolled_at = :then, last_active_at = :then"),
        {"then": utcnow() - timedelta(days=90)},
    )
    attempt_url = start_pretest(browser)
    submit_answers(browser, attempt_url, {})
    assert course_dashboard(db, course, None).active == 1  # the quiz today, not Next 90 days ago
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    page = get(client, f"{BASE}/courses/{COURSE}/dashboard").get_data(as_text=True)
    assert "<dt>Active in the last 30 days</dt><dd>1</dd>" in page
    learner_page = get(client, f"/admin/learners/{user.id}").text
    today = utcnow().astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d")
    assert re.search(rf"In progress · enrolled .* · last progress <time[^>]*>{today}", learner_page)


def test_an_opened_pretest_is_in_progress_in_the_report_and_in_learner_search(
    app: Flask, client: FlaskClient, db: Session, login_as: LoginAs
) -> None:
    opened = create_user(db, full_name="Olive Opened")
    start_pretest(enrol_over_http(app, opened, login_as))
    enrol_over_http(app, create_user(db, full_name="Nina Nothing"), login_as)
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    rows = {row["Name"]: row["Status"] for row in csv_dicts(export(client, "csv").text)}
    assert rows == {"Olive Opened": "in progress", "Nina Nothing": "not started"}
    for progress, name in (("in_progress", "Olive Opened"), ("not_started", "Nina Nothing")):
        page = get(client, f"/admin/learners/?progress={progress}&course={COURSE}").text
        assert name in page and ({"Olive Opened", "Nina Nothing"} - {name}).pop() not in page


def test_reached_counts_completed_modules_and_organization_kind_is_the_organizations(
    db: Session, course: Course
) -> None:
    district = create_organization(db, "Baltimore County Public Schools", kind="district")
    module = course.visible_modules()[0]
    for _ in range(3):
        user = create_user(db, organization_id=district.id, organization_kind="school")
        enrolment = create_enrolment(db, user)
        db.execute(
            text(
                "INSERT INTO module_completions (enrolment_id, module_id, completed_at)"
                " VALUES (:e, :m, :t)"
            ),
            {"e": enrolment.id, "m": module.id, "t": utcnow()},
        )
    numbers = course_dashboard(db, course, None)
    assert (numbers.funnel[0].reached, numbers.funnel[0].completed) == (3, 3)
    assert [(c.label, c.value) for c in numbers.by_organization_kind] == [("District", 3)]


def test_export_headers_file_name_and_times_are_in_the_site_time_zone(
    client: FlaskClient, db: Session, login_as: LoginAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = create_user(db, full_name="Mia Midnight", is_active=False)
    # 02:00 UTC on November 1 is the evening of October 31 in the site zone (New York).
    create_enrolment(
        db,
        user,
        enrolled_at=datetime(2026, 10, 20, 12, 0, 59, 999999, UTC),
        completed_at=datetime(2026, 11, 1, 2, 0, tzinfo=UTC),
    )
    monkeypatch.setattr(
        "course_engine.reports.views.utcnow", lambda: datetime(2026, 11, 1, 2, 30, tzinfo=UTC)
    )
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))

    response = export(client, "csv", date_field="completed", since="2026-10-31", until="2026-10-31")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert f"completions-{COURSE}-2026-10-31.csv" in response.headers["Content-Disposition"]
    [row] = csv_dicts(response.text)
    assert row["Completed at (America/New_York)"] == "2026-10-31T22:00:00-04:00"
    assert row["Enrolled at (America/New_York)"] == "2026-10-20T08:00:59-04:00"
    assert row["Account status"] == "deactivated"
    assert export(client, "csv", date_field="completed", since="2026-11-01").text.count("\n") == 1

    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx").data)).active
    assert sheet is not None
    header, values = list(sheet.iter_rows(values_only=True))
    cells = dict(zip(header, values, strict=True))
    assert cells["Enrolled at (America/New_York)"] == datetime(2026, 10, 20, 8, 0, 59)
    page = get(client, f"{BASE}/completions?course={COURSE}").text
    assert "(times in America/New_York)" in page and "2026-10-31 22:00 EDT" in page
    assert "A day in America/New_York time" in page


def test_a_revoked_certificate_earns_no_hours_in_the_report_or_the_transcript(
    client: FlaskClient, db: Session, course: Course, login_as: LoginAs
) -> None:
    from course_engine.certificates.operations import issue_for_enrolment, revoke

    user = create_user(db, full_name="Rex Revoked")
    enrolment = create_enrolment(db, user, completed_at=utcnow())
    certificate = issue_for_enrolment(db, enrolment, course)
    assert certificate is not None
    revoke(db, certificate, "issued in error", None)
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    [row] = csv_dicts(export(client, "csv").text)
    assert (row["Hours"], row["Certificate status"]) == ("", "revoked")
    login_as(client, user)
    transcript = get(client, "/account/transcript").text
    assert re.search(r"revoked", transcript) and f"{course.hours:g}</td>" not in transcript


def test_an_expired_certificate_reads_expired_and_keeps_its_hours(
    client: FlaskClient, db: Session, course: Course, login_as: LoginAs
) -> None:
    from course_engine.certificates.operations import issue_for_enrolment

    user = create_user(db, full_name="Exa Expired")
    enrolment = create_enrolment(db, user, completed_at=utcnow() - timedelta(days=400))
    certificate = issue_for_enrolment(db, enrolment, course)
    assert certificate is not None
    certificate.expires_on = (utcnow() - timedelta(days=2)).date()
    db.flush()
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    [row] = csv_dicts(export(client, "csv").text)
    assert (row["Certificate status"], row["Hours"]) == ("expired", f"{course.hours:g}")
    login_as(client, user)
    assert "(expired)" in get(client, "/account/transcript").text


def test_an_unknown_site_time_zone_stops_the_start(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ValueError, match="SITE_TIMEZONE='Mars/Olympus_Mons'"):
        make_app(SITE_TIMEZONE="Mars/Olympus_Mons")
