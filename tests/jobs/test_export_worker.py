"""A certificate ZIP job on a real worker, on both queue storages; SIGKILL mid-job loses nothing."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine import exports
from course_engine.database import engine_of
from course_engine.export_tasks import enqueue_export
from course_engine.models import AccessRole, ExportFile, ExportJob, ExportStatus
from course_engine.models.types import utcnow
from tests.admin.conftest import certify
from tests.factories import create_user
from tests.jobs.conftest import Site, wait_until

CERTIFICATES = 40


def job_row(site: Site) -> ExportJob:
    with Session(engine_of(site.app)) as session:
        return session.scalars(select(ExportJob)).one()


def test_a_worker_killed_mid_export_is_replaced_and_the_zip_is_whole(make_site) -> None:
    site = make_site(EXPORT_LEASE_SECONDS=3)
    course = site.app.extensions["content"].catalog.course("heart-collaboration")
    with Session(engine_of(site.app)) as session:
        admin = create_user(session, access_role=AccessRole.ADMIN)
        for _ in range(CERTIFICATES):
            certify(session, create_user(session), course)
        job = exports.request_export(session, admin, exports.CERTIFICATES_ZIP, course=course.slug)
        session.commit()
        job_id = job.id
    with site.app.app_context():
        enqueue_export(job_id)
    doomed = site.start_worker(threads=1)
    wait_until(lambda: 0 < job_row(site).done < CERTIFICATES, "the job to be half done")

    site.kill(doomed)
    assert job_row(site).status == ExportStatus.RUNNING
    wait_until(lambda: utcnow() > job_row(site).claimed_until, "the dead worker's lease")
    site.start_worker(threads=1)

    wait_until(lambda: job_row(site).status == ExportStatus.DONE, "the restarted job", timeout=120)
    with Session(engine_of(site.app)) as session:
        [stored] = session.scalars(select(ExportFile)).all()
        assert session.scalar(select(func.count()).select_from(ExportJob)) == 1
        names = zipfile.ZipFile(io.BytesIO(stored.content)).namelist()
    assert len(names) == len(set(names)) == CERTIFICATES
    assert job_row(site).done == job_row(site).total == CERTIFICATES
