"""Item analysis of quizzes and the anonymous evaluation results."""

from __future__ import annotations

from sqlalchemy.orm import Session

from course_engine.reports.evaluation import evaluation_results
from course_engine.reports.items import item_analysis
from tests.reports.conftest import World


def test_item_analysis_of_the_pretest(db: Session, world: World) -> None:
    quiz = world.course.quiz("pretest")
    assert quiz is not None
    stats, attempts = item_analysis(db, world.course.slug, quiz, None)
    assert attempts == 4
    items = {item.question_id: item for item in stats}
    q1, q3, q6 = items["q1"], items["q3"], items["q6"]
    assert (q1.asked, q1.answered, q1.correct, q1.percent_correct) == (4, 4, 2, 50)
    assert q1.top_wrong() == [("b. Only licensed therapists should respond to trauma", 2)]
    assert (q3.asked, q3.answered, q3.correct) == (4, 3, 1)  # Eve left it blank
    assert round(q3.percent_correct or 0, 2) == 33.33
    assert q3.top_wrong() == [("c. Screening students for signs of anxiety", 2)]
    assert (q6.correct, q6.top_wrong()) == (2, [("True", 2)])
    assert (items["q2"].asked, items["q2"].percent_correct) == (0, None)


def test_item_analysis_counts_every_posttest_attempt_and_wrong_matches(
    db: Session, world: World
) -> None:
    quiz = world.course.quiz("posttest")
    assert quiz is not None
    stats, attempts = item_analysis(db, world.course.slug, quiz, None)
    assert attempts == 3
    items = {item.question_id: item for item in stats}
    crm = items["crm-invitation"]
    assert (crm.answered, crm.correct) == (3, 2)
    assert [count for _, count in crm.top_wrong()] == [1]
    matching = items["csmhm-matching"]
    assert (matching.answered, matching.correct) == (3, 2)
    assert sorted(label for label, _ in matching.top_wrong()) == [
        "Prevention → A team meeting where staff raise concerns about students whose grades "
        "have dropped",
        "Supporting Youth → Replacing crowded hallway changes that often lead to fights",
    ]


def test_item_analysis_is_scoped(db: Session, world: World) -> None:
    quiz = world.course.quiz("posttest")
    assert quiz is not None
    _, attempts = item_analysis(db, world.course.slug, quiz, world.other_org_admin)
    assert attempts == 1  # Chloé's


def test_evaluation_likert_distributions_and_free_text(db: Session, world: World) -> None:
    survey = world.course.quiz("evaluation")
    assert survey is not None
    results = evaluation_results(db, world.course.slug, survey)
    assert results.responses == 3
    likert = {result.question_id: result for result in results.likert}
    assert likert["objectives-met"].counts == [0, 0, 0, 1, 2]
    assert round(likert["objectives-met"].mean or 0, 3) == 4.667
    assert (likert["relevant"].counts, likert["relevant"].skipped) == ([0, 0, 0, 1, 0], 2)
    assert likert["confidence"].labels[0] == "Not at all confident"
    texts = {result.question_id: result.answers for result in results.texts}
    assert texts == {
        "planned-change": ["Use a warm handoff"],
        "improvements": ['=HYPERLINK("http://x")', "more examples"],
    }
