"""Bulk certificate ZIPs as jobs: progress page, download kept in the database, owner only."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import ExportJob, ExportStatus
from course_engine.models.types import utcnow
from tests.admin.conftest import LoginAs, People, certify, post
from tests.factories import create_user


def ask_for_zip(client: FlaskClient, course: Course) -> str:
    """Ask for the course's certificate ZIP; the job page it leads to."""
    response = post(
        client, "/admin/exports/certificates", {"course": course.slug}, token_from="/admin/exports/"
    )
    assert response.status_code == 302
    return response.headers["Location"]


def names_in(content: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(content)).namelist()


def test_an_administrator_gets_every_certificate_as_a_zip_job_with_progress(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    mine = certify(db, people.member, course)
    theirs = certify(db, create_user(db, organization_id=people.other_org.id), course)
    login_as(client, people.admin)

    job_page = ask_for_zip(client, course)
    page = client.get(job_page).get_data(as_text=True)

    assert re.search(r'<progress id="export-bar" max="2" value="2">', page)
    assert "Done: 2 certificates." in page
    download = client.get(f"{job_page}/download")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert sorted(names_in(download.data)) == sorted(
        [f"certificate-{mine.serial}.pdf", f"certificate-{theirs.serial}.pdf"]
    )
    status = client.get(f"{job_page}.json").get_json()
    assert status == {"status": "done", "done": 2, "total": 2}


def test_an_organization_administrator_gets_only_their_learners_certificates(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    mine = certify(db, people.member, course)
    certify(db, create_user(db, organization_id=people.other_org.id), course)
    login_as(client, people.org_admin)

    job_page = ask_for_zip(client, course)

    assert names_in(client.get(f"{job_page}/download").data) == [f"certificate-{mine.serial}.pdf"]


def test_nobody_but_the_owner_sees_the_job_or_its_download(
    app, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    certify(db, people.member, course)
    owner, other_admin = app.test_client(), app.test_client()
    login_as(owner, people.org_admin)
    job_page = ask_for_zip(owner, course)
    login_as(other_admin, create_user(db, access_role="admin"))

    for path in (job_page, f"{job_page}.json", f"{job_page}/download"):
        assert other_admin.get(path).status_code == 404, path


def test_an_expired_download_is_gone(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, course: Course
) -> None:
    certify(db, people.member, course)
    login_as(client, people.admin)
    job_page = ask_for_zip(client, course)
    job = db.scalars(select(ExportJob)).one()
    assert job.status == ExportStatus.DONE
    job.expires_at = utcnow() - timedelta(minutes=1)
    db.flush()

    assert client.get(f"{job_page}/download").status_code == 410
    assert "has expired" in client.get(job_page).get_data(as_text=True)


def test_the_progress_page_works_without_script_while_the_job_waits(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    job = ExportJob(
        owner_id=people.admin.id,
        kind="certificates_zip",
        params={"course": "heart-collaboration"},
        status=ExportStatus.QUEUED,
        total=0,
        done=0,
    )
    db.add(job)
    db.flush()
    login_as(client, people.admin)

    page = client.get(f"/admin/exports/{job.id}").get_data(as_text=True)

    assert "Waiting for a worker." in page
    assert f'href="/admin/exports/{job.id}" id="export-refresh"' in page
    assert "http-equiv" not in page
