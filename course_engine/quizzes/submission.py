"""Submitting an attempt as a learner does: grade it once, then refresh the course's completion
in the same transaction (a passed check can complete a module, the course, issue a certificate)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.models import Enrolment, QuizAttempt
from course_engine.progress.completion import refresh_completion
from course_engine.progress.state import CourseProgress
from course_engine.quizzes.attempts import submit
from course_engine.quizzes.grading import Form


def submit_and_complete(
    session: Session,
    enrolment: Enrolment,
    course: Course,
    attempt: QuizAttempt,
    quiz: Quiz,
    form: Form,
) -> CourseProgress:
    """Grade ``attempt`` (idempotent) and record what it completes; flushes, never commits."""
    if attempt.enrolment_id != enrolment.id:
        raise ValueError(f"attempt {attempt.id} is not an attempt of enrolment {enrolment.id}")
    submit(session, attempt, quiz, form)
    return refresh_completion(session, enrolment, course)
