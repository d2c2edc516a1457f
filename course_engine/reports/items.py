"""Quiz item analysis: per question, how many answered, percent correct, how often each choice
was picked (distractors), common wrong answers, and a discrimination index.

The discrimination index is the classic upper-lower index: the share of the top 27% of attempts
(by total percent) that got the question fully right, minus the share of the bottom 27%. Near 0
or negative, the question does not separate those who know the material from those who do not.

Everything is read from the graded per-question results stored with each attempt (never from
``answers``, which deleting a learner clears), so anonymizing a learner changes no figure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import (
    Matching,
    MultipleChoice,
    Numeric,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    normalize_answer,
)
from course_engine.models import AttemptStatus, QuizAttempt, User
from course_engine.reports.knowledge import plain_text
from course_engine.reports.scope import enrolments_of_course

#: How many distinct wrong answers are listed per question.
TOP_WRONG = 5
#: Share of attempts in each of the upper and lower groups of the discrimination index.
GROUP_SHARE = 0.27
#: Fewest attempts asked a question before its discrimination index is shown.
MIN_FOR_DISCRIMINATION = 10


@dataclass
class ItemStats:
    """One question's results over every submitted attempt in scope."""

    question_id: str
    number: int
    type: str
    prompt: str
    asked: int = 0
    answered: int = 0
    correct: int = 0
    wrong: Counter[str] = field(default_factory=Counter)
    labels: dict[str, str] = field(default_factory=dict)
    #: times each choice was picked (single and multiple questions), by choice key
    picks: Counter[str] = field(default_factory=Counter)
    #: (choice key, text, correct) in the author's order (single and multiple questions)
    choices: list[tuple[str, str, bool]] = field(default_factory=list)
    #: upper-lower 27% discrimination index; None with too few attempts
    discrimination: float | None = None
    #: (attempt percent, fully right) of every attempt that was asked the question
    outcomes: list[tuple[float, bool]] = field(default_factory=list)

    def choice_counts(self) -> list[tuple[str, int, bool]]:
        """Every choice with how often it was picked, and whether it is correct."""
        return [(f"{key}. {text}", self.picks[key], correct) for key, text, correct in self.choices]

    @property
    def percent_correct(self) -> float | None:
        """Percent of those who answered who were fully right."""
        return 100 * self.correct / self.answered if self.answered else None

    def top_wrong(self) -> list[tuple[str, int]]:
        """The wrong answers picked most, as (text, count), most frequent first."""
        ranked = sorted(self.wrong.items(), key=lambda item: (-item[1], item[0]))[:TOP_WRONG]
        return [(self.labels.get(key, key), count) for key, count in ranked]


def item_analysis(
    session: Session, course_slug: str, quiz: Quiz, viewer: User | None
) -> tuple[list[ItemStats], int]:
    """Statistics for each graded question of ``quiz``, and the number of attempts counted."""
    stats = {
        question.id: ItemStats(
            question.id,
            number,
            question.type,
            plain_text(question.prompt_html),
            labels=_labels(question),
            choices=[
                (c.key, plain_text(c.html), c.correct) for c in getattr(question, "choices", ())
            ],
        )  # fmt: skip
        for number, question in enumerate(quiz.questions, start=1)
        if question.graded
    }
    questions = {question.id: question for question in quiz.questions}
    query = (
        select(QuizAttempt.layout, QuizAttempt.results, QuizAttempt.percent)
        .where(
            QuizAttempt.enrolment_id.in_(enrolments_of_course(course_slug, viewer)),
            QuizAttempt.quiz_id == quiz.id,
            QuizAttempt.status == AttemptStatus.SUBMITTED,
        )
        .execution_options(yield_per=1000)
    )
    attempts = 0
    for layout, results, percent in session.execute(query):
        attempts += 1
        for slot in layout or []:
            item = stats.get(slot.get("question"))
            if item is None:
                continue
            item.asked += 1
            result = (results or {}).get(item.question_id) or {}
            if percent is not None:
                item.outcomes.append((float(percent), bool(result.get("correct"))))
            if not result.get("answered"):
                continue
            item.answered += 1
            question = questions[item.question_id]
            item.picks.update(choice_picks(question, result))
            if result.get("correct"):
                item.correct += 1
            elif "wrong_answer" in result:
                item.wrong.update(wrong_picks(question, result["wrong_answer"]))
    for item in stats.values():
        item.discrimination = discrimination_index(item.outcomes)
        item.outcomes = []
    return list(stats.values()), attempts


def discrimination_index(outcomes: list[tuple[float, bool]]) -> float | None:
    """Share right in the top 27% of attempts (by percent) minus the share in the bottom 27%."""
    if len(outcomes) < MIN_FOR_DISCRIMINATION:
        return None
    ranked = sorted(outcomes, key=lambda outcome: outcome[0])
    size = max(1, round(len(ranked) * GROUP_SHARE))
    lower, upper = ranked[:size], ranked[-size:]
    return (sum(right for _, right in upper) - sum(right for _, right in lower)) / size


def choice_picks(question: Question, result: dict[str, Any]) -> list[str]:
    """The choices an answered single or multiple question's result shows were picked."""
    if not isinstance(question, SingleChoice | MultipleChoice):
        return []
    if result.get("correct"):
        return [choice.key for choice in question.choices if choice.correct]
    answer = result.get("wrong_answer")
    known = {choice.key for choice in question.choices}
    picked = [answer] if isinstance(answer, str) else answer if isinstance(answer, list) else []
    return [key for key in picked if key in known]


def wrong_picks(question: Question, answer: Any) -> list[str]:
    """The keys of the wrong parts of an answer (choices, true/false, matches, typed text)."""
    if isinstance(question, SingleChoice):
        right = {choice.key for choice in question.choices if choice.correct}
        return [answer] if isinstance(answer, str) and answer not in right else []
    if isinstance(question, MultipleChoice):
        right = {choice.key for choice in question.choices if choice.correct}
        return [key for key in answer if key not in right] if isinstance(answer, list) else []
    if isinstance(question, TrueFalse):
        return [str(answer).lower()] if answer is not question.answer else []
    if isinstance(question, Matching):
        chosen = answer if isinstance(answer, dict) else {}
        return [
            f"{pair.key}={chosen[pair.key]}"
            for pair in question.pairs
            if chosen.get(pair.key) is not None and chosen[pair.key] != pair.right
        ]
    if isinstance(question, ShortAnswer):
        return [normalize_answer(answer)] if isinstance(answer, str) else []
    if isinstance(question, Numeric):
        return [f"{answer:g}"] if isinstance(answer, int | float) else []
    return []


def _labels(question: Question) -> dict[str, str]:
    """How each wrong-pick key reads: the choice text, True/False, 'left → right'."""
    if isinstance(question, SingleChoice | MultipleChoice):
        return {c.key: f"{c.key}. {plain_text(c.html)}" for c in question.choices}
    if isinstance(question, TrueFalse):
        return {"true": "True", "false": "False"}
    if isinstance(question, Matching):
        return {
            f"{pair.key}={right}": f"{plain_text(pair.left_html)} → {right}"
            for pair in question.pairs
            for right in question.right_options
        }
    return {}
