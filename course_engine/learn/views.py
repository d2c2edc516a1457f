"""Views of the course catalog, a course, the learner's dashboard, and module pages."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from course_engine import catalog
from course_engine.admin.access import can_preview_drafts
from course_engine.certificates.util import certificates_by_course, current_certificate
from course_engine.content import Course, Module
from course_engine.extensions import db
from course_engine.learn.forms import ActionForm
from course_engine.models import Enrolment
from course_engine.models.types import utcnow
from course_engine.progress.completion import refresh_completion
from course_engine.progress.enrolment import enrol, enrolments_of, get_enrolment
from course_engine.progress.pages import PageNotReachable, record_pages, resume_point
from course_engine.progress.state import CourseProgress, load_progress

blueprint = Blueprint("learn", __name__)

#: Assets (SVG included) may never run script, even when opened on their own.
ASSET_POLICY = "default-src 'none'; img-src 'self'; sandbox"


@blueprint.get("/")
def home() -> str:
    """The list of courses learners can take."""
    drafts = can_preview_drafts(current_user)
    return render_template("learn/home.html", courses=catalog.courses_for(drafts), drafts=drafts)


@blueprint.get("/courses/<slug>/")
def course(slug: str) -> str:
    """A course's summary, hours, objectives and modules; for its learners, what is left."""
    drafts = can_preview_drafts(current_user)
    course = catalog.course_or_404(slug, include_drafts=drafts)
    progress = certificate = None
    if current_user.is_authenticated and not course.draft:
        enrolment = get_enrolment(db.session, current_user.id, slug)
        if enrolment is not None:
            progress = load_progress(db.session, enrolment, course)
            if enrolment.completed_at is not None:
                certificate = current_certificate(db.session, enrolment.id)
    return render_template(
        "learn/course.html", course=course, modules=catalog.modules_for(course, drafts),
        progress=progress, form=ActionForm(), certificate=certificate,
        continue_url=continue_url(progress) if progress else None,
    )


@blueprint.post("/courses/<slug>/enrol")
@login_required
def enrol_in_course(slug: str) -> Response:
    """Enrol the learner (once) and open the course's first step."""
    course = catalog.course_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    enrolment = enrol(db.session, current_user, course)
    db.session.commit()
    flash(f"You are enrolled in {course.title}.", "success")
    return redirect(continue_url(load_progress(db.session, enrolment, course)))


@blueprint.post("/courses/<slug>/pretest/skip")
@login_required
def skip_pretest(slug: str) -> Response:
    """Skip the pre-test, where the course allows it."""
    course = catalog.course_or_404(slug)
    enrolment = _enrolment_or_redirect(course)
    if not isinstance(enrolment, Enrolment):
        return enrolment
    if not ActionForm().validate_on_submit():
        abort(400)
    progress = load_progress(db.session, enrolment, course)
    if not progress.may_skip_pretest:
        abort(403)
    enrolment.pretest_skipped_at = utcnow()
    refresh_completion(db.session, enrolment, course)
    db.session.commit()
    return redirect(url_for("learn.course", slug=slug))


@blueprint.get("/dashboard")
@login_required
def dashboard() -> str:
    """The learner's courses with their progress and a Continue button."""
    current = catalog.catalog()
    rows = []
    for enrolment in enrolments_of(db.session, current_user.id):
        course = current.course(enrolment.course_slug) if current else None
        if course is None or course.draft:
            continue
        progress = load_progress(db.session, enrolment, course)
        rows.append((progress, continue_url(progress)))
    certificates = certificates_by_course(db.session, current_user.id)
    return render_template("learn/dashboard.html", rows=rows, certificates=certificates)


@blueprint.get("/courses/<slug>/modules/<module_id>")
def module(slug: str, module_id: str) -> Response:
    """A module's first page."""
    return redirect(url_for("learn.page", slug=slug, module_id=module_id, number=1))


@blueprint.get("/courses/<slug>/modules/<module_id>/<int:number>")
@login_required
def page(slug: str, module_id: str, number: int) -> str | Response | tuple[str, int]:
    """One page of a module, with previous and next, for an enrolled learner."""
    course, module = _module_or_404(slug, module_id, number)
    enrolment = _enrolment_or_redirect(course)
    if not isinstance(enrolment, Enrolment):
        return enrolment
    progress = load_progress(db.session, enrolment, course)
    if not progress.is_open(module):
        return render_template(
            "learn/locked.html", course=course, module=module, progress=progress,
            locked_by=progress.locked_by(module),
        ), 403
    modules = course.visible_modules()
    position = modules.index(module)
    return render_template(
        "learn/page.html", course=course, module=module, page=module.pages[number - 1],
        module_number=position + 1, module_count=len(modules), form=ActionForm(),
        previous_module=modules[position - 1] if position > 0 else None,
    )


