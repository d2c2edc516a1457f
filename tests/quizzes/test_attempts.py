"""Attempts: limits, drawn and shuffled layouts fixed per attempt, resume, submit once, surveys."""

from __future__ import annotations

import dataclasses
import random

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz, QuizKind, RevealAnswers, ShowFeedback
from course_engine.models import AttemptStatus, Enrolment, QuizAttempt, SurveyResponse
from course_engine.progress.enrolment import enrol
from course_engine.quizzes.attempts import (
    QuizUnavailable,
    answers_revealed,
    attempts_left,
    feedback_visible,
    percent_of,
    start_or_resume,
    submit,
)
from course_engine.quizzes.layout import asked_questions, draw_layout
from tests.factories import create_user
from tests.quizzes.answers import right_form


@pytest.fixture
def enrolment(db: Session, course: Course) -> Enrolment:
    """A learner enrolled in the bundled course."""
    enrolment = enrol(db, create_user(db), course)
    db.flush()
    return enrolment


def quiz_of(course: Course, quiz_id: str | None, **changes: object) -> Quiz:
    """One of the bundled quizzes, with settings changed for the test."""
    quiz = course.quiz(quiz_id or "")
    assert quiz is not None
    return dataclasses.replace(quiz, **changes) if changes else quiz


def check(course: Course, **changes: object) -> Quiz:
    """The first module's knowledge check."""
    return quiz_of(course, course.visible_modules()[0].quiz, **changes)


def layout_ids(attempt: QuizAttempt) -> list[str]:
    """The ids of the attempt's questions, in the order shown."""
    return [slot["question"] for slot in attempt.layout]


