"""Knowledge gain per objective (matched items), the discrimination index and choice counts."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.content import Course, Question, Quiz
from course_engine.content.objects import Objective
from course_engine.models import User
from course_engine.reports.items import discrimination_index, item_analysis
from course_engine.reports.objectives import objective_gains
from tests.factories import create_attempt, create_enrolment, create_user
from tests.reports.conftest import World
from tests.reports.helpers import BASE, COURSE, get


def with_objectives(quiz: Quiz, objectives: dict[str, tuple[str, ...]]) -> Quiz:
    """The quiz with ``objectives`` named by the given questions (others name none)."""
    questions = tuple(
        dataclasses.replace(q, objectives=objectives.get(q.id, ())) for q in quiz.questions
    )
    return dataclasses.replace(quiz, questions=questions)


def aligned_course(course: Course) -> tuple[Course, Question, Question, Question]:
    """The bundled course with one objective in module 1 that a pre- and a post-test question
    assess, and one only the post-test assesses (not matched, so not reported)."""
    pretest, posttest = course.quizzes[course.pretest or ""], course.quizzes[course.posttest or ""]
    before = pretest.questions[0]
    after, other = posttest.questions[0], posttest.questions[1]
    module = course.visible_modules()[0]
    module = dataclasses.replace(
        module, objectives=(Objective("crm-aims", "Summarize CRM's aims"), Objective("post", "P"))
    )
    quizzes = dict(course.quizzes)
    quizzes[pretest.id] = with_objectives(pretest, {before.id: ("crm-aims",)})
    quizzes[posttest.id] = with_objectives(posttest, {after.id: ("crm-aims",), other.id: ("post",)})
    changed = dataclasses.replace(course, modules=(module, *course.modules[1:]), quizzes=quizzes)
    return changed, before, after, other


def test_knowledge_gain_per_objective_compares_matched_items(db: Session, course: Course) -> None:
    aligned, before, after, other = aligned_course(course)
    for pre_right, post_tries in ((False, [False, True]), (False, [True]), (True, [True])):
        enrolment = create_enrolment(db, create_user(db))
        create_attempt(db, enrolment, "pretest", results={before.id: pre_right})
        for number, right in enumerate(post_tries, start=1):
            results = {after.id: right, other.id: True}
            create_attempt(db, enrolment, "posttest", results=results, number=number)
    only_pre = create_enrolment(db, create_user(db))
    create_attempt(db, only_pre, "pretest", results={before.id: False})
    [gain] = objective_gains(db, aligned, None)
    assert (gain.objective_id, gain.learners) == ("crm-aims", 3)
    assert round(gain.pretest or 0, 2) == 33.33 and gain.posttest == 100.0  # best post-test
    assert round(gain.gain or 0, 2) == 66.67


def test_no_objective_gain_without_matched_objectives(db: Session, course: Course) -> None:
    quizzes = {key: with_objectives(quiz, {}) for key, quiz in course.quizzes.items()}
    unaligned = dataclasses.replace(course, quizzes=quizzes)
    assert objective_gains(db, unaligned, None) == []  # no question names an objective


def test_discrimination_index_is_upper_minus_lower_27_percent() -> None:
    outcomes = [(float(score), score >= 50) for score in range(0, 100, 10)]  # 10 attempts
    assert discrimination_index(outcomes) == 1.0
    assert discrimination_index([(float(s), s < 50) for s in range(0, 100, 10)]) == -1.0
    assert discrimination_index(outcomes[:9]) is None  # too few attempts


def test_item_analysis_counts_every_choice_and_the_discrimination(
    db: Session, course: Course
) -> None:
    quiz = course.quizzes[course.pretest or ""]
    single = next(q for q in quiz.questions if q.type == "single")
    correct = next(c.key for c in single.choices if c.correct)
    wrong = next(c.key for c in single.choices if not c.correct)
    for number in range(12):
        right = number >= 6
        enrolment = create_enrolment(db, create_user(db))
        create_attempt(
            db, enrolment, quiz.id, 100.0 if right else 0.0,
            results={single.id: right}, answers={single.id: correct if right else wrong},
        )  # fmt: skip
    stats, attempts = item_analysis(db, course.slug, quiz, None)
    item = next(s for s in stats if s.question_id == single.id)
    assert attempts == 12 and item.discrimination == 1.0
    counts = {label.split(". ", 1)[0]: (count, flag) for label, count, flag in item.choice_counts()}
    assert counts[correct] == (6, True) and counts[wrong] == (6, False)
    assert sum(count for count, _ in counts.values()) == 12
    assert len(counts) == len(single.choices)  # distractors nobody picked are listed with 0


def test_report_pages_show_objectives_discrimination_and_choices(
    client: FlaskClient, world: World, login_as: Callable[[FlaskClient, User], None]
) -> None:
    login_as(client, world.admin)
    knowledge = get(client, f"{BASE}/courses/{COURSE}/knowledge").get_data(as_text=True)
    assert "<h2>Per objective</h2>" in knowledge
    assert "Knowledge gain per objective (matched items)" in knowledge  # the course has ids
    items = get(client, f"{BASE}/courses/{COURSE}/quizzes/posttest/items").get_data(as_text=True)
    assert '<th scope="col">Discrimination</th>' in items
    assert "(correct)</li>" in items
