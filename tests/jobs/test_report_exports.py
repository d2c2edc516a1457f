"""Large completion reports and transcript ZIPs as jobs: progress page, stored result, scope."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import ExportFile, ExportJob
from course_engine.progress.enrolment import enrol
from tests.admin.conftest import LoginAs, People, audit_actions, post
from tests.factories import create_user
from tests.support.pdf import pdf_text


def ask_for_report(client: FlaskClient, course: Course, fmt: str) -> str:
    """POST the completion report's export; where it leads."""
    response = post(
        client,
        f"/admin/reports/completions.{fmt}",
        {"course": course.slug},
        token_from=f"/admin/reports/completions?course={course.slug}",
    )
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def test_a_report_above_the_threshold_is_built_by_a_worker_with_progress(
    app: Flask,
    client: FlaskClient,
    db: Session,
    people: People,
    login_as: LoginAs,
    course: Course,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 1)
    enrol(db, people.member, course)
    enrol(db, create_user(db, full_name="Zoë Other", organization_id=people.other_org.id), course)
    db.commit()
    login_as(client, people.admin)

    job_page = ask_for_report(client, course, "csv")
    page = client.get(job_page).get_data(as_text=True)

    assert "Completion report for" in page and "(CSV)" in page
    assert re.search(r'<progress id="export-bar" max="2" value="2">', page)
    assert "Done: 2 rows." in page
    download = client.get(f"{job_page}/download")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert sorted(row[0] for row in rows[1:]) == sorted([people.member.full_name, "Zoë Other"])
    assert "report.exported" in audit_actions(db)
    job = db.scalars(select(ExportJob)).one()
    assert db.get(ExportFile, job.id) is not None  # the result lives in the database


def test_an_organization_administrators_xlsx_job_holds_only_their_learners(
    app: Flask,
    client: FlaskClient,
    db: Session,
    people: People,
    login_as: LoginAs,
    course: Course,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 0)
    enrol(db, people.member, course)
    enrol(db, create_user(db, full_name="Zoë Other", organization_id=people.other_org.id), course)
    db.commit()
    login_as(client, people.org_admin)

    job_page = ask_for_report(client, course, "xlsx")
    download = client.get(f"{job_page}/download")

    sheet = openpyxl.load_workbook(io.BytesIO(download.data)).active
    assert sheet is not None
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [people.member.full_name]


def test_a_small_report_still_downloads_at_once(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    enrol(db, people.member, course)
    db.commit()
    login_as(client, people.admin)

    response = post(
        client,
        "/admin/reports/completions.csv",
        {"course": course.slug},
        token_from=f"/admin/reports/completions?course={course.slug}",
    )

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert people.member.full_name in response.get_data(as_text=True)
    response.close()
    assert db.scalars(select(ExportJob)).all() == []


def ask_for_transcripts(client: FlaskClient, course: Course) -> str:
    response = post(
        client, "/admin/exports/transcripts", {"course": course.slug}, token_from="/admin/exports/"
    )
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def test_transcripts_of_a_course_come_as_one_zip_job_scoped_to_the_organization(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    enrol(db, people.member, course)
    other = create_user(db, full_name="Zoë Other", organization_id=people.other_org.id)
    enrol(db, other, course)
    db.commit()
    login_as(client, people.org_admin)

    job_page = ask_for_transcripts(client, course)
    page = client.get(job_page).get_data(as_text=True)
    download = client.get(f"{job_page}/download")

    assert "Transcripts ZIP for" in page and "Done: 1 transcripts." in page
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    assert archive.namelist() == [f"transcript-{people.member.id}.pdf"]


def test_a_transcript_in_the_zip_is_the_learners_transcript(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course, tmp_path
) -> None:
    enrol(db, people.member, course)
    db.commit()
    login_as(client, people.admin)

    job_page = ask_for_transcripts(client, course)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{job_page}/download").data))
    path = tmp_path / "t.pdf"
    path.write_bytes(archive.read(f"transcript-{people.member.id}.pdf"))

    text = pdf_text(path)
    assert people.member.full_name in text and course.title.split(":")[0] in text


def test_a_transcripts_zip_without_a_valid_token_is_refused(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    login_as(client, people.admin)
    response = client.post("/admin/exports/transcripts", data={"course": course.slug})
    assert response.status_code == 400
    assert db.scalars(select(ExportJob)).all() == []


def test_a_learner_cannot_ask_for_transcripts(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    login_as(client, people.learner)
    response = post(client, "/admin/exports/transcripts", {"course": course.slug})
    assert response.status_code in (403, 404)
    assert db.scalars(select(ExportJob)).all() == []