# --- starting and resuming ----------------------------------------------------------------
def test_a_first_attempt_asks_every_question_in_the_authors_order(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = check(course, shuffle_choices=False)
    attempt = start_or_resume(db, enrolment, quiz)
    assert attempt.number == 1
    assert attempt.status == AttemptStatus.OPEN
    assert layout_ids(attempt) == [q.id for q in quiz.questions]
    assert attempt.content_hash == quiz.content_hash
    for asked in asked_questions(quiz, attempt.layout):
        if asked.type in ("single", "multiple"):
            assert [c.key for _, c in asked.parts] == [c.key for c in asked.question.choices]


def test_choices_are_shuffled_by_default_and_fixed_ones_keep_their_place(course: Course) -> None:
    quiz = check(course)
    assert quiz.shuffle_choices and not quiz.shuffle_choices_set
    question = next(q for q in quiz.questions if q.type == "single")
    last = dataclasses.replace(question.choices[-1], fixed=True)
    question = dataclasses.replace(question, choices=(*question.choices[:-1], last))
    quiz = dataclasses.replace(quiz, questions=(question,))
    orders = set()
    for seed in range(20):
        slot = draw_layout(quiz, random.Random(seed))[0]
        assert slot["order"][-1] == last.key
        assert sorted(slot["order"]) == [c.key for c in question.choices]
        orders.add(tuple(slot["order"]))
    assert len(orders) > 1


def test_an_open_attempt_is_resumed_with_the_same_layout(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course, course.posttest)
    first = start_or_resume(db, enrolment, quiz, random.Random(1))
    again = start_or_resume(db, enrolment, quiz, random.Random(2))
    assert again.id == first.id
    db.expire_all()
    reloaded = db.get(QuizAttempt, first.id)
    assert reloaded is not None and reloaded.layout == first.layout
    assert (
        asked_questions(quiz, reloaded.layout)[0].parts
        == asked_questions(quiz, first.layout)[0].parts
    )


def test_draw_picks_n_distinct_questions_from_the_pool(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course, course.posttest, shuffle_questions=False)
    assert quiz.draw is not None and quiz.draw < len(quiz.questions)
    pool = [q.id for q in quiz.questions]
    attempt = start_or_resume(db, enrolment, quiz, random.Random(7))
    drawn = layout_ids(attempt)
    assert len(drawn) == len(set(drawn)) == quiz.draw
    assert drawn == [q for q in pool if q in drawn]  # not shuffled: pool order


def test_shuffles_differ_between_attempts_but_not_within_one(course: Course) -> None:
    from course_engine.quizzes.layout import draw_layout

    quiz = quiz_of(course, course.posttest)
    layouts = [draw_layout(quiz, random.Random(seed)) for seed in range(5)]
    assert draw_layout(quiz, random.Random(3)) == layouts[3]
    assert len({tuple(s["question"] for s in layout) for layout in layouts}) > 1
    orders = {tuple(slot["order"]) for layout in layouts for slot in layout if slot["order"]}
    assert len(orders) > 1


def test_choices_stay_in_the_authors_order_unless_the_quiz_shuffles_them(
    course: Course,
) -> None:
    from course_engine.quizzes.layout import draw_layout

    quiz = quiz_of(course, course.posttest, shuffle_choices=False, draw=None)
    for slot in draw_layout(quiz, random.Random(5)):
        question = quiz.question(slot["question"])
        assert question is not None
        if question.type in ("single", "multiple", "matching"):
            assert slot["order"] == sorted(slot["order"])


def test_attempt_numbers_count_up_and_a_passed_check_may_be_retaken(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = check(course)
    first = start_or_resume(db, enrolment, quiz)
    submit(db, first, quiz, right_form(quiz, first))
    assert first.passed is True
    second = start_or_resume(db, enrolment, quiz)
    assert second.id != first.id and second.number == 2


def test_no_attempt_starts_once_max_attempts_are_used(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = check(course, max_attempts=2)
    for _ in range(2):
        submit(db, start_or_resume(db, enrolment, quiz), quiz, {})
    with pytest.raises(QuizUnavailable, match="used all 2 attempts"):
        start_or_resume(db, enrolment, quiz)
    count = db.scalar(select(QuizAttempt.id).where(QuizAttempt.number == 3))
    assert count is None


@pytest.mark.parametrize("kind", ["pretest", "evaluation"])
def test_the_pretest_and_the_evaluation_are_taken_once(
    db: Session, course: Course, enrolment: Enrolment, kind: str
) -> None:
    quiz = quiz_of(course, getattr(course, kind), max_attempts=0)
    submit(db, start_or_resume(db, enrolment, quiz), quiz, {})
    with pytest.raises(QuizUnavailable, match="already"):
        start_or_resume(db, enrolment, quiz)


def test_attempts_left() -> None:
    quiz = Quiz(
        id="q", course_slug="c", title="Q", kind=QuizKind.KNOWLEDGE_CHECK, pass_score=80,
        max_attempts=0, shuffle_questions=False, shuffle_choices=False, draw=None,
        show_feedback=ShowFeedback.AFTER_SUBMIT, questions=(), source="", content_hash="",
    )  # fmt: skip
    assert attempts_left(quiz, 5) is None
    assert attempts_left(dataclasses.replace(quiz, max_attempts=3), 1) == 2
    assert attempts_left(dataclasses.replace(quiz, max_attempts=3), 4) == 0
    assert attempts_left(dataclasses.replace(quiz, kind=QuizKind.PRETEST), 0) == 1
    assert attempts_left(dataclasses.replace(quiz, kind=QuizKind.SURVEY), 1) == 0


# --- submitting ---------------------------------------------------------------------------
def test_submit_grades_against_the_content(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = check(course)
    attempt = start_or_resume(db, enrolment, quiz)
    submit(db, attempt, quiz, right_form(quiz, attempt))
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.submitted_at is not None
    assert attempt.score == attempt.max_score == sum(q.points for q in quiz.questions)
    assert attempt.percent == 100 and attempt.passed is True
    assert set(attempt.results or {}) == {q.id for q in quiz.questions}
    assert all(r["correct"] for r in (attempt.results or {}).values())


def test_a_blank_submission_fails_with_zero(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = check(course)
    attempt = submit(db, start_or_resume(db, enrolment, quiz), quiz, {})
    assert attempt.score == 0 and attempt.percent == 0 and attempt.passed is False
    assert attempt.answers is not None and set(attempt.answers.values()) == {None}


def test_the_pass_score_is_reached_at_exactly_the_percentage(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = check(course, pass_score=80)
    attempt = start_or_resume(db, enrolment, quiz)
    form = right_form(quiz, attempt)
    last = asked_questions(quiz, attempt.layout)[-1]  # one of five questions left out
    form = {k: v for k, v in form.items() if not k.startswith(last.field)}
    submit(db, attempt, quiz, form)
    assert attempt.percent == 80.0 and attempt.passed is True
    assert percent_of(2, 3) == 66.66 and percent_of(0, 0) is None


def test_answers_to_questions_not_drawn_are_ignored(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course, course.posttest)
    attempt = start_or_resume(db, enrolment, quiz, random.Random(4))
    drawn = set(layout_ids(attempt))
    every = {f"q-{q.id}": ["1"] for q in quiz.questions}
    submit(db, attempt, quiz, every)
    assert set(attempt.answers or {}) == drawn
    assert set(attempt.results or {}) == drawn
    assert attempt.max_score == sum(q.points for q in quiz.questions if q.id in drawn)


def test_a_second_submission_returns_the_first_result_unchanged(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = check(course)
    attempt = start_or_resume(db, enrolment, quiz)
    first = submit(db, attempt, quiz, {})
    graded = (first.answers, first.results, first.score, first.submitted_at)
    again = submit(db, attempt, quiz, right_form(quiz, attempt))
    assert again.id == first.id
    assert (again.answers, again.results, again.score, again.submitted_at) == graded
    assert again.passed is False


def test_the_pretest_is_scored_but_not_passed_or_failed(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course, course.pretest)
    attempt = start_or_resume(db, enrolment, quiz)
    submit(db, attempt, quiz, right_form(quiz, attempt))
    assert attempt.percent == 100 and attempt.passed is None


def test_survey_answers_are_stored_apart_from_the_learner(
    db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course, course.evaluation)
    attempt = start_or_resume(db, enrolment, quiz)
    submit(db, attempt, quiz, right_form(quiz, attempt))
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.answers is None and attempt.results is None
    assert attempt.score is None and attempt.percent is None and attempt.passed is None
    response = db.scalars(select(SurveyResponse)).one()
    assert response.course_slug == course.slug and response.quiz_id == quiz.id
    assert set(response.answers) == {q.id for q in quiz.questions}
    assert response.answers[quiz.questions[0].id] == 3
    columns = {column.key for column in inspect(SurveyResponse).columns}
    assert columns == {"id", "course_slug", "quiz_id", "submitted_on", "answers"}


# --- feedback -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("show", "right", "visible"),
    [
        (ShowFeedback.AFTER_SUBMIT, False, True),
        (ShowFeedback.AFTER_PASS, False, False),
        (ShowFeedback.AFTER_PASS, True, True),
        (ShowFeedback.NEVER, True, False),
    ],
)
def test_feedback_shows_only_as_the_quiz_allows(
    db: Session, course: Course, enrolment: Enrolment,
    show: ShowFeedback, right: bool, visible: bool,
) -> None:  # fmt: skip
    quiz = check(course, show_feedback=show)
    attempt = start_or_resume(db, enrolment, quiz)
    assert not feedback_visible(quiz, attempt)  # never while open
    submit(db, attempt, quiz, right_form(quiz, attempt) if right else {})
    assert feedback_visible(quiz, attempt) is visible


@pytest.mark.parametrize(
    ("reveal", "right", "left", "revealed"),
    [
        (RevealAnswers.AFTER_LAST_ATTEMPT, False, 2, False),
        (RevealAnswers.AFTER_LAST_ATTEMPT, False, None, False),
        (RevealAnswers.AFTER_LAST_ATTEMPT, False, 0, True),
        (RevealAnswers.AFTER_LAST_ATTEMPT, True, 2, True),
        (RevealAnswers.AFTER_PASS, False, 0, False),
        (RevealAnswers.AFTER_PASS, True, 2, True),
        (RevealAnswers.ALWAYS, False, 2, True),
        (RevealAnswers.NEVER, True, 0, False),
    ],
)
def test_the_answer_key_shows_only_when_earned(
    db: Session, course: Course, enrolment: Enrolment,
    reveal: RevealAnswers, right: bool, left: int | None, revealed: bool,
) -> None:  # fmt: skip
    quiz = check(course, reveal_answers=reveal)
    attempt = start_or_resume(db, enrolment, quiz)
    assert not answers_revealed(quiz, attempt, 0)  # never while open
    submit(db, attempt, quiz, right_form(quiz, attempt) if right else {})
    assert answers_revealed(quiz, attempt, left) is revealed


def test_a_survey_has_no_feedback(db: Session, course: Course, enrolment: Enrolment) -> None:
    quiz = quiz_of(course, course.evaluation)
    attempt = submit(db, start_or_resume(db, enrolment, quiz), quiz, {})
    assert not feedback_visible(quiz, attempt)
