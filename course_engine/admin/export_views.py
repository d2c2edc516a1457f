"""Exports as jobs: ask for a certificate or transcript ZIP, watch its progress, download it
(owner only). Large completion reports come here too (reports.views)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, url_for
from flask import Response as FlaskResponse
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectField

from course_engine import exports, live_content
from course_engine.admin.access import STAFF, acting_user, roles_required
from course_engine.admin.forms import choices
from course_engine.export_tasks import enqueue_export
from course_engine.extensions import db
from course_engine.models import ExportJob, ExportStatus
from course_engine.models.types import utcnow

blueprint = Blueprint("admin_exports", __name__, url_prefix="/admin/exports")

#: What each kind of job is called on its pages, and what its items are.
KIND_NAMES = {
    exports.CERTIFICATES_ZIP: ("Certificates ZIP", "certificates"),
    exports.TRANSCRIPTS_ZIP: ("Transcripts ZIP", "transcripts"),
    exports.COMPLETIONS: ("Completion report", "rows"),
}


class CertificateZipForm(FlaskForm):
    """Which course's certificates (or transcripts) to put in one ZIP."""

    course = SelectField("Course")


def _zip_form() -> CertificateZipForm:
    form = CertificateZipForm()
    form.course.choices = choices(
        (course.slug, course.title) for course in live_content.courses_for(include_drafts=False)
    )
    return form


@blueprint.get("/")
@roles_required(*STAFF)
def index() -> str:
    """The request form and the viewer's own recent export jobs."""
    mine = db.session.scalars(
        select(ExportJob)
        .where(ExportJob.owner_id == acting_user().id)
        .order_by(ExportJob.id.desc())
        .limit(20)
    ).all()
    return render_template(
        "admin/exports.html",
        form=_zip_form(),
        jobs=mine,
        now=utcnow(),
        kinds=KIND_NAMES,
    )


@blueprint.post("/transcripts")
@roles_required(*STAFF)
def transcripts_zip() -> Response:
    """Queue a ZIP of the transcript PDFs of a course's learners (those of the viewer's)."""
    form = _zip_form()
    if not form.validate_on_submit():
        abort(400)
    job = exports.request_export(
        db.session, acting_user(), exports.TRANSCRIPTS_ZIP, course=form.course.data
    )
    db.session.commit()
    enqueue_export(job.id)
    return redirect(url_for(".job", job_id=job.id))


@blueprint.post("/certificates")
@roles_required(*STAFF)
def certificates_zip() -> Response:
    """Queue a ZIP of a course's valid certificates (those of the viewer's learners)."""
    form = _zip_form()
    if not form.validate_on_submit():
        abort(400)
    job = exports.request_export(
        db.session, acting_user(), exports.CERTIFICATES_ZIP, course=form.course.data
    )
    db.session.commit()
    enqueue_export(job.id)
    return redirect(url_for(".job", job_id=job.id))


def _own_job(job_id: int) -> ExportJob:
    job = exports.job_for(db.session, job_id, acting_user())
    if job is None:
        abort(404)
    return job


@blueprint.get("/<int:job_id>")
@roles_required(*STAFF)
def job(job_id: int) -> str:
    """The job's progress bar (refresh by link, or by the page's script), then its download."""
    found = _own_job(job_id)
    return render_template(
        "admin/export_job.html",
        job=found,
        now=utcnow(),
        finished=found.status in (ExportStatus.DONE, ExportStatus.FAILED),
        kind=KIND_NAMES.get(found.kind, ("Export", "items")),
    )


@blueprint.get("/<int:job_id>.json")
@roles_required(*STAFF)
def job_status(job_id: int) -> Response:
    """The job's state for the progress script."""
    found = _own_job(job_id)
    response = jsonify(status=found.status.value, done=found.done, total=found.total)
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/<int:job_id>/download")
@roles_required(*STAFF)
def download(job_id: int) -> Response:
    """The finished file, to its owner, until it expires (then 410)."""
    found = _own_job(job_id)
    content = exports.result(db.session, found, utcnow())
    if content is None:
        abort(410 if found.status == ExportStatus.DONE else 404)
    response = FlaskResponse(content, mimetype=found.mimetype or "application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
