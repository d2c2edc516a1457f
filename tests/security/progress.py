"""Bring an enrolment to the point where a quiz may be taken, with the real progress functions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Course, Module, Quiz
from course_engine.models import (
    Certificate,
    Enrolment,
    ModuleCompletion,
    PageVisit,
    QuizAttempt,
    SurveyResponse,
    User,
)
from course_engine.progress.completion import refresh_completion
from course_engine.progress.enrolment import enrol
from course_engine.progress.pages import record_page
from course_engine.quizzes.attempts import start_or_resume, submit
from tests.quizzes.answers import right_form


def quiz_of(course: Course, quiz_id: str | None) -> Quiz:
    """One of the course's quizzes (it must exist)."""
    quiz = course.quiz(quiz_id or "")
    assert quiz is not None, quiz_id
    return quiz


def take(session: Session, enrolment: Enrolment, course: Course, quiz: Quiz, right: bool) -> None:
    """Start and submit one attempt at ``quiz`` (all answers right, or none given)."""
    attempt = start_or_resume(session, enrolment, quiz)
    submit(session, attempt, quiz, right_form(quiz, attempt) if right else {})
    refresh_completion(session, enrolment, course)


def read_module(session: Session, enrolment: Enrolment, course: Course, module: Module) -> None:
    """Reach every page of ``module`` in order."""
    for number in range(1, len(module.pages) + 1):
        record_page(session, enrolment, course, module, number)


def complete_module(session: Session, enrolment: Enrolment, course: Course, module: Module) -> None:
    """Read the module and pass its knowledge check."""
    read_module(session, enrolment, course, module)
    if module.quiz:
        take(session, enrolment, course, quiz_of(course, module.quiz), right=True)


def ready_for(session: Session, user: User, course: Course, quiz_id: str) -> Enrolment:
    """Enrol ``user`` and do everything that comes before ``quiz_id`` (it may then start)."""
    enrolment = enrol(session, user, course)
    session.flush()
    if quiz_id == course.pretest:
        return enrolment
    take(session, enrolment, course, quiz_of(course, course.pretest), right=False)
    for module in course.visible_modules():
        if module.quiz == quiz_id:
            read_module(session, enrolment, course, module)
            return enrolment
        complete_module(session, enrolment, course, module)
    if quiz_id != course.posttest:
        take(session, enrolment, course, quiz_of(course, course.posttest), right=True)
    return enrolment


@dataclass(frozen=True)
class Snapshot:
    """Everything that records progress, as comparable plain values."""

    visits: tuple[Any, ...]
    completions: tuple[Any, ...]
    attempts: tuple[Any, ...]
    certificates: tuple[Any, ...]
    enrolments: tuple[Any, ...]
    survey_responses: int


def snapshot(session: Session) -> Snapshot:
    """Read the progress tables afresh (requests commit into the test's transaction)."""
    session.expire_all()

    def rows(*columns: Any) -> tuple[Any, ...]:
        return tuple(sorted(tuple(row) for row in session.execute(select(*columns))))

    return Snapshot(
        visits=rows(PageVisit.enrolment_id, PageVisit.module_id, PageVisit.page),
        completions=rows(ModuleCompletion.enrolment_id, ModuleCompletion.module_id),
        attempts=tuple(
            (
                a.id,
                a.enrolment_id,
                a.quiz_id,
                a.number,
                str(a.status),
                a.layout,
                a.answers,
                a.results,
                a.score,
                a.percent,
                a.passed,
            )
            for a in session.scalars(select(QuizAttempt).order_by(QuizAttempt.id))
        ),
        certificates=rows(Certificate.id, Certificate.enrolment_id, Certificate.status),
        enrolments=rows(Enrolment.id, Enrolment.completed_at, Enrolment.pretest_skipped_at),
        survey_responses=len(session.scalars(select(SurveyResponse.id)).all()),
    )
