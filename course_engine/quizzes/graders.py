"""The graders of the built-in question types.

Partial credit:
- multiple: (right picks - wrong picks) / number of correct choices, floored at 0;
  fully correct only when exactly the correct choices are picked.
- matching: share of left items matched to their right text.
- ordering: share of items given their correct position (each item judged on its own, so
  giving two items the same position can earn at most one of them).
Everything else is all or nothing; likert and text questions are never scored.
"""

from __future__ import annotations

import math
import random
import re
from typing import Any

from course_engine.content import (
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    Text,
    TrueFalse,
    normalize_answer,
)
from course_engine.quizzes.grading import (
    UNGRADED,
    Form,
    Grader,
    QuestionResult,
    Slot,
    all_values,
    field_name,
    first_value,
    pick,
    register_grader,
    scored,
)

#: Shown beside a numeric field holding text that is not a number.
NOT_A_NUMBER = "Enter a number, for example 4 or 2.5."
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


def parse_number(text: str) -> float | None:
    """A typed number: spaces and a trailing % ignored, '1,000' and '1,5' understood."""
    text = re.sub(r"\s+", "", text).removesuffix("%")
    if "," in text and ("." in text or THOUSANDS_RE.match(text)):
        text = text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    if not NUMBER_RE.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def shuffle_unfixed(
    question: SingleChoice | MultipleChoice, rng: random.Random, shuffle: bool
) -> dict[str, Any]:
    """A slot whose choices are shuffled, except those marked ``fixed``, which keep their place."""
    order = [choice.key for choice in question.choices]
    free = [index for index, choice in enumerate(question.choices) if not choice.fixed]
    if shuffle and len(free) > 1:
        moved = [order[index] for index in free]
        rng.shuffle(moved)
        for index, key in zip(free, moved, strict=True):
            order[index] = key
    return {"question": question.id, "order": order}


