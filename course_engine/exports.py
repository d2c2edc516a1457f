"""Export jobs: ask, claim, report progress, finish; only the owner sees or downloads them.

Plain functions over a session (no Flask). A job row is the truth: the queue only carries
"run job N", a worker claims the row with one conditional UPDATE and a lease, and a job whose
worker died is claimed again after the lease and built from the start (the result replaces
nothing until it is complete, so a retry never leaves half a file).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from course_engine import leases
from course_engine.admin.scope import scope_learners
from course_engine.models import (
    Certificate,
    CertificateStatus,
    ExportFile,
    ExportJob,
    ExportStatus,
    User,
)
from course_engine.models.types import utcnow

CERTIFICATES_ZIP = "certificates_zip"
COMPLETIONS = "completions"
TRANSCRIPTS_ZIP = "transcripts_zip"


def request_export(session: Session, owner: User, kind: str, **params: Any) -> ExportJob:
    """A new queued job for ``owner`` (scoped to their organization unless an administrator)."""
    job = ExportJob(
        owner_id=owner.id,
        kind=kind,
        params=params,
        status=ExportStatus.QUEUED,
        organization_id=None if owner.access_role == "admin" else owner.organization_id,
        total=0,
        done=0,
    )
    session.add(job)
    session.flush()
    return job


def job_for(session: Session, job_id: int, viewer: User) -> ExportJob | None:
    """The job if ``viewer`` asked for it (anyone else: None, shown as 404)."""
    job = session.get(ExportJob, job_id)
    return job if job is not None and job.owner_id == viewer.id else None


def claim(session: Session, job_id: int, now: datetime, lease: timedelta) -> ExportJob | None:
    """Take a queued job (or one whose worker's lease ran out); None if it is not to run."""
    return leases.claim(
        session,
        ExportJob,
        job_id,
        waiting=ExportStatus.QUEUED,
        holding=ExportStatus.RUNNING,
        now=now,
        lease=lease,
        done=0,
    )


def certificates_in_scope(session: Session, job: ExportJob) -> Sequence[Certificate]:
    """The valid certificates of the job's course that its owner may see, by id."""
    owner = session.get(User, job.owner_id)
    assert owner is not None
    query = (
        select(Certificate)
        .join(User, User.id == Certificate.user_id)
        .where(Certificate.course_slug == job.params.get("course"))
        .where(Certificate.status == CertificateStatus.VALID)
        .order_by(Certificate.id)
    )
    return session.scalars(scope_learners(query, owner)).all()


def record_progress(session: Session, job_id: int, claimed_until: datetime, **values: int) -> None:
    """Set the job's ``total`` and/or ``done``; its worker holds it until ``claimed_until``."""
    session.execute(
        update(ExportJob)
        .where(ExportJob.id == job_id)
        .values(claimed_until=claimed_until, **values)
        .execution_options(synchronize_session=False)
    )


def finish(
    session: Session,
    job: ExportJob,
    content: bytes,
    filename: str,
    mimetype: str,
    keep: timedelta,
) -> None:
    """Store the result and open the download until ``keep`` from now."""
    session.execute(delete(ExportFile).where(ExportFile.job_id == job.id))
    session.add(ExportFile(job_id=job.id, content=content))
    now = utcnow()
    job.status, job.done, job.claimed_until = ExportStatus.DONE, job.total, None
    job.finished_at, job.expires_at = now, now + keep
    job.filename, job.mimetype = filename, mimetype
    session.flush()


def fail(session: Session, job: ExportJob, error: str) -> None:
    """The job cannot finish; the error shows on its page."""
    job.status, job.error, job.claimed_until = ExportStatus.FAILED, error[:2000], None
    job.finished_at = utcnow()
    session.flush()


def result(session: Session, job: ExportJob, now: datetime) -> bytes | None:
    """The finished file, while it has not expired."""
    if job.status != ExportStatus.DONE or job.expires_at is None or job.expires_at <= now:
        return None
    stored = session.get(ExportFile, job.id)
    return stored.content if stored is not None else None


def delete_expired(session: Session, now: datetime) -> int:
    """Remove the files of expired jobs; how many."""
    expired = select(ExportJob.id).where(ExportJob.expires_at <= now)
    removed = session.execute(delete(ExportFile).where(ExportFile.job_id.in_(expired)))
    return removed.rowcount or 0  # type: ignore[attr-defined]


def overdue_job_ids(session: Session, now: datetime, grace: timedelta) -> list[int]:
    """Jobs no worker holds: queued for ``grace`` already, or running past their lease."""
    return leases.overdue_ids(
        session,
        ExportJob,
        waiting=ExportStatus.QUEUED,
        holding=ExportStatus.RUNNING,
        due=ExportJob.created_at,
        before=now - grace,
        now=now,
    )
