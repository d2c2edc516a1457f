"""Question objects built in code, for grading tests (the content compiler is tested elsewhere)."""

from __future__ import annotations

from typing import Any

from course_engine.content import (
    Choice,
    Item,
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Pair,
    ShortAnswer,
    SingleChoice,
    Text,
    TrueFalse,
    normalize_answer,
)


def _common(type_name: str, points: float) -> dict[str, Any]:
    """The fields every question has."""
    return {
        "id": f"{type_name}-q",
        "type": type_name,
        "prompt_html": f"<p>A {type_name} question</p>",
        "points": points,
        "explanation_html": "<p>Because.</p>",
        "line": 1,
    }


def choices(*correct: bool) -> tuple[Choice, ...]:
    """Choices a, b, c, ... with the given correct flags."""
    return tuple(
        Choice(key=chr(ord("a") + i), html=f"Choice {i}", correct=flag, feedback_html=f"fb {i}")
        for i, flag in enumerate(correct)
    )


def single(*correct: bool, points: float = 1.0) -> SingleChoice:
    """A single-choice question."""
    return SingleChoice(**_common("single", points), choices=choices(*correct))


def multiple(*correct: bool, points: float = 1.0) -> MultipleChoice:
    """A multiple-choice question."""
    return MultipleChoice(**_common("multiple", points), choices=choices(*correct))


def true_false(answer: bool) -> TrueFalse:
    """A true/false question."""
    return TrueFalse(**_common("true_false", 1.0), answer=answer)


def short_answer(*answers: str) -> ShortAnswer:
    """A short-answer question (answers normalized as the compiler does)."""
    accepted = tuple(normalize_answer(a) for a in answers)
    return ShortAnswer(**_common("short_answer", 1.0), answers=accepted)


def numeric(answer: float, tolerance: float = 0.0) -> Numeric:
    """A numeric question."""
    return Numeric(**_common("numeric", 1.0), answer=answer, tolerance=tolerance)


def matching(*rights: str, points: float = 1.0) -> Matching:
    """A matching question: left items a, b, ... paired with ``rights``."""
    pairs = tuple(
        Pair(key=chr(ord("a") + i), left_html=f"Left {i}", right=right)
        for i, right in enumerate(rights)
    )
    return Matching(**_common("matching", points), pairs=pairs)


def ordering(count: int, points: float = 1.0) -> Ordering:
    """An ordering question with items a, b, ... in the correct order."""
    items = tuple(Item(key=chr(ord("a") + i), html=f"Step {i}") for i in range(count))
    return Ordering(**_common("ordering", points), items=items)


def likert(scale: int = 5) -> Likert:
    """A likert question."""
    return Likert(**_common("likert", 1.0), labels=tuple(str(n) for n in range(1, scale + 1)))


def text(max_length: int = 20) -> Text:
    """A free-text question."""
    return Text(**_common("text", 1.0), max_length=max_length)
