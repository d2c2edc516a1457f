"""The audit of issue 21, as a test: a varied population, every report recomputed with SQL.

Each figure is the one "What each figure means" (docs/administration.md) defines; the SQL
here is written from that section, not from the code, and runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import User
from course_engine.models.types import UTCDateTime, utcnow
from course_engine.reports import knowledge
from course_engine.reports.completions import completion_rows
from course_engine.reports.dashboard import course_dashboard
from course_engine.reports.filters import DateField, ReportFilters, Status
from course_engine.reports.items import item_analysis
from tests.reports.helpers import BASE, COURSE, export, get
from tests.reports.population import Population, build_population

LoginAs = Callable[[FlaskClient, User], None]
PROGRESS = """(e.last_active_at {t} OR e.pretest_skipped_at {t}
 OR EXISTS (SELECT 1 FROM page_visits v WHERE v.enrolment_id = e.id AND v.reached_at {t})
 OR EXISTS (SELECT 1 FROM module_completions m WHERE m.enrolment_id = e.id
            AND m.completed_at {t})
 OR EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.enrolment_id = e.id
            AND (a.started_at {t} OR a.submitted_at {t})))"""
STARTED = PROGRESS.format(t="IS NOT NULL")
ACTIVE = PROGRESS.format(t=">= :cutoff")
ROWS = f"""
SELECT u.email, u.organization_id, u.cohort_id, u.role, u.state, e.completed_at,
  CASE WHEN e.completed_at IS NOT NULL THEN 'complete' WHEN {STARTED} THEN 'in_progress'
       ELSE 'not_started' END AS status,
  CASE WHEN u.deleted_at IS NOT NULL THEN 'deleted' WHEN u.is_active THEN 'active'
       ELSE 'deactivated' END AS account,
  (SELECT count(*) FROM module_completions m WHERE m.enrolment_id = e.id
     AND m.module_id IN :modules) AS modules,
  (SELECT a.percent FROM quiz_attempts a WHERE a.enrolment_id = e.id AND a.quiz_id = 'pretest'
     AND a.status = 'SUBMITTED' ORDER BY a.number LIMIT 1) AS pretest,
  (SELECT max(a.percent) FROM quiz_attempts a WHERE a.enrolment_id = e.id
     AND a.quiz_id = 'posttest' AND a.status = 'SUBMITTED') AS posttest,
  c.status AS certificate, c.revoke_reason, COALESCE(o.name, u.organization_name) AS org,
  COALESCE(o.kind, u.organization_kind) AS kind, u.access_role, {ACTIVE} AS active
FROM enrolments e JOIN users u ON u.id = e.user_id
LEFT JOIN organizations o ON o.id = u.organization_id
LEFT JOIN certificates c ON c.enrolment_id = e.id AND c.status <> 'SUPERSEDED'
WHERE e.course_slug = :course
"""  # noqa: S608 (built from the constant fragments above, no input)
REACHED = """
SELECT r.module_id, count(*) FROM (
  SELECT enrolment_id, module_id FROM page_visits
  UNION SELECT enrolment_id, module_id FROM module_completions) r
JOIN enrolments e ON e.id = r.enrolment_id WHERE e.course_slug = :course GROUP BY r.module_id
"""
ITEMS = """
SELECT a.layout, a.results FROM quiz_attempts a JOIN enrolments e ON e.id = a.enrolment_id
WHERE e.course_slug = :course AND a.quiz_id = 'pretest' AND a.status = 'SUBMITTED'
"""


@pytest.fixture
def people(db: Session, course: Course) -> Population:
    """The audit's population."""
    return build_population(db, course, utcnow())


def database_rows(db: Session, people: Population) -> dict[str, dict[str, Any]]:
    """Every enrolment of the course by learner email, computed with plain SQL."""
    query = (
        text(ROWS)
        .bindparams(
            bindparam("modules", expanding=True),
            bindparam("cutoff", type_=UTCDateTime),
        )
        .columns(completed_at=UTCDateTime)
    )
    rows = db.execute(
        query,
        {
            "course": COURSE,
            "modules": [m.id for m in people.course.visible_modules()],
            "cutoff": people.now - timedelta(days=30),
        },
    ).mappings()
    return {row["email"]: dict(row) for row in rows}


