"""Dashboard and knowledge-gain numbers, checked against the hand-computed world."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from course_engine.reports import knowledge
from course_engine.reports.dashboard import course_dashboard
from tests.reports.conftest import NOW, World


def test_dashboard_numbers(db: Session, world: World) -> None:
    numbers = course_dashboard(db, world.course, None, now=NOW)
    assert (numbers.enrolled, numbers.active, numbers.completed) == (5, 3, 2)  # Eve's pre-test
    assert numbers.completion_rate == 40
    assert numbers.median_time_to_complete == timedelta(days=19)  # 10 and 28 days
    funnel = [(step.reached, step.completed) for step in numbers.funnel]
    assert funnel == [(3, 3), (3, 3), (3, 2), (2, 2), (2, 2), (2, 2)]
    assert numbers.funnel[0].title == world.course.visible_modules()[0].title
    assert [(c.label, c.value) for c in numbers.by_role] == [
        ("Teacher", 2),
        ("Family member", 1),
        ("Health center staff", 1),
        ("School staff", 1),
    ]
    assert [(c.key, c.value) for c in numbers.by_organization_kind] == [
        ("health_center", 2),
        ("school", 2),
        ("other", 1),
    ]
    assert [(c.label, c.value) for c in numbers.by_state] == [
        ("Maryland", 2),
        ("Virginia", 2),
        ("New York", 1),
    ]


def test_dashboard_of_an_org_admin_counts_their_organization_only(
    db: Session, world: World
) -> None:
    numbers = course_dashboard(db, world.course, world.org_admin, now=NOW)
    assert (numbers.enrolled, numbers.active, numbers.completed) == (2, 1, 1)
    assert numbers.median_time_to_complete == timedelta(days=10)
    assert [(s.reached, s.completed) for s in numbers.funnel][:3] == [(2, 2), (2, 2), (2, 1)]
    assert [(c.key, c.value) for c in numbers.by_state] == [("MD", 2)]


def test_knowledge_gain_averages(db: Session, world: World) -> None:
    averages = knowledge.averages(db, world.course, None)
    assert (averages.pretest_takers, averages.pretest_average) == (4, 42.5)
    assert (averages.posttest_takers, averages.posttest_average) == (2, 85)
    assert averages.both == 2
    assert (averages.both_pretest_average, averages.both_posttest_average) == (45, 85)
    assert averages.mean_gain == 40  # Ada 40 -> 90, Chloé 50 -> 80


def test_knowledge_gain_per_learner(db: Session, world: World) -> None:
    learners = knowledge.learner_gains(db, world.course, None, 1, 50)
    assert [(g.name, g.pretest, g.posttest, g.gain) for g in learners] == [
        ("Ada Lovelace", 40, 90, 50),
        ("Chloé Ünal", 50, 80, 30),
    ]
    scoped = knowledge.learner_gains(db, world.course, world.org_admin, 1, 50)
    assert [g.name for g in scoped] == ["Ada Lovelace"]


def test_per_question_first_pretest_and_best_posttest(db: Session, world: World) -> None:
    pre = {
        s.question_id: s
        for s in knowledge.question_scores(db, world.course, "pretest", None, best=False)
    }
    assert [(pre[q].asked, pre[q].correct) for q in ("q1", "q3", "q6")] == [(4, 2), (4, 1), (4, 2)]
    assert pre["q3"].percent == 25
    assert pre["q2"].asked == 0 and pre["q2"].percent is None
    assert pre["q1"].prompt.startswith("What is the key idea")
    post = {
        s.question_id: s
        for s in knowledge.question_scores(db, world.course, "posttest", None, best=True)
    }
    # Ada's best attempt (90%) got both right; Chloé missed the matching question.
    assert (post["crm-invitation"].asked, post["crm-invitation"].percent) == (2, 100)
    assert (post["csmhm-matching"].asked, post["csmhm-matching"].percent) == (2, 50)


def test_a_course_without_the_quiz_has_no_question_scores(db: Session, world: World) -> None:
    assert knowledge.question_scores(db, world.course, None, None, best=True) == []


@pytest.mark.parametrize("viewer", ["ada", "dan"])
def test_learners_see_no_numbers(db: Session, world: World, viewer: str) -> None:
    numbers = course_dashboard(db, world.course, getattr(world, viewer), now=NOW)
    assert numbers.enrolled == 0 and numbers.median_time_to_complete is None
