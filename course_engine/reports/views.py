"""Report pages for administrators and org admins: the index and the completion report."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from math import ceil
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from course_engine import audit, exports, live_content, site_time
from course_engine.admin.access import STAFF, roles_required
from course_engine.content import Course, Quiz, QuizKind
from course_engine.database import write_intent
from course_engine.export_tasks import enqueue_export
from course_engine.extensions import db
from course_engine.models import User
from course_engine.models.types import utcnow
from course_engine.reports.charts import format_value
from course_engine.reports.completions import (
    COLUMNS,
    CompletionRow,
    completion_page,
    completion_rows,
)
from course_engine.reports.exports import MIMETYPES, write_export
from course_engine.reports.filters import ReportFilters
from course_engine.reports.forms import FilterForm, filter_form, outside_scope

blueprint = Blueprint("reports", __name__, url_prefix="/admin/reports")

#: Rows per page of the completion report.
PER_PAGE = 50


@blueprint.app_template_filter("report_number")
def report_number(value: float | None, unit: str = "") -> str:
    """A number as reports show it: one decimal at most, '–' when there is none."""
    return format_value(value, unit)


def viewer() -> User:
    """The signed-in staff member."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def all_courses() -> list[Course]:
    """Every course of the current content, drafts included, by title."""
    current = live_content.current_catalog()
    return sorted(current.courses.values(), key=lambda c: c.title) if current else []


def course_or_404(slug: str) -> Course:
    """A course of the current content (drafts included), or 404."""
    current = live_content.current_catalog()
    course = current.course(slug) if current else None
    if course is None:
        abort(404)
    return course


def graded_quizzes(course: Course) -> list[Quiz]:
    """The course's quizzes that have an item analysis (not surveys): pre-test first."""
    order = {QuizKind.PRETEST: 0, QuizKind.KNOWLEDGE_CHECK: 1, QuizKind.POSTTEST: 2}
    position = {module.quiz: number for number, module in enumerate(course.modules) if module.quiz}
    graded = [quiz for quiz in course.quizzes.values() if quiz.kind is not QuizKind.SURVEY]
    return sorted(
        graded, key=lambda quiz: (order.get(quiz.kind, 3), position.get(quiz.id, 0), quiz.title)
    )


@blueprint.get("/")
@roles_required(*STAFF)
def index() -> str:
    """Links to every report, per course."""
    return render_template(
        "reports/index.html", courses=[(course, graded_quizzes(course)) for course in all_courses()]
    )


@blueprint.get("/completions")
@roles_required(*STAFF)
def completions() -> str:
    """The completion report: filters, one page of rows, download links with the same filters."""
    form, filters = _read_filters(request.args)
    rows: list[CompletionRow] = []
    total, page = 0, _page()
    if filters is not None:
        course = course_or_404(filters.course_slug)
        rows, total = completion_page(db.session, course, filters, viewer(), page, PER_PAGE)
    pages = max(1, ceil(total / PER_PAGE))
    args: dict[str, Any] = filters.as_args() if filters else {}
    return render_template(
        "reports/completions.html",
        form=form,
        filters=filters,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        columns=COLUMNS,
        args=args,
        page_url=lambda number: url_for(".completions", page=number, **args),
    )


@blueprint.post("/completions.<any(csv, xlsx):fmt>")
@roles_required(*STAFF)
def export_completions(fmt: str) -> Response:
    """The whole filtered report as CSV or XLSX, recorded in the audit log.

    A POST (with the filters as form fields) because it writes the audit entry. The rows are
    spooled to a temporary file first, so the download never holds a database transaction.
    """
    _, filters = _read_filters(request.form)
    if filters is None:
        abort(400)
    course = course_or_404(filters.course_slug)
    _, total = completion_page(db.session, course, filters, viewer(), 1, 1)
    if total > current_app.config["EXPORT_JOB_ROWS"]:
        return _export_as_job(filters, fmt, total)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (send_file closes it)
    try:
        with reading_without_write_lock():
            rows = completion_rows(db.session, course, filters, viewer())
            count = write_export(fmt, rows, spool, filters.time_zone)
    except BaseException:
        spool.close()
        raise
    audit.record(
        db.session,
        viewer(),
        "report.exported",
        "report",
        report="completions",
        format=fmt,
        rows=count,
        filters=filters.as_dict(),
    )
    db.session.commit()
    spool.seek(0)
    response = send_file(
        spool,
        mimetype=MIMETYPES[fmt],
        as_attachment=True,
        download_name=export_filename(filters, fmt),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _export_as_job(filters: ReportFilters, fmt: str, total: int) -> Response:
    """A large report is built by a worker: queue the job, show its progress page."""
    job = exports.request_export(
        db.session,
        viewer(),
        exports.COMPLETIONS,
        course=filters.course_slug,
        format=fmt,
        filters=filters.as_args(),
        time_zone=filters.time_zone,
    )
    audit.record(
        db.session,
        viewer(),
        "report.exported",
        "report",
        report="completions",
        format=fmt,
        rows=total,
        filters=filters.as_dict(),
        job=job.id,
    )
    db.session.commit()
    enqueue_export(job.id)
    return redirect(url_for("admin_exports.job", job_id=job.id))


def export_filename(filters: ReportFilters, fmt: str) -> str:
    """completions-<course>-<today in the site time zone>.<fmt>"""
    today = site_time.today(utcnow(), filters.time_zone)
    return f"completions-{filters.course_slug}-{today.isoformat()}.{fmt}"


@contextmanager
def reading_without_write_lock() -> Iterator[None]:
    """Run a long read (an export) in its own transaction that does not take SQLite's write
    lock, as a GET would; learners' writes go on meanwhile."""
    db.session.commit()
    token = write_intent.set(False)
    try:
        yield
    finally:
        db.session.commit()
        write_intent.reset(token)


def _read_filters(values: MultiDict[str, str]) -> tuple[FilterForm, ReportFilters | None]:
    """The filter form from query or form values and, when it is valid, the filters (403 when
    an org admin asks for another organization)."""
    if outside_scope(db.session, values, viewer()):
        abort(403)
    time_zone = current_app.config["SITE_TIMEZONE"]
    courses = all_courses()
    if not values.get("course") and courses:
        # the report opens on the first course (the only one, often): chosen, not an error
        values = MultiDict(values)
        values["course"] = courses[0].slug
    form = filter_form(db.session, values, courses, viewer(), time_zone)
    if not form.validate():
        return form, None
    return form, form.filters(time_zone)


def _page() -> int:
    """The page number asked for (1 when missing or not a number)."""
    value: Any = request.args.get("page", "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1