def expected_hours(row: dict[str, Any], course: Course) -> float | None:
    """The course's hours when complete, unless revoked other than by deletion."""
    revoked = row["certificate"] == "REVOKED" and row["revoke_reason"] != "learner deleted"
    return course.hours if row["status"] == "complete" and not revoked else None


def scoped(rows: dict[str, dict[str, Any]], viewer: User | None) -> set[str]:
    """The emails a viewer's reports must hold: an org admin's organization's learners."""
    if viewer is None or viewer.access_role.value == "admin":
        return set(rows)
    return {
        email
        for email, row in rows.items()
        if row["organization_id"] == viewer.organization_id and row["access_role"] == "LEARNER"
    }


def test_the_completion_report_and_every_filter_match_the_tables(
    db: Session, people: Population
) -> None:
    rows = database_rows(db, people)
    assert len(rows) == 4 + 36 and {r["status"] for r in rows.values()} == {
        "complete",
        "in_progress",
        "not_started",
    }
    for viewer in (None, people.admin, *people.org_admins):
        report = {
            r.email: r for r in completion_rows(db, people.course, ReportFilters(COURSE), viewer)
        }
        assert set(report) == scoped(rows, viewer)
        for email, row in report.items():
            want = rows[email]
            assert (
                row.status.value,
                row.account_status,
                row.modules_completed,
                row.pretest_percent,
                row.posttest_best,
                row.organization,
            ) == (
                want["status"],
                want["account"],
                want["modules"],
                want["pretest"],
                want["posttest"],
                want["org"] or "",
            ), email
            assert row.hours == expected_hours(want, people.course), email
            assert row.certificate_status == (want["certificate"] or "").lower() or (
                row.certificate_status is None and want["certificate"] is None
            )
    october_31 = (datetime(2026, 10, 31, 4, tzinfo=UTC), datetime(2026, 11, 1, 4, tzinfo=UTC))
    org, cohort = people.organizations[2], people.cohorts[0]
    cases: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
        *(({"status": s}, lambda r, s=s: r["status"] == s.value) for s in Status),
        ({"organization_id": org.id}, lambda r: r["organization_id"] == org.id),
        ({"cohort_id": cohort.id}, lambda r: r["cohort_id"] == cohort.id),
        ({"role": "teacher"}, lambda r: r["role"] == "teacher"),
        ({"state": "VA"}, lambda r: r["state"] == "VA"),
        (
            {
                "date_field": DateField.COMPLETED,
                "since": october_31[0].date(),
                "until": october_31[0].date(),
            },
            lambda r: (
                r["completed_at"] is not None and october_31[0] <= r["completed_at"] < october_31[1]
            ),
        ),
    ]
    for viewer in (people.admin, people.org_admins[0]):
        for values, keep in cases:
            filters = ReportFilters(COURSE, **values)
            got = {r.email for r in completion_rows(db, people.course, filters, viewer)}
            assert got == {e for e in scoped(rows, viewer) if keep(rows[e])}, values
    assert any(keep(r) for r in rows.values())  # the midnight case selects someone


