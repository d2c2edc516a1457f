"""Quizzes for the learner: the intro, starting or resuming, the attempt form, the review step
(answers saved, checked and confirmed), grading and the result."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from course_engine import live_content
from course_engine.certificates.queries import current_certificate
from course_engine.content import Course, Quiz
from course_engine.extensions import db
from course_engine.i18n import translate
from course_engine.learn.forms import ActionForm
from course_engine.learn.steps import step_url
from course_engine.models import AttemptStatus, Enrolment, QuizAttempt
from course_engine.progress.completion import refresh_completion
from course_engine.progress.enrolment import get_enrolment
from course_engine.progress.gates import (
    SCORED,
    is_course_quiz,
    may_retry,
    module_of_quiz,
    start_gate,
)
from course_engine.progress.next_step import next_step
from course_engine.progress.state import CourseProgress, load_progress
from course_engine.quizzes.attempts import (
    QuizUnavailable,
    answers_revealed,
    attempts_left,
    attempts_of,
    feedback_visible,
    start_or_resume,
)
from course_engine.quizzes.drafts import (
    AlreadySubmitted,
    ReviewRequired,
    field_problems,
    review_items,
    save_draft,
    submit_reviewed,
)
from course_engine.quizzes.layout import asked_questions
from course_engine.quizzes.versions import quiz_as_taken

blueprint = Blueprint("quiz", __name__)


@blueprint.app_template_filter("legend_html")
def legend_html(html: str) -> Markup:
    """A prompt's sanitized HTML made fit for a <legend>: paragraphs become block spans."""
    inline = re.sub(r"<p>", '<span class="prompt-para">', html)
    # The prompt was sanitized by nh3 at load; only <p> tags are swapped for spans here.
    return Markup(re.sub(r"</p>", "</span>", inline))  # noqa: S704  # nosec B704


@blueprint.get("/courses/<slug>/quizzes/<quiz_id>")
@login_required
def intro(slug: str, quiz_id: str) -> str:
    """What the quiz is, the attempts so far, and Start / Resume (or why not yet)."""
    course, quiz = _quiz_or_404(slug, quiz_id)
    enrolment = _enrolment_or_redirect(course)
    progress = load_progress(db.session, enrolment, course)
    record = progress.quiz(quiz.id)
    return render_template(
        "quiz/intro.html",
        course=course,
        quiz=quiz,
        record=record,
        gate=translate(start_gate(progress, quiz) or ""),
        attempts=attempts_of(db.session, enrolment, quiz.id, quiz.renamed_from),
        attempts_left=attempts_left(quiz, record.submitted),
        question_count=quiz.draw or len(quiz.questions),
        form=ActionForm(),
    )


@blueprint.post("/courses/<slug>/quizzes/<quiz_id>/start")
@login_required
def start(slug: str, quiz_id: str) -> Response:
    """Resume the open attempt or start a new one, then show it."""
    course, quiz = _quiz_or_404(slug, quiz_id)
    enrolment = _enrolment_or_redirect(course)
    if not ActionForm().validate_on_submit():
        abort(400)
    gate = start_gate(load_progress(db.session, enrolment, course), quiz)
    if gate:
        flash(translate(gate), "error")
        return redirect(url_for(".intro", slug=slug, quiz_id=quiz.id))
    try:
        attempt = start_or_resume(db.session, enrolment, quiz)
    except QuizUnavailable as error:
        db.session.rollback()
        flash(translate(error), "error")
        return redirect(url_for(".intro", slug=slug, quiz_id=quiz.id))
    db.session.commit()
    return redirect(url_for(".attempt", slug=slug, attempt_id=attempt.id))


@blueprint.get("/courses/<slug>/attempts/<int:attempt_id>")
@login_required
def attempt(slug: str, attempt_id: int) -> str | Response:
    """The open attempt's questions in their stored order, with the draft's answers filled in."""
    course, quiz, _enrolment, attempt = _attempt_or_404(slug, attempt_id)
    if attempt.status == AttemptStatus.SUBMITTED:
        return redirect(url_for(".result", slug=slug, attempt_id=attempt.id))
    return render_template(
        "quiz/attempt.html",
        course=course,
        quiz=quiz,
        attempt=attempt,
        questions=asked_questions(quiz, attempt.layout),
        values=attempt.draft or {},
        problems=field_problems(quiz, attempt),
        form=ActionForm(),
    )


