"""The attempt that counts for a learner in a report: the first, or the best-scoring."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.models import AttemptStatus, QuizAttempt, User
from course_engine.reports.scope import enrolments_of_course


def attempt_results(
    session: Session, course: Course, quiz: Quiz, viewer: User | None, *, best: bool
) -> dict[int, dict[str, Any]]:
    """Per enrolment, the results of its first (or best-scoring) submitted attempt."""
    order = (
        (QuizAttempt.enrolment_id, QuizAttempt.percent.desc(), QuizAttempt.number)
        if best
        else (QuizAttempt.enrolment_id, QuizAttempt.number)
    )
    query = (
        select(QuizAttempt.enrolment_id, QuizAttempt.results)
        .where(
            QuizAttempt.enrolment_id.in_(enrolments_of_course(course.slug, viewer)),
            QuizAttempt.quiz_id == quiz.id,
            QuizAttempt.status == AttemptStatus.SUBMITTED,
            QuizAttempt.percent.is_not(None),
        )
        .order_by(*order)
        .execution_options(yield_per=1000)
    )
    chosen: dict[int, dict[str, Any]] = {}
    for enrolment_id, results in session.execute(query):
        chosen.setdefault(enrolment_id, results or {})
    return chosen