@blueprint.post("/courses/<slug>/modules/<module_id>/<int:number>/next")
@login_required
def next_page(slug: str, module_id: str, number: int) -> Response:
    """Record this page (and the next) as reached, then go on."""
    course, module = _module_or_404(slug, module_id, number)
    enrolment = _enrolment_or_redirect(course)
    if not isinstance(enrolment, Enrolment):
        return enrolment
    if not ActionForm().validate_on_submit():
        abort(400)
    pages = [number, number + 1] if number < len(module.pages) else [number]
    try:
        progress = record_pages(db.session, enrolment, course, module, pages)
    except PageNotReachable:  # raised before anything was written
        flash("Please read the pages in order: here is where you left off.", "error")
        return redirect(continue_url(load_progress(db.session, enrolment, course)))
    db.session.commit()
    if number < len(module.pages):
        return redirect(url_for("learn.page", slug=slug, module_id=module_id, number=number + 1))
    return redirect(after_module_url(progress, module))


@blueprint.get("/courses/<slug>/assets/<path:path>")
def asset(slug: str, path: str) -> Response:
    """An image or download from the course's assets folder."""
    course = catalog.course_or_404(slug)
    file_path = course.asset_path(path)
    if file_path is None:
        abort(404)
    response = send_file(file_path, max_age=3600)
    response.headers["Content-Security-Policy"] = ASSET_POLICY
    return response


@blueprint.get("/_content/errors")
def content_errors() -> str:
    """For authors in development: the errors of the last content reload."""
    if not (current_app.config["CONTENT_AUTO_RELOAD"] or current_app.debug):
        abort(404)
    return render_template("learn/content_errors.html", errors=catalog.content_errors())


def quiz_url(course: Course, quiz_id: str) -> str:
    """The intro page of a quiz."""
    return url_for("quiz.intro", slug=course.slug, quiz_id=quiz_id)


def continue_url(progress: CourseProgress) -> str:
    """Where Continue leads: the exact page where the learner stopped, else the next step."""
    course = progress.course
    if course.pretest and not progress.pretest_done:
        return quiz_url(course, course.pretest)
    resume = resume_point(progress.enrolment, course)
    if resume is not None:
        module, number = resume
        if progress.is_open(module) and module.id not in progress.completed_modules:
            return url_for("learn.page", slug=course.slug, module_id=module.id, number=number)
    return next_step_url(progress)


def next_step_url(progress: CourseProgress) -> str:
    """The first thing left to do: a module page, a knowledge check, the post-test, ..."""
    course = progress.course
    for module in course.visible_modules():
        if module.id in progress.completed_modules or not progress.is_open(module):
            continue
        if progress.read_to_end(module) and module.quiz:
            return quiz_url(course, module.quiz)
        reached = progress.pages.get(module.id) or {1}
        return url_for("learn.page", slug=course.slug, module_id=module.id, number=max(reached))
    if course.posttest and not progress.posttest_passed:
        return quiz_url(course, course.posttest)
    if course.evaluation and not progress.quiz(course.evaluation).submitted:
        return quiz_url(course, course.evaluation)
    return url_for("learn.course", slug=course.slug)


def after_module_url(progress: CourseProgress, module: Module) -> str:
    """After a module's last page: its knowledge check, else the next step of the course."""
    if module.quiz and not progress.quiz(module.quiz).passed:
        return quiz_url(progress.course, module.quiz)
    return next_step_url(progress)


def _module_or_404(slug: str, module_id: str, number: int) -> tuple[Course, Module]:
    """The course and visible module, or 404 when either or the page number is unknown."""
    course = catalog.course_or_404(slug)
    module = course.module(module_id)
    if module is None or module.draft or not 1 <= number <= len(module.pages):
        abort(404)
    return course, module


def _enrolment_or_redirect(course: Course) -> Enrolment | Response:
    """The current learner's enrolment, or a redirect to the course page to enrol."""
    enrolment = get_enrolment(db.session, current_user.id, course.slug)
    if enrolment is None:
        flash("Enrol in the course to open its modules.", "error")
        return redirect(url_for("learn.course", slug=course.slug))
    return enrolment