@blueprint.post("/courses/<slug>/attempts/<int:attempt_id>/review")
@login_required
def save_for_review(slug: str, attempt_id: int) -> Response:
    """Save the answers typed so far as a draft (nothing is graded) and show the review."""
    _course, quiz, _enrolment, attempt = _attempt_or_404(slug, attempt_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        save_draft(db.session, attempt, quiz, request.form.to_dict(flat=False))
    except AlreadySubmitted:
        db.session.rollback()
        flash(_("You already submitted this attempt. Here is its result."), "info")
        return redirect(url_for(".result", slug=slug, attempt_id=attempt.id))
    db.session.commit()
    return redirect(url_for(".review", slug=slug, attempt_id=attempt.id))


@blueprint.get("/courses/<slug>/attempts/<int:attempt_id>/review")
@login_required
def review(slug: str, attempt_id: int) -> str | Response:
    """The saved answers: unanswered questions and problems, then Submit for grading."""
    course, quiz, _enrolment, attempt = _attempt_or_404(slug, attempt_id)
    if attempt.status == AttemptStatus.SUBMITTED:
        return redirect(url_for(".result", slug=slug, attempt_id=attempt.id))
    if attempt.review_token is None:
        return redirect(url_for(".attempt", slug=slug, attempt_id=attempt.id))
    items = review_items(quiz, attempt)
    return render_template(
        "quiz/review.html",
        course=course,
        quiz=quiz,
        attempt=attempt,
        items=items,
        unanswered=[item for item in items if not item.answered and not item.problem],
        problems=[item for item in items if item.problem],
        form=ActionForm(),
    )


@blueprint.post("/courses/<slug>/attempts/<int:attempt_id>")
@login_required
def submit_attempt(slug: str, attempt_id: int) -> Response:
    """Grade the reviewed draft once (the review page's token is needed), then the result."""
    course, quiz, enrolment, attempt = _attempt_or_404(slug, attempt_id)
    result_url = url_for(".result", slug=slug, attempt_id=attempt.id)
    if attempt.status == AttemptStatus.SUBMITTED:
        flash(_("You already submitted this attempt. Here is its result."), "info")
        return redirect(result_url)
    if not ActionForm().validate_on_submit():
        abort(400)
    progress = load_progress(db.session, enrolment, course)
    needed = progress.posttest_min_score if quiz.id == course.posttest else None
    try:
        submit_reviewed(
            db.session,
            attempt,
            quiz,
            request.form.get("review_token", ""),
            pass_score=needed,
            content_version=course.content_version,
        )
    except AlreadySubmitted:
        db.session.rollback()
        flash(_("You already submitted this attempt. Here is its result."), "info")
        return redirect(result_url)
    except ReviewRequired:
        db.session.rollback()
        flash(_("Review your answers, then submit them for grading from the review page."), "error")
        return redirect(url_for(".attempt", slug=slug, attempt_id=attempt.id), code=303)
    refresh_completion(db.session, enrolment, course)
    db.session.commit()
    return redirect(result_url)


@blueprint.get("/courses/<slug>/attempts/<int:attempt_id>/result")
@login_required
def result(slug: str, attempt_id: int) -> str | Response:
    """Score, pass or fail, feedback and answers as the quiz allows, and what to do next."""
    course, quiz, enrolment, attempt = _attempt_or_404(slug, attempt_id)
    if attempt.status == AttemptStatus.OPEN:
        return redirect(url_for(".attempt", slug=slug, attempt_id=attempt.id))
    progress = load_progress(db.session, enrolment, course)
    left = attempts_left(quiz, progress.quiz(quiz.id).submitted)
    show_feedback = feedback_visible(quiz, attempt)
    reveal = answers_revealed(quiz, attempt, left)
    module = module_of_quiz(course, quiz.id)
    taken = quiz_as_taken(db.session, course, quiz, attempt)  # its questions, key and score
    return render_template(
        "quiz/result.html",
        course=course,
        quiz=quiz,
        attempt=attempt,
        needed=attempt.pass_score if attempt.pass_score is not None else taken.pass_score,
        earlier_version=taken is not quiz,
        graded=quiz.kind in SCORED,
        show_feedback=show_feedback,
        reveal=reveal,
        questions=(
            asked_questions(taken, attempt.layout, attempt.answers, attempt.results)
            if show_feedback or reveal
            else []
        ),
        attempts_left=left,
        can_retry=may_retry(progress, quiz, attempt),
        module=module,
        next_url=step_url(next_step(progress)),
        next_label=_next_label(progress),
        certificate=(
            current_certificate(db.session, enrolment.id) if enrolment.completed_at else None
        ),
        form=ActionForm(),
    )


def _next_label(progress: CourseProgress) -> str:
    """The words of the Continue button: what the next step is."""
    course = progress.course
    evaluation_next = course.evaluation and not progress.quiz(course.evaluation).submitted
    if course.posttest and progress.posttest_passed and evaluation_next:
        return "Continue to the course evaluation"
    return "Continue"


def _quiz_or_404(slug: str, quiz_id: str) -> tuple[Course, Quiz]:
    """The course and one of its quizzes (pre-test, check, post-test, evaluation), or 404."""
    course = live_content.course_or_404(slug)
    quiz = course.quiz(quiz_id)
    if quiz is None or not is_course_quiz(course, quiz_id):
        abort(404)
    return course, quiz


def _enrolment_or_redirect(course: Course) -> Enrolment:
    """The learner's enrolment; otherwise a redirect to the course page to enrol."""
    enrolment = get_enrolment(db.session, current_user.id, course.slug)
    if enrolment is None:
        flash(_("Enrol in the course to take its quizzes."), "error")
        abort(redirect(url_for("learn.course", slug=course.slug)))
    return enrolment


def _attempt_or_404(slug: str, attempt_id: int) -> tuple[Course, Quiz, Enrolment, QuizAttempt]:
    """The current learner's own attempt in this course, or 404 (never someone else's)."""
    course = live_content.course_or_404(slug)
    attempt = db.session.get(QuizAttempt, attempt_id)
    enrolment = get_enrolment(db.session, current_user.id, course.slug)
    if attempt is None or enrolment is None or attempt.enrolment_id != enrolment.id:
        abort(404)
    _course, quiz = _quiz_or_404(slug, course.renames().get(attempt.quiz_id, attempt.quiz_id))
    return course, quiz, enrolment, attempt
