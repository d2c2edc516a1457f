"""The built-in question types, registered by their ``type`` name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_engine.content import messages
from course_engine.content.fields import Fields
from course_engine.content.questions import (
    Question,
    QuestionContext,
    letter_key,
    mapping_items,
    normalize_answer,
    register_question_type,
    string_items,
)


@dataclass(frozen=True)
class Choice:
    """One choice of a single/multiple question; ``key`` is stable: a, b, c, ..."""

    key: str
    html: str
    correct: bool
    feedback_html: str | None
    fixed: bool = False  #: keeps its place when the other choices are shuffled
    text: str = ""  #: the Markdown the author wrote (for the authoring checks)


@dataclass(frozen=True)
class Pair:
    """One row of a matching question: the left side and its matching right text."""

    key: str
    left_html: str
    right: str


@dataclass(frozen=True)
class Item:
    """One item of an ordering question."""

    key: str
    html: str


CHOICE_KEYS = ("text", "correct", "feedback", "fixed")


def _choices(fields: Fields, ctx: QuestionContext) -> tuple[Choice, ...]:
    """The choices; ``fixed: true`` on the question keeps every choice in place."""
    all_fixed = fields.boolean("fixed", False)
    choices: list[Choice] = []
    entries = mapping_items(fields, "choices", 2, "a choice", CHOICE_KEYS)
    for index, entry in enumerate(entries):
        text = entry.string("text", required=True) or ""
        feedback = entry.string("feedback")
        choices.append(
            Choice(
                key=letter_key(index),
                html=ctx.render(text, entry.line("text"), True),
                correct=entry.boolean("correct", False),
                feedback_html=ctx.render(feedback, entry.line("feedback"), True)
                if feedback
                else None,
                fixed=entry.boolean("fixed", False) or all_fixed,
                text=text,
            )
        )
    return tuple(choices)


@register_question_type
@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    """Pick one choice; exactly one is correct (surveys: no correct choice needed)."""

    type_name = "single"
    keys = ("choices", "fixed")
    choices: tuple[Choice, ...]

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question:
        """Parse ``choices`` and check exactly one is correct."""
        choices = _choices(fields, ctx)
        count = sum(choice.correct for choice in choices)
        if choices and not ctx.survey and count != 1:
            fields.error("choices", messages.SINGLE_NEEDS_ONE_CORRECT.format(count=count))
        return cls(**common, choices=choices)


@register_question_type
@dataclass(frozen=True, kw_only=True)
class MultipleChoice(Question):
    """Pick all that apply; at least one is correct; partial credit."""

    type_name = "multiple"
    keys = ("choices", "fixed")
    choices: tuple[Choice, ...]

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question:
        """Parse ``choices`` and check at least one is correct."""
        choices = _choices(fields, ctx)
        if choices and not ctx.survey and not any(choice.correct for choice in choices):
            fields.error("choices", messages.MULTIPLE_NEEDS_CORRECT)
        return cls(**common, choices=choices)


@register_question_type
@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """A statement that is true or false."""

    type_name = "true_false"
    keys = ("answer",)
    answer: bool

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question:
        """Parse the required boolean ``answer``."""
        if not fields.has("answer"):
            fields.error("answer", messages.MISSING_KEY.format(key="answer"))
        return cls(**common, answer=fields.boolean("answer", False))


@register_question_type
@dataclass(frozen=True, kw_only=True)
class ShortAnswer(Question):
    """A typed answer compared case- and space-insensitively with the accepted ones."""

    type_name = "short_answer"
    keys = ("answers",)
    answers: tuple[str, ...]

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question:
        """Parse and normalize the accepted ``answers``."""
        values = string_items(fields, "answers", 1)
        answers = tuple(dict.fromkeys(normalize_answer(value) for value, _ in values))
        return cls(**common, answers=answers)

    def accepts(self, response: str) -> bool:
        """Whether a learner's response matches an accepted answer."""
        return normalize_answer(response) in self.answers


@register_question_type
@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    """A number, correct within ``tolerance``."""

    type_name = "numeric"
    keys = ("answer", "tolerance")
    answer: float
    tolerance: float

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question:
        """Parse ``answer`` and ``tolerance``."""
        answer = fields.number("answer", required=True, default=0.0)
        tolerance = fields.number("tolerance", default=0.0, minimum="nonnegative")
        return cls(**common, answer=answer or 0.0, tolerance=tolerance or 0.0)


@register_question_type
@dataclass(frozen=True, kw_only=True)
class Matching(Question):
    """Match each left item to a right text; partial credit."""

    type_name = "matching"
    keys = ("pairs",)
    pairs: tuple[Pair, ...]
    #: in a translation: (original right text, text shown); answers stay the original's
    right_labels: tuple[tuple[str, str], ...] = ()

    def right_label(self, right: str) -> str:
        """The right text as shown in the question's language."""
        return dict(self.right_labels).get(right, right)

    @property
    def right_options(self) -> tuple[str, ...]:
        """The distinct right texts, sorted alphabetically (what learners choose from)."""
        return tuple(sorted({pair.right for pair in self.pairs}, key=str.casefold))

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question:
        """Parse at least two ``pairs`` of {left, right}."""
        pairs: list[Pair] = []
        entries = mapping_items(fields, "pairs", 2, "a pair", ("left", "right"))
        for index, entry in enumerate(entries):
            left = entry.string("left", required=True) or ""
            right = entry.string("right", required=True) or ""
            html = ctx.render(left, entry.line("left"), True)
            pairs.append(Pair(key=letter_key(index), left_html=html, right=right))
        return cls(**common, pairs=tuple(pairs))


@register_question_type
@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    """Put the items in order (given here in the correct order); partial credit."""

    type_name = "ordering"
    keys = ("items",)
    items: tuple[Item, ...]

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question:
        """Parse at least two distinct ``items``."""
        values = string_items(fields, "items", 2)
        items = tuple(
            Item(key=letter_key(index), html=ctx.render(value, line, True))
            for index, (value, line) in enumerate(values)
        )
        return cls(**common, items=items)


@register_question_type
@dataclass(frozen=True, kw_only=True)
class Likert(Question):
    """An opinion on a scale (surveys only, not graded)."""

    type_name = "likert"
    keys = ("scale", "labels")
    survey_only = True
    labels: tuple[str, ...]

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question:
        """Parse ``scale`` (2..10, default 5) or ``labels``."""
        if fields.has("scale") and fields.has("labels"):
            fields.error("labels", messages.LIKERT_SCALE_AND_LABELS)
        if fields.has("labels"):
            labels = tuple(value for value, _ in string_items(fields, "labels", 2))
        else:
            scale = fields.integer("scale", default=5, low=2, high=10) or 5
            labels = scale_labels(scale)
        return cls(**common, labels=labels)


#: The five points of a classic Likert item (``scale: 5``).
AGREEMENT = (
    "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree",
)  # fmt: skip


def scale_labels(scale: int) -> tuple[str, ...]:
    """Words for every point of a ``scale``: agreement for 5, else numbers with both ends named."""
    if scale == len(AGREEMENT):
        return AGREEMENT
    middle = tuple(str(number) for number in range(2, scale))
    return ("1 (lowest)", *middle, f"{scale} (highest)")


@register_question_type
@dataclass(frozen=True, kw_only=True)
class Text(Question):
    """A free-text answer (surveys only, not graded)."""

    type_name = "text"
    keys = ("max_length",)
    survey_only = True
    max_length: int

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question:
        """Parse ``max_length`` (default 2000)."""
        return cls(**common, max_length=fields.integer("max_length", default=2000) or 2000)