@register_grader
class SingleChoiceGrader(Grader):
    """One choice: full points for the correct one."""

    question_type = SingleChoice

    def parts(self, question: SingleChoice) -> dict[str, Any]:
        """Choices by key."""
        return {choice.key: choice for choice in question.choices}

    def slot(self, question: SingleChoice, rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """Choices shuffled when the quiz shuffles, fixed ones in place."""
        return shuffle_unfixed(question, rng, shuffle)

    def parse(self, question: SingleChoice, form: Form, slot: Slot | None = None) -> str | None:
        """The key of the picked choice."""
        return pick(first_value(form, field_name(question.id)), self.order(question, slot))

    def grade(self, question: SingleChoice, answer: Any) -> QuestionResult:
        """All or nothing."""
        right = any(c.key == answer and c.correct for c in question.choices)
        return scored(question, 1.0 if right else 0.0)


@register_grader
class MultipleChoiceGrader(Grader):
    """Pick all that apply, with partial credit."""

    question_type = MultipleChoice

    def parts(self, question: MultipleChoice) -> dict[str, Any]:
        """Choices by key."""
        return {choice.key: choice for choice in question.choices}

    def slot(self, question: MultipleChoice, rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """Choices shuffled when the quiz shuffles, fixed ones in place."""
        return shuffle_unfixed(question, rng, shuffle)

    def parse(
        self, question: MultipleChoice, form: Form, slot: Slot | None = None
    ) -> list[str] | None:
        """The keys of the picked choices, in the author's order."""
        order = self.order(question, slot)
        picked = {pick(value.strip(), order) for value in all_values(form, field_name(question.id))}
        keys = [key for key in self.parts(question) if key in picked]
        return keys or None

    def grade(self, question: MultipleChoice, answer: Any) -> QuestionResult:
        """(right picks - wrong picks) / correct choices, floored at 0."""
        correct = {c.key for c in question.choices if c.correct}
        known = {c.key for c in question.choices}
        picked = {key for key in answer if key in known} if isinstance(answer, list) else set()
        if not correct:
            return scored(question, 0.0)
        fraction = (len(picked & correct) - len(picked - correct)) / len(correct)
        return scored(question, fraction)


@register_grader
class TrueFalseGrader(Grader):
    """True or false: all or nothing."""

    question_type = TrueFalse

    def parse(self, question: TrueFalse, form: Form, slot: Slot | None = None) -> bool | None:
        """True, False, or None when neither was picked."""
        return {"true": True, "false": False}.get(first_value(form, field_name(question.id)))

    def grade(self, question: TrueFalse, answer: Any) -> QuestionResult:
        """Right when the answer matches."""
        return scored(question, 1.0 if answer is question.answer else 0.0)


@register_grader
class ShortAnswerGrader(Grader):
    """A typed answer, compared case- and space-insensitively."""

    question_type = ShortAnswer

    def parse(self, question: ShortAnswer, form: Form, slot: Slot | None = None) -> str | None:
        """The typed text, stripped."""
        return first_value(form, field_name(question.id)) or None

    def grade(self, question: ShortAnswer, answer: Any) -> QuestionResult:
        """Right when it matches an accepted answer."""
        right = isinstance(answer, str) and normalize_answer(answer) in question.answers
        return scored(question, 1.0 if right else 0.0)


@register_grader
class NumericGrader(Grader):
    """A number, right within the tolerance."""

    question_type = Numeric

    def parse(self, question: Numeric, form: Form, slot: Slot | None = None) -> float | None:
        """The number typed (None when empty or not a number)."""
        return parse_number(first_value(form, field_name(question.id), limit=50))

    def problem(self, question: Numeric, form: Form) -> str | None:
        """Text that is not a number ("four") is refused before grading."""
        typed = first_value(form, field_name(question.id), limit=50)
        if typed and parse_number(typed) is None:
            return NOT_A_NUMBER
        return None

    def grade(self, question: Numeric, answer: Any) -> QuestionResult:
        """Right when |answer - expected| <= tolerance (with room for float rounding)."""
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            return scored(question, 0.0)
        slack = 1e-9 * max(1.0, abs(question.answer))
        right = abs(answer - question.answer) <= question.tolerance + slack
        return scored(question, 1.0 if right else 0.0)


@register_grader
class MatchingGrader(Grader):
    """Each left item gets a right text, with partial credit."""

    question_type = Matching

    def parts(self, question: Matching) -> dict[str, Any]:
        """Pairs by key."""
        return {pair.key: pair for pair in question.pairs}

    def slot(self, question: Matching, rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """Rows and right options, both shuffled when the quiz shuffles choices."""
        slot = super().slot(question, rng, shuffle)
        options = list(question.right_options)
        if shuffle:
            rng.shuffle(options)
        return {**slot, "options": options}

    def options(self, question: Matching, slot: Slot | None) -> list[str]:
        """The right texts in the order shown."""
        current = list(question.right_options)
        stored = [text for text in (slot or {}).get("options", []) if text in current]
        return stored + [text for text in current if text not in stored]

    def parse(
        self, question: Matching, form: Form, slot: Slot | None = None
    ) -> dict[str, str | None] | None:
        """The right text chosen for each left item, by pair key."""
        options = self.options(question, slot)
        answer = {
            key: pick(first_value(form, field_name(question.id, row)), options)
            for row, key in enumerate(self.order(question, slot), start=1)
        }
        return answer if any(answer.values()) else None

    def grade(self, question: Matching, answer: Any) -> QuestionResult:
        """Share of left items matched right."""
        chosen = answer if isinstance(answer, dict) else {}
        right = sum(chosen.get(pair.key) == pair.right for pair in question.pairs)
        return scored(question, right / len(question.pairs) if question.pairs else 0.0)


@register_grader
class OrderingGrader(Grader):
    """Give each item its position, with partial credit."""

    question_type = Ordering
    always_shuffle = True

    def parts(self, question: Ordering) -> dict[str, Any]:
        """Items by key (keys follow the correct order)."""
        return {item.key: item for item in question.items}

    def slot(self, question: Ordering, rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """Items always shown out of order (never already solved)."""
        slot = super().slot(question, rng, shuffle)
        order = slot["order"]
        if order == list(self.parts(question)) and len(order) > 1:
            order = order[1:] + order[:1]
        return {**slot, "order": order}

    def parse(
        self, question: Ordering, form: Form, slot: Slot | None = None
    ) -> dict[str, int | None] | None:
        """The position (1..n) given to each item, by item key."""
        count = len(question.items)
        answer: dict[str, int | None] = {}
        for row, key in enumerate(self.order(question, slot), start=1):
            value = first_value(form, field_name(question.id, row), limit=10)
            number = int(value) if value.isascii() and value.isdigit() else 0
            answer[key] = number if 1 <= number <= count else None
        return answer if any(answer.values()) else None

    def grade(self, question: Ordering, answer: Any) -> QuestionResult:
        """Share of items in their correct position."""
        given = answer if isinstance(answer, dict) else {}
        right = sum(
            given.get(item.key) == position for position, item in enumerate(question.items, start=1)
        )
        return scored(question, right / len(question.items) if question.items else 0.0)


@register_grader
class LikertGrader(Grader):
    """An opinion on a scale: stored as the label's number (1..n), never scored."""

    question_type = Likert
    graded = False

    def parse(self, question: Likert, form: Form, slot: Slot | None = None) -> int | None:
        """The number of the picked label."""
        value = first_value(form, field_name(question.id), limit=10)
        number = int(value) if value.isascii() and value.isdigit() else 0
        return number if 1 <= number <= len(question.labels) else None

    def grade(self, question: Likert, answer: Any) -> QuestionResult:
        """Not scored."""
        return UNGRADED


@register_grader
class TextGrader(Grader):
    """Free text, cut to the question's max_length, never scored."""

    question_type = Text
    graded = False

    def parse(self, question: Text, form: Form, slot: Slot | None = None) -> str | None:
        """The text typed, stripped."""
        return first_value(form, field_name(question.id), limit=question.max_length) or None

    def grade(self, question: Text, answer: Any) -> QuestionResult:
        """Not scored."""
        return UNGRADED
