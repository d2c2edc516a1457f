"""Quizzes for the learner: the intro, starting or resuming, the attempt form, the result."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from course_engine import catalog
from course_engine.content import Course, Quiz, QuizKind
from course_engine.extensions import db
from course_engine.learn.forms import ActionForm
from course_engine.learn.views import next_step_url
from course_engine.models import AttemptStatus, Enrolment, QuizAttempt
from course_engine.progress.completion import refresh_completion
from course_engine.progress.enrolment import get_enrolment
from course_engine.progress.gates import is_course_quiz, module_of_quiz, quiz_gate
from course_engine.progress.state import CourseProgress, load_progress
from course_engine.quizzes.attempts import (
    QuizUnavailable,
    attempts_left,
    attempts_of,
    feedback_visible,
    start_or_resume,
    submit,
)
from course_engine.quizzes.layout import asked_questions

blueprint = Blueprint("quiz", __name__)

#: Kinds whose attempts are scored against a pass score.
PASS_FAIL = (QuizKind.KNOWLEDGE_CHECK, QuizKind.POSTTEST)


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
        gate=_gate(progress, quiz),
        attempts=attempts_of(db.session, enrolment, quiz.id),
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
    gate = _gate(load_progress(db.session, enrolment, course), quiz)
    if gate:
        flash(gate, "error")
        return redirect(url_for(".intro", slug=slug, quiz_id=quiz.id))
    try:
        attempt = start_or_resume(db.session, enrolment, quiz)
    except QuizUnavailable as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".intro", slug=slug, quiz_id=quiz.id))
    db.session.commit()
    return redirect(url_for(".attempt", slug=slug, attempt_id=attempt.id))


@blueprint.get("/courses/<slug>/attempts/<int:attempt_id>")
@login_required
def attempt(slug: str, attempt_id: int) -> str | Response:
    """The open attempt's questions, in its stored order (a submitted one shows its result)."""
    course, quiz, _enrolment, attempt = _attempt_or_404(slug, attempt_id)
    if attempt.status == AttemptStatus.SUBMITTED:
        return redirect(url_for(".result", slug=slug, attempt_id=attempt.id))
    return render_template(
        "quiz/attempt.html",
        course=course,
        quiz=quiz,
        attempt=attempt,
        questions=asked_questions(quiz, attempt.layout),
        form=ActionForm(),
    )


@blueprint.post("/courses/<slug>/attempts/<int:attempt_id>")
@login_required
def submit_attempt(slug: str, attempt_id: int) -> Response:
    """Grade the attempt once, update completion, and show the result."""
    course, quiz, enrolment, attempt = _attempt_or_404(slug, attempt_id)
    result_url = url_for(".result", slug=slug, attempt_id=attempt.id)
    if attempt.status == AttemptStatus.SUBMITTED:
        flash("You already submitted this attempt. Here is its result.", "info")
        return redirect(result_url)
    if not ActionForm().validate_on_submit():
        abort(400)
    submit(db.session, attempt, quiz, request.form.to_dict(flat=False))
    refresh_completion(db.session, enrolment, course)
    db.session.commit()
    return redirect(result_url)


@blueprint.get("/courses/<slug>/attempts/<int:attempt_id>/result")
@login_required
def result(slug: str, attempt_id: int) -> str | Response:
    """Score, pass or fail, feedback as the quiz allows, attempts left and what to do next."""
    course, quiz, enrolment, attempt = _attempt_or_404(slug, attempt_id)
    if attempt.status == AttemptStatus.OPEN:
        return redirect(url_for(".attempt", slug=slug, attempt_id=attempt.id))
    progress = load_progress(db.session, enrolment, course)
    left = attempts_left(quiz, progress.quiz(quiz.id).submitted)
    show_feedback = feedback_visible(quiz, attempt)
    module = module_of_quiz(course, quiz.id)
    return render_template(
        "quiz/result.html",
        course=course,
        quiz=quiz,
        attempt=attempt,
        graded=quiz.kind in PASS_FAIL,
        show_feedback=show_feedback,
        questions=(
            asked_questions(quiz, attempt.layout, attempt.answers, attempt.results)
            if show_feedback
            else []
        ),
        attempts_left=left,
        can_retry=_can_retry(progress, quiz, attempt, left),
        module=module,
        next_url=next_step_url(progress),
        form=ActionForm(),
    )


def _can_retry(
    progress: CourseProgress, quiz: Quiz, attempt: QuizAttempt, left: int | None
) -> bool:
    """Offer Try again after a failed knowledge check or post-test with attempts left."""
    if quiz.kind not in PASS_FAIL or attempt.passed or left == 0:
        return False
    return _gate(progress, quiz) is None


def _gate(progress: CourseProgress, quiz: Quiz) -> str | None:
    """Why no attempt can start now; an open attempt can always be resumed."""
    record = progress.quiz(quiz.id)
    if record.open_attempt_id is not None:
        return None
    return quiz_gate(progress, quiz)


def _quiz_or_404(slug: str, quiz_id: str) -> tuple[Course, Quiz]:
    """The course and one of its quizzes (pre-test, check, post-test, evaluation), or 404."""
    course = catalog.course_or_404(slug)
    quiz = course.quiz(quiz_id)
    if quiz is None or not is_course_quiz(course, quiz_id):
        abort(404)
    return course, quiz


def _enrolment_or_redirect(course: Course) -> Enrolment:
    """The learner's enrolment; otherwise a redirect to the course page to enrol."""
    enrolment = get_enrolment(db.session, current_user.id, course.slug)
    if enrolment is None:
        flash("Enrol in the course to take its quizzes.", "error")
        abort(redirect(url_for("learn.course", slug=course.slug)))
    return enrolment


def _attempt_or_404(slug: str, attempt_id: int) -> tuple[Course, Quiz, Enrolment, QuizAttempt]:
    """The current learner's own attempt in this course, or 404 (never someone else's)."""
    course = catalog.course_or_404(slug)
    attempt = db.session.get(QuizAttempt, attempt_id)
    enrolment = get_enrolment(db.session, current_user.id, course.slug)
    if attempt is None or enrolment is None or attempt.enrolment_id != enrolment.id:
        abort(404)
    _course, quiz = _quiz_or_404(slug, attempt.quiz_id)
    return course, quiz, enrolment, attempt
