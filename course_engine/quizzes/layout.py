"""An attempt's layout: the questions drawn for it and the order of everything shown, fixed once."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from course_engine.content import Question, Quiz
from course_engine.quizzes.grading import QuestionResult, Slot, field_name, grader_for


def draw_layout(quiz: Quiz, rng: random.Random) -> list[dict[str, Any]]:
    """Draw ``quiz.draw`` questions (all by default), shuffled as the quiz says."""
    questions = list(quiz.questions)
    if quiz.draw is not None and quiz.draw < len(questions):
        chosen = set(rng.sample(range(len(questions)), quiz.draw))
        questions = [q for index, q in enumerate(questions) if index in chosen]
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    return [grader_for(q).slot(q, rng, quiz.shuffle_choices) for q in questions]


@dataclass(frozen=True)
class AskedQuestion:
    """One question as an attempt shows it, with the answer and result once submitted."""

    number: int
    question: Question
    slot: Slot
    answer: Any = None
    result: QuestionResult | None = None

    @property
    def type(self) -> str:
        """The question's type name (picks the template macro)."""
        return self.question.type

    @property
    def field(self) -> str:
        """The form field of the question."""
        return field_name(self.question.id)

    def row_field(self, row: int) -> str:
        """The form field of one row (matching, ordering)."""
        return field_name(self.question.id, row)

    @property
    def parts(self) -> list[tuple[int, Any]]:
        """(number shown, choice / pair / item), in the order shown."""
        grader = grader_for(self.question)
        parts = grader.parts(self.question)
        order = grader.order(self.question, self.slot)
        return [(row, parts[key]) for row, key in enumerate(order, start=1)]

    @property
    def options(self) -> list[tuple[int, str]]:
        """(number shown, right text) of a matching question, in the order shown."""
        texts = grader_for(self.question).options(self.question, self.slot)
        return list(enumerate(texts, start=1))

    @property
    def graded(self) -> bool:
        """True when the question was scored."""
        return self.result is not None


def asked_questions(
    quiz: Quiz,
    layout: list[dict[str, Any]],
    answers: dict[str, Any] | None = None,
    results: dict[str, Any] | None = None,
) -> list[AskedQuestion]:
    """The layout's questions that the quiz still has, numbered as shown."""
    asked: list[AskedQuestion] = []
    for slot in layout:
        question = quiz.question(str(slot.get("question")))
        if question is None:
            continue
        result = (results or {}).get(question.id)
        asked.append(
            AskedQuestion(
                number=len(asked) + 1,
                question=question,
                slot=slot,
                answer=(answers or {}).get(question.id),
                result=QuestionResult.from_json(result) if result else None,
            )
        )
    return asked
