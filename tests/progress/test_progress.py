"""Enrolment, pages reached, module and course completion, what's left."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import Enrolment, ModuleCompletion, PageVisit, QuizAttempt
from course_engine.progress.enrolment import enrol, enrolments_of
from course_engine.progress.pages import PageNotReachable, record_page, resume_point
from course_engine.progress.state import ModuleStatus, load_progress
from tests.factories import create_attempt, create_user


def passed_attempt(session: Session, enrolment: Enrolment, quiz_id: str, percent: float) -> None:
    """A submitted attempt with the given score (as the quizzes domain records one)."""
    number = 1 + (
        session.scalar(
            select(func.count()).where(
                QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.quiz_id == quiz_id
            )
        )
        or 0
    )
    create_attempt(session, enrolment, quiz_id, percent, number=number, passed=percent >= 80)


def read_module(session: Session, enrolment: Enrolment, course: Course, module_id: str) -> None:
    """Reach every page of a module, in order."""
    module = course.module(module_id)
    assert module is not None
    for number in range(1, len(module.pages) + 1):
        record_page(session, enrolment, course, module, number)


@pytest.fixture
def enrolment(db: Session, course: Course) -> Enrolment:
    """A learner enrolled in the bundled course who has taken the pre-test."""
    enrolment = enrol(db, create_user(db), course)
    db.flush()
    passed_attempt(db, enrolment, course.pretest or "", 50)
    return enrolment


def test_enrolling_twice_returns_the_same_enrolment(db: Session, course: Course) -> None:
    user = create_user(db)
    first = enrol(db, user, course)
    assert enrol(db, user, course).id == first.id
    assert [e.id for e in enrolments_of(db, user.id)] == [first.id]


def test_modules_are_locked_until_the_pretest_is_taken(db: Session, course: Course) -> None:
    enrolment = enrol(db, create_user(db), course)
    db.flush()
    first = course.visible_modules()[0]
    progress = load_progress(db, enrolment, course)
    assert progress.module_status(first) == ModuleStatus.LOCKED
    assert progress.whats_left()[0] == "Take the pre-test"
    assert not progress.may_skip_pretest  # the bundled course requires the pre-test
    with pytest.raises(PageNotReachable):
        record_page(db, enrolment, course, first, 1)


def test_a_page_can_be_recorded_only_after_the_one_before(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    first = course.visible_modules()[0]
    with pytest.raises(PageNotReachable):
        record_page(db, enrolment, course, first, 2)
    record_page(db, enrolment, course, first, 1)
    record_page(db, enrolment, course, first, 2)
    assert load_progress(db, enrolment, course).pages[first.id] == {1, 2}


def test_recording_a_page_again_never_double_counts(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    first = course.visible_modules()[0]
    for _ in range(3):
        record_page(db, enrolment, course, first, 1)
    count = db.scalar(select(func.count()).where(PageVisit.enrolment_id == enrolment.id))
    assert count == 1
    assert resume_point(enrolment, course) == (first, 1)


def test_a_module_completes_when_its_last_page_is_reached_and_its_check_passed(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    first = course.visible_modules()[0]
    read_module(db, enrolment, course, first.id)
    progress = load_progress(db, enrolment, course)
    assert progress.read_to_end(first)
    assert progress.module_status(first) == ModuleStatus.IN_PROGRESS
    passed_attempt(db, enrolment, first.quiz or "", 60)  # a failed check does not complete it
    record_page(db, enrolment, course, first, len(first.pages))
    assert first.id not in load_progress(db, enrolment, course).completed_modules
    passed_attempt(db, enrolment, first.quiz or "", 100)
    record_page(db, enrolment, course, first, len(first.pages))
    progress = load_progress(db, enrolment, course)
    assert progress.module_status(first) == ModuleStatus.COMPLETE
    completions = db.scalar(
        select(func.count()).where(ModuleCompletion.enrolment_id == enrolment.id)
    )
    assert completions == 1


def test_a_locked_module_names_the_modules_that_unlock_it(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    first, second = course.visible_modules()[:2]
    progress = load_progress(db, enrolment, course)
    assert progress.module_status(second) == ModuleStatus.LOCKED
    assert progress.locked_by(second) == [first]
    with pytest.raises(PageNotReachable):
        record_page(db, enrolment, course, second, 1)


def test_completing_everything_completes_the_course_in_the_same_transaction(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    for module in course.visible_modules():
        read_module(db, enrolment, course, module.id)
        passed_attempt(db, enrolment, module.quiz or "", 100)
        record_page(db, enrolment, course, module, len(module.pages))
    progress = load_progress(db, enrolment, course)
    assert progress.whats_left() == [
        "Pass the post-test (at least 80%)",
        "Submit the course evaluation",
    ]
    passed_attempt(db, enrolment, course.posttest or "", 90)
    passed_attempt(db, enrolment, course.evaluation or "", 0)
    from course_engine.progress.completion import refresh_completion

    progress = refresh_completion(db, enrolment, course)
    assert progress.is_complete and progress.percent == 100
    assert enrolment.completed_at is not None


def test_progress_survives_content_edits_because_it_is_keyed_by_ids(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    first = course.visible_modules()[0]
    read_module(db, enrolment, course, first.id)
    reordered = dataclasses.replace(course, modules=tuple(reversed(course.modules)))
    progress = load_progress(db, enrolment, reordered)
    assert progress.read_to_end(reordered.module(first.id))  # type: ignore[arg-type]
