"""The flow rules as domain operations: Continue, the next step, the pre-test skip, and a quiz
submission that refreshes completion itself."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import Enrolment
from course_engine.progress.enrolment import enrol
from course_engine.progress.gates import may_retry
from course_engine.progress.next_step import Step, after_module, continue_step, next_step
from course_engine.progress.pages import record_page
from course_engine.progress.pretest import PretestNotSkippable, skip_pretest
from course_engine.progress.state import load_progress
from course_engine.quizzes.attempts import start_or_resume
from course_engine.quizzes.submission import submit_and_complete
from tests.factories import create_attempt, create_user
from tests.quizzes.answers import right_form


@pytest.fixture
def enrolment(db: Session, course: Course) -> Enrolment:
    enrolment = enrol(db, create_user(db), course)
    db.flush()
    return enrolment


def test_continue_opens_the_pretest_first(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    step = continue_step(load_progress(db, enrolment, course))
    assert step == Step(course.slug, quiz_id=course.pretest)


def test_continue_returns_to_the_page_where_the_learner_stopped(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    create_attempt(db, enrolment, course.pretest or "", 50)
    first = course.visible_modules()[0]
    record_page(db, enrolment, course, first, 1)
    record_page(db, enrolment, course, first, 2)
    progress = load_progress(db, enrolment, course)
    assert continue_step(progress) == Step(course.slug, module_id=first.id, page=2)
    assert next_step(progress) == Step(course.slug, module_id=first.id, page=2)


def test_after_a_modules_last_page_comes_its_knowledge_check(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    create_attempt(db, enrolment, course.pretest or "", 50)
    first = course.visible_modules()[0]
    for number in range(1, len(first.pages) + 1):
        record_page(db, enrolment, course, first, number)
    step = after_module(load_progress(db, enrolment, course), first)
    assert step == Step(course.slug, quiz_id=first.quiz)


def test_a_required_pretest_cannot_be_skipped(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    with pytest.raises(PretestNotSkippable):
        skip_pretest(db, enrolment, course)
    assert enrolment.pretest_skipped_at is None


def test_submitting_a_passing_check_completes_its_module_in_the_same_transaction(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    create_attempt(db, enrolment, course.pretest or "", 50)
    first = course.visible_modules()[0]
    for number in range(1, len(first.pages) + 1):
        record_page(db, enrolment, course, first, number)
    quiz = course.quiz(first.quiz or "")
    assert quiz is not None
    attempt = start_or_resume(db, enrolment, quiz)
    progress = submit_and_complete(db, enrolment, course, attempt, quiz, right_form(quiz, attempt))
    assert attempt.passed is True
    assert first.id in progress.completed_modules
    assert not may_retry(progress, quiz, attempt)  # a passed check is not retried
