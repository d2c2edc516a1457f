"""Views of the course catalog, a course, the learner's dashboard, and module pages."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from course_engine import live_content
from course_engine.admin.access import can_preview_drafts
from course_engine.certificates.queries import certificates_by_course, current_certificate
from course_engine.content import Course, Module
from course_engine.extensions import db
from course_engine.learn.forms import ActionForm
from course_engine.learn.steps import step_url
from course_engine.models import Enrolment
from course_engine.progress import pretest
from course_engine.progress.enrolment import enrol, enrolments_of, get_enrolment
from course_engine.progress.journal import page_answers, save_answers, split_at_reflections
from course_engine.progress.next_step import after_module, continue_step
from course_engine.progress.pages import PageNotReachable, record_pages
from course_engine.progress.state import load_progress

blueprint = Blueprint("learn", __name__)

#: Assets (SVG included) may never run script, even when opened on their own.
ASSET_POLICY = "default-src 'none'; img-src 'self'; sandbox"


@blueprint.get("/")
def home() -> str:
    """The courses learners can take: a card each, with Start or the learner's Continue."""
    drafts = can_preview_drafts(current_user)
    courses = live_content.courses_for(drafts)
    mine = {}
    if current_user.is_authenticated:
        by_slug = {course.slug: course for course in courses}
        for enrolment in enrolments_of(db.session, current_user.id):
            course = by_slug.get(enrolment.course_slug)
            if course is not None and not course.draft:
                progress = load_progress(db.session, enrolment, course)
                mine[course.slug] = (progress, step_url(continue_step(progress)))
    return render_template("learn/home.html", courses=courses, drafts=drafts, mine_by_slug=mine)


@blueprint.get("/courses/<slug>/")
def course(slug: str) -> str:
    """A course's summary, hours, objectives and modules; for its learners, what is left."""
    drafts = can_preview_drafts(current_user)
    course = live_content.course_or_404(slug, include_drafts=drafts)
    progress = certificate = None
    if current_user.is_authenticated and not course.draft:
        enrolment = get_enrolment(db.session, current_user.id, slug)
        if enrolment is not None:
            progress = load_progress(db.session, enrolment, course)
            if enrolment.completed_at is not None:
                certificate = current_certificate(db.session, enrolment.id)
    return render_template(
        "learn/course.html",
        course=course,
        modules=live_content.modules_for(course, drafts),
        progress=progress,
        certificate=certificate,
        continue_url=step_url(continue_step(progress)) if progress else None,
    )


@blueprint.post("/courses/<slug>/enrol")
@login_required
def enrol_in_course(slug: str) -> Response:
    """Enrol the learner (once) and open the course's first step."""
    course = live_content.course_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    enrolment = enrol(db.session, current_user, course)
    db.session.commit()
    flash(_("You are enrolled in %(title)s.", title=course.title), "success")
    return redirect(step_url(continue_step(load_progress(db.session, enrolment, course))))


@blueprint.post("/courses/<slug>/pretest/skip")
@login_required
def skip_pretest(slug: str) -> Response:
    """Skip the pre-test, where the course allows it."""
    course = live_content.course_or_404(slug)
    enrolment = _enrolment_or_redirect(course)
    if not isinstance(enrolment, Enrolment):
        return enrolment
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        pretest.skip_pretest(db.session, enrolment, course)
    except pretest.PretestNotSkippable:
        abort(403)
    db.session.commit()
    return redirect(url_for("learn.course", slug=slug))


@blueprint.get("/dashboard")
@login_required
def dashboard() -> str:
    """The learner's courses with their progress and a Continue button."""
    current = live_content.current_catalog()
    rows = []
    enrolments = enrolments_of(db.session, current_user.id)
    for enrolment in enrolments:
        course = current.course(enrolment.course_slug) if current else None
        if course is None or course.draft:
            continue
        progress = load_progress(db.session, enrolment, course)
        rows.append((progress, step_url(continue_step(progress))))
    certificates = certificates_by_course(db.session, current_user.id)
    return render_template(
        "learn/dashboard.html",
        rows=rows,
        certificates=certificates,
        unavailable=current is None and bool(enrolments),
    )


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
            "learn/locked.html",
            course=course,
            module=module,
            progress=progress,
            locked_by=progress.locked_by(module),
        ), 403
    modules = course.visible_modules()
    position = modules.index(module)
    page = module.pages[number - 1]
    return render_template(
        "learn/page.html",
        course=course,
        module=module,
        modules=modules,
        progress=progress,
        page=page,
        module_number=position + 1,
        module_count=len(modules),
        previous_module=modules[position - 1] if position > 0 else None,
        pieces=split_at_reflections(page.html),
        answers=page_answers(db.session, enrolment, module.id, number),
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
        flash(_("Please read the pages in order: here is where you left off."), "error")
        return redirect(step_url(continue_step(load_progress(db.session, enrolment, course))))
    prompts = len(split_at_reflections(module.pages[number - 1].html)) - 1
    answers = {
        n: request.form[f"reflection-{n}"]
        for n in range(1, prompts + 1)
        if f"reflection-{n}" in request.form
    }
    save_answers(db.session, enrolment, module.id, number, answers, prompts)
    db.session.commit()
    if number < len(module.pages):
        return redirect(url_for("learn.page", slug=slug, module_id=module_id, number=number + 1))
    return redirect(step_url(after_module(progress, module)))


@blueprint.get("/courses/<slug>/assets/<path:path>")
def asset(slug: str, path: str) -> Response:
    """An image or download from the course's assets folder."""
    course = live_content.course_or_404(slug)
    file_path = course.asset_path(path)
    if file_path is None:
        abort(404)
    response = send_file(file_path, max_age=3600)
    response.headers["Content-Security-Policy"] = ASSET_POLICY
    return response


@blueprint.get("/_content/errors")
def content_errors() -> str:
    """For authors and administrators: the errors of the last content reload (404 to others)."""
    if not can_preview_drafts(current_user):
        abort(404)
    return render_template("learn/content_errors.html", errors=live_content.content_errors())


def _module_or_404(slug: str, module_id: str, number: int) -> tuple[Course, Module]:
    """The course and visible module, or 404 when either or the page number is unknown."""
    course = live_content.course_or_404(slug)
    module = course.module(module_id)
    if module is None or module.draft or not 1 <= number <= len(module.pages):
        abort(404)
    return course, module


def _enrolment_or_redirect(course: Course) -> Enrolment | Response:
    """The current learner's enrolment, or a redirect to the course page to enrol."""
    enrolment = get_enrolment(db.session, current_user.id, course.slug)
    if enrolment is None:
        flash(_("Enrol in the course to open its modules."), "error")
        return redirect(url_for("learn.course", slug=course.slug))
    return enrolment