def test_exports_and_learner_pages_match_the_tables(
    app: Flask,
    client: FlaskClient,
    db: Session,
    people: Population,
    login_as: LoginAs,
    tmp_path: Path,
) -> None:
    rows = database_rows(db, people)
    for viewer in (people.admin, people.org_admins[1]):
        login_as(client, viewer)
        body = export(client, "csv").text.lstrip("\ufeff")
        exported = {r["Email"]: r for r in csv.DictReader(io.StringIO(body, newline=""))}
        assert set(exported) == scoped(rows, viewer)
        for email, row in exported.items():
            assert (row["Status"], row["Account status"]) == (
                rows[email]["status"].replace("_", " "),
                rows[email]["account"],
            )
        sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx").data)).active
        assert sheet is not None
        header, *cells = list(sheet.iter_rows(values_only=True))
        column = header.index("Completed at (America/New_York)")
        for line in cells:
            when = exported[line[1]]["Completed at (America/New_York)"]
            assert (line[column].isoformat() if line[column] else "") == when[:19]
        if viewer is not people.admin:
            page = (
                get(client, "/admin/learners/?status=").text
                + get(client, "/admin/learners/?status=deleted").text
            )
            listed = set(re.findall(r"<td>([^<@]+@[^<]+)</td>", page))
            assert listed == {e for e in scoped(rows, viewer)}
    target = tmp_path / "midnight.csv"
    result = app.test_cli_runner().invoke(
        args=[
            "reports",
            "completions",
            "--course",
            COURSE,
            "--dates-of",
            "completed",
            "--since",
            "2026-10-31",
            "--until",
            "2026-10-31",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8-sig", newline="") as stream:
        names = {row["Email"] for row in csv.DictReader(stream)}
    assert names == {
        e
        for e, r in rows.items()
        if r["completed_at"] is not None
        and r["completed_at"].astimezone(UTC).date().isoformat() == "2026-11-01"
        and r["completed_at"].hour < 4
    }


def test_dashboard_knowledge_gain_and_item_analysis_match_the_tables(
    client: FlaskClient, db: Session, people: Population, login_as: LoginAs
) -> None:
    rows = database_rows(db, people)
    numbers = course_dashboard(db, people.course, None, now=people.now)
    values = list(rows.values())
    assert (numbers.enrolled, numbers.completed) == (
        len(values),
        sum(r["status"] == "complete" for r in values),
    )
    assert numbers.active == sum(bool(r["active"]) for r in values)
    kinds: dict[str, int] = {}
    for row in values:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    assert {c.key: c.value for c in numbers.by_organization_kind} == kinds
    reached = dict(db.execute(text(REACHED), {"course": COURSE}).all())
    assert {s.module_id: s.reached for s in numbers.funnel} == {
        m.id: reached.get(m.id, 0) for m in people.course.visible_modules()
    }
    pre = [r["pretest"] for r in values if r["pretest"] is not None]
    post = [r["posttest"] for r in values if r["posttest"] is not None]
    averages = knowledge.averages(db, people.course, None)
    assert (averages.pretest_takers, averages.posttest_takers) == (len(pre), len(post))
    assert averages.pretest_average == pytest.approx(sum(pre) / len(pre))
    assert averages.posttest_average == pytest.approx(sum(post) / len(post))

    pretest = people.course.quiz("pretest")
    assert pretest is not None
    expected: dict[str, list[int]] = {}
    for layout, results in db.execute(text(ITEMS), {"course": COURSE}):
        layout = json.loads(layout) if isinstance(layout, str) else layout
        results = json.loads(results) if isinstance(results, str) else results
        for slot in layout:
            counts = expected.setdefault(slot["question"], [0, 0, 0])
            result = results.get(slot["question"], {})
            counts[0] += 1
            counts[1] += bool(result.get("answered"))
            counts[2] += bool(result.get("answered") and result.get("correct"))
    stats, _ = item_analysis(db, COURSE, pretest, None)
    assert {s.question_id: [s.asked, s.answered, s.correct] for s in stats if s.asked} == expected
    login_as(client, people.admin)
    page = get(client, f"{BASE}/courses/{COURSE}/dashboard").text
    assert f"<dt>Enrolled</dt><dd>{numbers.enrolled}</dd>" in page
    assert f"<dt>Active in the last 30 days</dt><dd>{numbers.active}</dd>" in page
    assert (
        "District" in page
        and "(times in America/New_York)" in get(client, f"{BASE}/completions?course={COURSE}").text
    )


def test_what_each_figure_means_defines_every_figure_the_reports_show() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "administration.md").read_text()
    section = docs.split("## What each figure means", 1)[1].split("\n## ", 1)[0]
    figures = [
        "Status",
        "Account status",
        "Enrolled",
        "Completed",
        "Median time to complete",
        "Active in the last 30 days",
        "Reached",
        "Organization",
        "Organization kind",
        "Pre-test score",
        "Post-test best",
        "Modules completed",
        "Knowledge gain",
        "Item analysis",
        "Hours",
        "Certificate status",
        "Times and dates",
    ]
    for figure in figures:
        assert re.search(rf"\*\*{re.escape(figure)}\b|\*{re.escape(figure)}\*", section), figure
    assert "course_engine/reports/figures.py" in section and "SITE_TIMEZONE" in section
