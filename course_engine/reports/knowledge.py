"""Knowledge gain: pre-test against best post-test, per learner, on average and per question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import User
from course_engine.reports.attempts import attempt_results
from course_engine.reports.completions import completion_query
from course_engine.reports.filters import ReportFilters


@dataclass(frozen=True)
class Averages:
    """How many learners took each test, their average scores and the mean gain."""

    pretest_takers: int
    pretest_average: float | None
    posttest_takers: int
    posttest_average: float | None
    both: int
    both_pretest_average: float | None
    both_posttest_average: float | None
    mean_gain: float | None


@dataclass(frozen=True)
class LearnerGain:
    """One learner who took both tests."""

    name: str
    pretest: float
    posttest: float

    @property
    def gain(self) -> float:
        """Post-test best minus pre-test, in percentage points."""
        return self.posttest - self.pretest


@dataclass(frozen=True)
class QuestionScore:
    """Share of the counted attempts that got one question fully right."""

    question_id: str
    number: int
    prompt: str
    asked: int
    correct: int

    @property
    def percent(self) -> float | None:
        """Percent correct of the attempts that were asked the question."""
        return 100 * self.correct / self.asked if self.asked else None


def _scores(course: Course, viewer: User | None) -> Any:
    """Per enrolment: name, pre-test score and best post-test score (the report's own query)."""
    return completion_query(course, ReportFilters(course.slug), viewer).order_by(None).subquery()


def averages(session: Session, course: Course, viewer: User | None) -> Averages:
    """Averages over learners who took the pre-test, the post-test, and both."""
    scores = _scores(course, viewer)
    pre, post = scores.c.pretest_percent, scores.c.posttest_best
    both = pre.is_not(None) & post.is_not(None)
    row = session.execute(
        select(
            func.count(pre),
            func.avg(pre),
            func.count(post),
            func.avg(post),
            func.count().filter(both),
            func.avg(pre).filter(both),
            func.avg(post).filter(both),
            func.avg(post - pre).filter(both),
        )
    ).one()
    values = [float(value) if value is not None else None for value in row]
    return Averages(
        pretest_takers=row[0],
        pretest_average=values[1],
        posttest_takers=row[2],
        posttest_average=values[3],
        both=row[4],
        both_pretest_average=values[5],
        both_posttest_average=values[6],
        mean_gain=values[7],
    )


def learner_gains(
    session: Session, course: Course, viewer: User | None, page: int, per_page: int
) -> list[LearnerGain]:
    """One page of the learners who took both tests, by name."""
    scores = _scores(course, viewer)
    query = (
        select(scores.c.name, scores.c.pretest_percent, scores.c.posttest_best)
        .where(scores.c.pretest_percent.is_not(None), scores.c.posttest_best.is_not(None))
        .order_by(scores.c.name, scores.c.enrolment_id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return [LearnerGain(name, pre, post) for name, pre, post in session.execute(query)]


def question_scores(
    session: Session, course: Course, quiz_id: str | None, viewer: User | None, *, best: bool
) -> list[QuestionScore]:
    """Per question of a quiz: percent correct in each learner's first (or best) attempt."""
    quiz = course.quiz(quiz_id) if quiz_id else None
    if quiz is None:
        return []
    asked: dict[str, int] = dict.fromkeys((q.id for q in quiz.questions), 0)
    correct = dict(asked)
    for results in attempt_results(session, course, quiz, viewer, best=best).values():
        for question_id, result in results.items():
            if question_id in asked:
                asked[question_id] += 1
                correct[question_id] += bool(result.get("correct"))
    return [
        QuestionScore(q.id, number, plain_text(q.prompt_html), asked[q.id], correct[q.id])
        for number, q in enumerate(quiz.questions, start=1)
        if q.graded
    ]


def plain_text(html: str) -> str:
    """Sanitized content HTML as plain text (for tables and charts)."""
    # Only read (striptags), never output as markup; the HTML was sanitized at load.
    return Markup(html).striptags()  # noqa: S704  # nosec B704
