"""Grading on the server: one grader per question type, found in a registry by the type name.

A grader turns the submitted form into a stored answer (``parse``) and scores a stored answer
against the question (``grade``). Stored answers use the content's stable keys (choice ``a``,
pair ``b``, ...), never the order the learner saw, so an answer can be re-graded later.

The form never carries those keys: choices, rows and options are numbered 1, 2, 3 ... in the
order the attempt shows them (its *slot*), and ``parse`` maps the numbers back. The keys follow
the author's order (for ordering questions, the correct order), so showing them would leak
answers.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from course_engine.content import Question

#: Submitted form values by field name (``request.form.to_dict(flat=False)``).
Form = Mapping[str, Sequence[str]]
#: One question of an attempt's layout: {"question": id, "order": [keys], ...}.
Slot = Mapping[str, Any]

#: The longest typed answer stored (short answers and numbers).
MAX_TYPED_LENGTH = 500


@dataclass(frozen=True)
class QuestionResult:
    """Points earned out of the question's points, and whether the answer was fully right."""

    points: float
    max_points: float
    correct: bool

    @property
    def verdict(self) -> str:
        """Correct, Partly correct or Incorrect (words, so results never rely on colour)."""
        if self.correct:
            return "Correct"
        return "Partly correct" if self.points > 0 else "Incorrect"

    def to_json(self) -> dict[str, Any]:
        """The form stored in ``QuizAttempt.results``."""
        return {"points": self.points, "max": self.max_points, "correct": self.correct}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> QuestionResult:
        """Read a stored result back."""
        return cls(float(data["points"]), float(data["max"]), bool(data["correct"]))


UNGRADED = QuestionResult(0.0, 0.0, False)


def stored_result(result: QuestionResult, answer: Any) -> dict[str, Any]:
    """One question's entry in ``QuizAttempt.results``: points, whether it was answered, and
    the answer itself when it was not fully right (reports read wrong answers from here, so
    clearing a deleted learner's ``answers`` changes no report figure)."""
    stored = result.to_json() | {"answered": answer is not None}
    if answer is not None and not result.correct:
        stored["wrong_answer"] = answer
    return stored


def field_name(question_id: str, row: int | None = None) -> str:
    """The form field of a question, or of one row (1-based, as shown) of it."""
    return f"q-{question_id}" if row is None else f"q-{question_id}.{row}"


def scored(question: Question, fraction: float) -> QuestionResult:
    """A result worth ``fraction`` (0..1) of the question's points."""
    fraction = min(max(fraction, 0.0), 1.0)
    points = round(question.points * fraction, 4)
    return QuestionResult(points, float(question.points), fraction >= 1.0)


class Grader:
    """Parses and grades one question type; subclasses register with ``register_grader``."""

    question_type: ClassVar[type[Question]]
    #: False for opinion and free-text questions (never scored).
    graded: ClassVar[bool] = True
    #: Shuffle the parts in every attempt, whatever the quiz says (ordering questions).
    always_shuffle: ClassVar[bool] = False

    def parts(self, question: Any) -> dict[str, Any]:
        """The question's keyed parts (choices, pairs, items) in the author's order."""
        return {}

    def slot(self, question: Any, rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """This question's place in a new attempt: the order its parts are shown in."""
        order = list(self.parts(question))
        if len(order) > 1 and (shuffle or self.always_shuffle):
            rng.shuffle(order)
        return {"question": question.id, "order": order}

    def order(self, question: Any, slot: Slot | None) -> list[str]:
        """The keys in the order shown (stored keys the content lost are dropped, new ones last)."""
        keys = list(self.parts(question))
        stored = [key for key in (slot or {}).get("order", []) if key in keys]
        return stored + [key for key in keys if key not in stored]

    def options(self, question: Any, slot: Slot | None) -> list[str]:
        """The texts learners choose from for every row, in the order shown (matching only)."""
        return []

    def parse(self, question: Any, form: Form, slot: Slot | None = None) -> Any:
        """The stored (JSON-able) answer for the submitted form; None when unanswered."""
        raise NotImplementedError

    def grade(self, question: Any, answer: Any) -> QuestionResult:
        """Score a stored answer (any malformed or unknown answer earns nothing)."""
        raise NotImplementedError

    def problem(self, question: Any, form: Form) -> str | None:
        """Why the typed answer cannot be graded as it stands (shown beside the field), if so."""
        return None


GRADERS: dict[str, Grader] = {}
G = TypeVar("G", bound=type[Grader])


def register_grader(cls: G) -> G:
    """Class decorator: grade questions of ``cls.question_type`` with ``cls``."""
    GRADERS[cls.question_type.type_name] = cls()
    return cls


def grader_for(question: Question) -> Grader:
    """The grader of a question's type."""
    try:
        return GRADERS[question.type]
    except KeyError:
        raise LookupError(f"no grader for question type {question.type!r}") from None


def grade(question: Question, answer: Any) -> QuestionResult:
    """Score one stored answer with its type's grader."""
    return grader_for(question).grade(question, answer)


# --- reading form values ----------------------------------------------------------------------
def first_value(form: Form, name: str, limit: int = MAX_TYPED_LENGTH) -> str:
    """The first value of a field, stripped and cut to ``limit`` characters ("" when absent)."""
    values = form.get(name) or []
    if isinstance(values, str):
        values = [values]
    return values[0].strip()[:limit] if values else ""


def all_values(form: Form, name: str) -> list[str]:
    """Every value of a (checkbox) field."""
    values = form.get(name) or []
    return [values] if isinstance(values, str) else list(values)


def pick(value: str, order: Sequence[str]) -> str | None:
    """The key shown at 1-based position ``value``, or None for anything else."""
    if not (value.isascii() and value.isdigit()):
        return None
    index = int(value)
    return order[index - 1] if 1 <= index <= len(order) else None
