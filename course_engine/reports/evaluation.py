"""Course evaluation results: likert distributions and free-text answers, never with names.

Survey responses are stored without any link to a learner, so they cannot be scoped to an
organization: every response to the course's evaluation is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Likert, Quiz, Text
from course_engine.models import SurveyResponse
from course_engine.reports.knowledge import plain_text


@dataclass
class LikertResult:
    """How many respondents picked each label of one statement."""

    question_id: str
    prompt: str
    labels: tuple[str, ...]
    counts: list[int]
    skipped: int = 0

    @property
    def answered(self) -> int:
        """Respondents who picked a label."""
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        """The mean position on the scale (1 = first label), None when nobody answered."""
        total = self.answered
        if not total:
            return None
        return sum(position * count for position, count in enumerate(self.counts, 1)) / total


@dataclass
class TextResult:
    """Every free-text answer to one question, in alphabetical order (not submission order)."""

    question_id: str
    prompt: str
    answers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EvaluationResults:
    """The evaluation's results: one entry per likert or text question, in quiz order."""

    responses: int
    likert: list[LikertResult]
    texts: list[TextResult]


def evaluation_results(session: Session, course_slug: str, survey: Quiz) -> EvaluationResults:
    """Read every response to ``survey`` once and tally it."""
    likert = {
        q.id: LikertResult(q.id, plain_text(q.prompt_html), q.labels, [0] * len(q.labels))
        for q in survey.questions
        if isinstance(q, Likert)
    }
    texts = {
        q.id: TextResult(q.id, plain_text(q.prompt_html))
        for q in survey.questions
        if isinstance(q, Text)
    }
    query = (
        select(SurveyResponse.answers)
        .where(SurveyResponse.course_slug == course_slug, SurveyResponse.quiz_id == survey.id)
        .execution_options(yield_per=1000)
    )
    responses = 0
    for answers in session.scalars(query):
        responses += 1
        for question_id, result in likert.items():
            value = (answers or {}).get(question_id)
            if isinstance(value, int) and 1 <= value <= len(result.labels):
                result.counts[value - 1] += 1
            else:
                result.skipped += 1
        for question_id, text_result in texts.items():
            value = (answers or {}).get(question_id)
            if isinstance(value, str) and value.strip():
                text_result.answers.append(value.strip())
    for text_result in texts.values():
        text_result.answers.sort(key=str.casefold)
    return EvaluationResults(responses, list(likert.values()), list(texts.values()))
