"""What each kind of export job builds: certificate ZIPs, completion reports, transcript ZIPs.

Each builder takes a claimed job, sets its ``total``, reports progress through ``step`` as it
goes, and returns the file (bytes, name, media type); export_tasks stores it in the database.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from flask import current_app
from sqlalchemy import select

from course_engine import exports, live_content, site_time
from course_engine.admin.scope import scope_learners
from course_engine.certificates.document import write_zip
from course_engine.certificates.render import job_of
from course_engine.extensions import db
from course_engine.models import Enrolment, ExportJob, User
from course_engine.models.types import utcnow
from course_engine.reports.completions import CompletionRow, completion_page
from course_engine.reports.exports import MIMETYPES, write_export
from course_engine.reports.filters import parse_filters
from course_engine.reports.transcript import transcript
from course_engine.reports.transcript_pdf import transcript_pdf

Built = tuple[bytes, str, str]
Item = TypeVar("Item")
#: Rows of a completion report read at once (progress is reported after each batch).
REPORT_PAGE = 2000


class Step(Protocol):
    """Reports progress: ``start(total)`` once, then ``step(done)`` after each item."""

    def start(self, total: int) -> None: ...

    def __call__(self, done: int) -> None: ...


def build(job: ExportJob, step: Step) -> Built:
    """The file of ``job``, by its kind."""
    builders = {
        exports.CERTIFICATES_ZIP: certificates_zip,
        exports.COMPLETIONS: completions,
        exports.TRANSCRIPTS_ZIP: transcripts_zip,
    }
    if job.kind not in builders:
        raise ValueError(f"unknown export kind {job.kind!r}")
    return builders[job.kind](job, step)


def _owner(job: ExportJob) -> User:
    owner = db.session.get(User, job.owner_id)
    assert owner is not None
    return owner


def _stamp() -> str:
    return utcnow().strftime("%Y%m%d-%H%M")


def certificates_zip(job: ExportJob, step: Step) -> Built:
    """Every valid certificate of the course the owner may see, one PDF each."""
    certificates = exports.certificates_in_scope(db.session, job)
    step.start(len(certificates))
    pdf_jobs = [job_of(certificate) for certificate in certificates]
    db.session.commit()  # render without holding a transaction (SQLite: the write lock)
    buffer = io.BytesIO()
    write_zip(buffer, pdf_jobs, current_app.config["EXPORT_PDF_PROCESSES"], step)
    filename = f"certificates-{job.params.get('course')}-{_stamp()}.zip"
    return buffer.getvalue(), filename, "application/zip"


def completions(job: ExportJob, step: Step) -> Built:
    """The completion report with the filters it was asked with, as CSV or XLSX."""
    fmt = str(job.params["format"])
    filters = parse_filters(job.params["filters"], str(job.params["time_zone"]))
    loaded = live_content.current_catalog()
    course = loaded.course(filters.course_slug) if loaded else None
    if course is None:
        raise ValueError(f"the course {filters.course_slug!r} is no longer in the content")
    owner = _owner(job)
    _, total = completion_page(db.session, course, filters, owner, 1, 1)
    step.start(total)

    def rows() -> Iterator[CompletionRow]:
        """The report a page at a time (progress is committed between pages)."""
        done, page = 0, 1
        while done < total:
            batch, _ = completion_page(db.session, course, filters, owner, page, REPORT_PAGE)
            if not batch:
                break
            yield from batch
            done, page = done + len(batch), page + 1
            step(done)

    buffer = io.BytesIO()
    write_export(fmt, rows(), buffer, filters.time_zone)
    today = site_time.today(utcnow(), filters.time_zone)
    return buffer.getvalue(), f"completions-{course.slug}-{today.isoformat()}.{fmt}", MIMETYPES[fmt]


def transcripts_zip(job: ExportJob, step: Step) -> Built:
    """The transcript PDF of every learner of the course the owner may see."""
    owner = _owner(job)
    query = (
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.course_slug == job.params.get("course"), User.deleted_at.is_(None))
        .order_by(User.id)
    )
    learners = db.session.scalars(scope_learners(query, owner)).unique().all()
    step.start(len(learners))
    config = current_app.config
    catalog = live_content.current_catalog()
    now = utcnow()
    today = site_time.today(now, config["SITE_TIMEZONE"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for count, learner in enumerate(learners, start=1):
            entries = transcript(db.session, learner, catalog, today)
            pdf = transcript_pdf(
                learner.full_name,
                learner.email,
                config["SITE_NAME"],
                entries,
                now,
                config["SITE_TIMEZONE"],
            )
            archive.writestr(f"transcript-{learner.id}.pdf", pdf)
            step(count)
    return (
        buffer.getvalue(),
        f"transcripts-{job.params.get('course')}-{_stamp()}.zip",
        ("application/zip"),
    )


def counted(items: Iterable[Item], step: Step) -> Iterator[Item]:
    """``items`` as they are, calling ``step(count)`` after each."""
    for count, item in enumerate(items, start=1):
        yield item
        step(count)
