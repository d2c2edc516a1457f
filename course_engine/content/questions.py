"""Question types: one base class and a registry; each type parses and checks its own keys."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from course_engine.content import messages
from course_engine.content.errors import Sink
from course_engine.content.fields import ID_RE, Fields, suggest
from course_engine.content.yamlsource import LineDict, LineList

COMMON_KEYS = ("id", "type", "prompt", "points", "explanation", "objectives")


@dataclass(frozen=True)
class QuestionContext:
    """What a question parser needs from its quiz: a renderer and whether it is a survey."""

    #: render(markdown, line, inline) -> sanitized HTML
    render: Callable[[str, int, bool], str]
    survey: bool


@dataclass(frozen=True, kw_only=True)
class Question:
    """A question of any type; subclasses add the type's own fields."""

    id: str
    type: str
    prompt_html: str
    points: float
    explanation_html: str | None
    line: int
    #: ids of the module objectives this question assesses
    objectives: tuple[str, ...] = ()
    objective_lines: tuple[int, ...] = field(default=(), compare=False)

    type_name: ClassVar[str] = ""
    keys: ClassVar[tuple[str, ...]] = ()
    survey_only: ClassVar[bool] = False

    @property
    def graded(self) -> bool:
        """Whether answers are scored (opinion and free-text questions are not)."""
        return not self.survey_only

    @classmethod
    def parse(cls, fields: Fields, common: dict[str, Any], ctx: QuestionContext) -> Question | None:
        """Build the question from its mapping, reporting problems; None when it is unusable."""
        raise NotImplementedError


QUESTION_TYPES: dict[str, type[Question]] = {}
Q = TypeVar("Q", bound=type[Question])


def register_question_type(cls: Q) -> Q:
    """Class decorator: make a question type available under its ``type_name``."""
    QUESTION_TYPES[cls.type_name] = cls
    return cls


def letter_key(index: int) -> str:
    """Stable keys for choices, pairs and items: a, b, ..., z, aa, ab, ..."""
    key = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        key = chr(ord("a") + rest) + key
    return key


def normalize_answer(text: str) -> str:
    """Case- and space-insensitive form of a short answer."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def parse_question(data: Any, line: int, sink: Sink, ctx: QuestionContext) -> Question | None:
    """Parse one item of a quiz's ``questions`` list."""
    if not isinstance(data, LineDict):
        sink.add(line, messages.NOT_A_MAPPING.format(what="a question"))
        return None
    fields = Fields(data, sink, COMMON_KEYS)
    type_name = fields.string("type", required=True)
    cls = QUESTION_TYPES.get(type_name or "")
    if type_name is not None and cls is None:
        close = suggest(type_name, QUESTION_TYPES)
        if close:
            message = messages.UNKNOWN_QUESTION_TYPE_SUGGEST.format(
                type=type_name, suggestion=close
            )
        else:
            types = ", ".join(sorted(QUESTION_TYPES))
            message = messages.UNKNOWN_QUESTION_TYPE.format(type=type_name, types=types)
        fields.error("type", message)
    if cls is not None:
        fields.allowed = (*COMMON_KEYS, *cls.keys)
        if cls.survey_only and not ctx.survey:
            fields.error("type", messages.SURVEY_ONLY_TYPE.format(type=type_name))
        if "fixed" in data and "fixed" not in cls.keys:
            fields.error("fixed", messages.FIXED_WITHOUT_CHOICES.format(type=type_name))
            fields.allowed = (*fields.allowed, "fixed")
        fields.check_unknown()
    errors_before = len(sink.errors)
    question_id = fields.ident("id", required=True)
    prompt = fields.string("prompt", required=True)
    explanation = fields.string("explanation")
    objectives = fields.strings("objectives")
    for objective, objective_line in objectives:
        if not ID_RE.match(objective):
            message = messages.BAD_ID.format(key="objectives", value=objective)
            fields.sink.add(objective_line, message)
    common: dict[str, Any] = {
        "id": question_id,
        "type": type_name,
        "prompt_html": ctx.render(prompt, fields.line("prompt"), False) if prompt else "",
        "points": fields.number("points", default=1.0, minimum="positive"),
        "explanation_html": (
            ctx.render(explanation, fields.line("explanation"), False) if explanation else None
        ),
        "line": line,
        "objectives": tuple(objective for objective, _ in objectives),
        "objective_lines": tuple(objective_line for _, objective_line in objectives),
    }
    if cls is None:
        return None
    question = cls.parse(fields, common, ctx)
    if len(sink.errors) > errors_before:
        return None
    return question


def mapping_items(
    fields: Fields, key: str, minimum: int, what: str, allowed: tuple[str, ...]
) -> list[Fields]:
    """A required list of mappings (choices, pairs), each as ``Fields``; reports bad entries."""
    items = fields.items(key, required=True)
    if items is None:
        return []
    if len(items) < minimum:
        fields.error(key, messages.TOO_FEW.format(key=key, minimum=minimum))
    result: list[Fields] = []
    for item, line in zip(items, items.item_lines, strict=True):
        if not isinstance(item, LineDict):
            fields.sink.add(line, messages.NOT_A_MAPPING.format(what=what))
            continue
        entry = Fields(item, fields.sink, allowed)
        entry.check_unknown()
        result.append(entry)
    return result


def string_items(fields: Fields, key: str, minimum: int) -> list[tuple[str, int]]:
    """A required list of strings with at least ``minimum`` entries and no duplicates."""
    if not fields.has(key):
        fields.error(key, messages.MISSING_KEY.format(key=key))
        return []
    values = fields.strings(key)
    raw = fields.data.get(key)
    if isinstance(raw, LineList) and values and len(values) < minimum:
        fields.error(key, messages.TOO_FEW.format(key=key, minimum=minimum))
    seen: set[str] = set()
    for value, line in values:
        if value in seen:
            fields.sink.add(line, messages.DUPLICATE_ENTRY.format(value=value, key=key))
        seen.add(value)
    return values
