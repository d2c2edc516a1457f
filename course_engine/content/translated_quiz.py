"""A quiz's translation (``id.es.yaml``): its text over the original's structure, checked.

Only text is taken from a translation: the title, prompts, explanations, choice texts and
feedback, matching pairs, ordering items, Likert labels and the accepted short answers of that
language (added to the original's, so either language is accepted). Ids, types, correct flags,
numbers, order, draw and pass scores come from the original; a translation that writes one of
them differently, names a question the original lacks or leaves one out is refused, each error
with its ``path:line``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from course_engine.content import messages
from course_engine.content.errors import Sink
from course_engine.content.fields import Fields
from course_engine.content.links import CourseLinks
from course_engine.content.markdown import render_markdown
from course_engine.content.objects import Quiz
from course_engine.content.question_types import (
    Choice,
    Item,
    Likert,
    Matching,
    Ordering,
    Pair,
    ShortAnswer,
)
from course_engine.content.questions import Question, normalize_answer
from course_engine.content.quiz_file import QUIZ_KEYS
from course_engine.content.yamlsource import LineDict, LineList, load_yaml

#: Keys of a question whose values are structure (compared with the original when written).
QUESTION_STRUCTURE = (
    "id", "type", "points", "objectives", "answer", "tolerance", "scale", "max_length",
)  # fmt: skip
#: Keys of a choice that are the answer key.
CHOICE_STRUCTURE = ("correct", "fixed")

Render = Callable[[str, int, bool], str]


@dataclasses.dataclass
class _Context:
    """What checking one translated quiz needs: the two files' data and where to report."""

    sink: Sink
    original: LineDict
    original_rel: str
    render: Render


def translate_quiz(
    original: Quiz, original_text: str, text: str, rel: str, links: CourseLinks, language: str
) -> tuple[Quiz | None, Sink]:
    """The quiz as written in ``language``; None (and errors in the sink) when refused."""
    sink = Sink(rel)
    data, problems = load_yaml(text)
    for line, message in problems:
        sink.add(line, message)
    source, _ = load_yaml(original_text)
    if not isinstance(data, LineDict) or not isinstance(source, LineDict):
        if not problems:
            sink.add(1, messages.NOT_A_MAPPING.format(what="a quiz translation"))
        return None, sink
    resolve = links.resolver(sink)

    def render(markdown: str, line: int, inline: bool) -> str:
        return render_markdown(markdown, resolve=resolve, line_offset=line - 1, inline=inline)

    ctx = _Context(sink, source, original.source, render)
    fields = Fields(data, sink, QUIZ_KEYS)
    fields.check_unknown()
    structure = [k for k in QUIZ_KEYS if k not in ("title", "questions")]
    same_structure(sink, data, source, original.source, structure)
    title = _text(ctx, fields, source, "title")
    questions = _questions(ctx, fields, original)
    if sink:
        return None, sink
    translated = dataclasses.replace(
        original, title=title or original.title, questions=questions, language=language
    )
    return translated, sink


def same_structure(
    sink: Sink, data: LineDict, source: LineDict, original_rel: str, keys: list[str]
) -> None:
    """Report each of ``keys`` that the translation writes differently from the original."""
    for key in keys:
        if key in data and data[key] != source.get(key):
            sink.add(
                data.line_of(key),
                messages.TRANSLATION_CHANGED.format(
                    key=key, original=original_rel, line=source.line_of(key)
                ),
            )


def _text(ctx: _Context, fields: Fields, source: LineDict, key: str) -> str | None:
    """A text the original has: required in the translation too."""
    value = fields.string(key)
    if value is None and source.get(key) and not fields.has(key):
        fields.sink.add(
            fields.data.line,
            messages.TRANSLATION_MISSING_TEXT.format(
                key=key, original=ctx.original_rel, line=source.line_of(key)
            ),
        )
    return value


def _questions(ctx: _Context, fields: Fields, original: Quiz) -> tuple[Question, ...]:
    """Each original question with the translation's text; unknown and missing ids reported."""
    items = fields.items("questions", required=True) or LineList(fields.data.line)
    sources = {
        str(item["id"]): item
        for item in ctx.original.get("questions") or []
        if isinstance(item, LineDict) and "id" in item
    }
    written: dict[str, tuple[LineDict, int]] = {}
    for item, line in zip(items, items.item_lines, strict=True):
        if not isinstance(item, LineDict):
            ctx.sink.add(line, messages.NOT_A_MAPPING.format(what="a question"))
            continue
        question_id = str(item.get("id", ""))
        if question_id not in sources:
            shown = question_id or "(no id)"
            message = messages.TRANSLATION_UNKNOWN_ID.format(id=shown, original=ctx.original_rel)
            ctx.sink.add(item.line_of("id"), message)
            continue
        written[question_id] = (item, line)
    result: list[Question] = []
    for question in original.questions:
        if question.id not in written:
            ctx.sink.add(
                fields.line("questions"),
                messages.TRANSLATION_MISSING_ID.format(
                    id=question.id, original=ctx.original_rel, line=question.line
                ),
            )
            continue
        item, _line = written[question.id]
        result.append(_question(ctx, question, item, sources[question.id]))
    return tuple(result)


def _question(ctx: _Context, question: Question, item: LineDict, source: LineDict) -> Question:
    """One question: structure checked against the original, text rendered from the item."""
    text_keys = ["prompt", "explanation", "choices", "pairs", "items", "labels", "answers"]
    entry = Fields(item, ctx.sink, (*QUESTION_STRUCTURE, *text_keys))
    entry.check_unknown()
    if "type" in item and item["type"] != source.get("type"):
        ctx.sink.add(
            item.line_of("type"),
            messages.TRANSLATION_CHANGED_TYPE.format(
                id=question.id,
                type=item["type"],
                expected=source.get("type"),
                original=ctx.original_rel,
                line=source.line_of("type"),
            ),
        )
    structure = [k for k in QUESTION_STRUCTURE if k != "type"]
    same_structure(ctx.sink, item, source, ctx.original_rel, structure)
    changes: dict[str, Any] = {}
    prompt = _text(ctx, entry, source, "prompt")
    if prompt:
        changes["prompt_html"] = ctx.render(prompt, entry.line("prompt"), False)
    explanation = _text(ctx, entry, source, "explanation")
    if explanation:
        changes["explanation_html"] = ctx.render(explanation, entry.line("explanation"), False)
    choices = getattr(question, "choices", None)
    if choices is not None:
        changes["choices"] = _choices(ctx, question.id, entry, source, choices)
    if isinstance(question, Matching):
        changes.update(_pairs(ctx, entry, source, question.pairs))
    if isinstance(question, Ordering):
        texts = _strings(ctx, entry, source, "items", len(question.items))
        changes["items"] = tuple(
            Item(key=old.key, html=ctx.render(value, line, True))
            for old, (value, line) in zip(question.items, texts, strict=False)
        )
    if isinstance(question, Likert):
        labels = _strings(ctx, entry, source, "labels", len(question.labels), optional=True)
        if labels:
            changes["labels"] = tuple(value for value, _ in labels)
    if isinstance(question, ShortAnswer):
        answers = _strings(ctx, entry, source, "answers", None)
        both = (*question.answers, *(normalize_answer(value) for value, _ in answers))
        changes["answers"] = tuple(dict.fromkeys(both))
    return dataclasses.replace(question, **changes)


def _entries(
    ctx: _Context, entry: Fields, source: LineDict, key: str, expected: int
) -> list[tuple[LineDict, LineDict]]:
    """The translation's list under ``key`` paired with the original's (same length)."""
    items = entry.items(key)
    originals = source.get(key) or LineList(source.line)
    if items is None:
        entry.sink.add(
            entry.data.line,
            messages.TRANSLATION_MISSING_TEXT.format(
                key=key, original=ctx.original_rel, line=source.line_of(key)
            ),
        )
        return []
    if len(items) != expected:
        entry.error(
            key,
            messages.TRANSLATION_COUNT.format(
                key=key,
                count=len(items),
                expected=expected,
                original=ctx.original_rel,
                line=source.line_of(key),
            ),
        )
        return []
    pairs: list[tuple[LineDict, LineDict]] = []
    for item, line, old in zip(items, items.item_lines, originals, strict=True):
        if not isinstance(item, LineDict):
            entry.sink.add(line, messages.NOT_A_MAPPING.format(what=f"an entry of '{key}'"))
            continue
        pairs.append((item, old))
    return pairs


def _choices(
    ctx: _Context,
    question_id: str,
    entry: Fields,
    source: LineDict,
    choices: tuple[Choice, ...],
) -> tuple[Choice, ...]:
    """Choice texts and feedback; ``correct`` and ``fixed`` must match the original's."""
    result: list[Choice] = []
    pairs = _entries(ctx, entry, source, "choices", len(choices))
    for choice, (item, old) in zip(choices, pairs, strict=False):
        fields = Fields(item, ctx.sink, ("text", "feedback", *CHOICE_STRUCTURE))
        fields.check_unknown()
        for key in CHOICE_STRUCTURE:
            if key in item and item[key] != old.get(key, False if key == "correct" else None):
                ctx.sink.add(
                    item.line_of(key),
                    messages.TRANSLATION_CHANGED_ANSWER_KEY.format(
                        id=question_id, key=key, original=ctx.original_rel, line=old.line_of(key)
                    ),
                )
        text = _text(ctx, fields, old, "text") or ""
        feedback = _text(ctx, fields, old, "feedback")
        result.append(
            dataclasses.replace(
                choice,
                html=ctx.render(text, fields.line("text"), True) if text else choice.html,
                feedback_html=(
                    ctx.render(feedback, fields.line("feedback"), True)
                    if feedback
                    else choice.feedback_html
                ),
            )
        )
    return tuple(result)


def _pairs(
    ctx: _Context, entry: Fields, source: LineDict, pairs: tuple[Pair, ...]
) -> dict[str, Any]:
    """Matching: left texts rendered, right texts shown translated but graded as the original's."""
    lefts: list[Pair] = []
    labels: dict[str, str] = {}
    for pair, (item, old) in zip(
        pairs, _entries(ctx, entry, source, "pairs", len(pairs)), strict=False
    ):
        fields = Fields(item, ctx.sink, ("left", "right"))
        fields.check_unknown()
        left = _text(ctx, fields, old, "left") or ""
        right = _text(ctx, fields, old, "right")
        lefts.append(
            dataclasses.replace(pair, left_html=ctx.render(left, fields.line("left"), True))
        )
        if right:
            if labels.get(pair.right, right) != right:
                fields.error(
                    "right", messages.DUPLICATE_ENTRY.format(value=pair.right, key="right")
                )
            labels[pair.right] = right
    return {"pairs": tuple(lefts), "right_labels": tuple(sorted(labels.items()))}


def _strings(
    ctx: _Context,
    entry: Fields,
    source: LineDict,
    key: str,
    expected: int | None,
    optional: bool = False,
) -> list[tuple[str, int]]:
    """A list of strings; with ``expected``, as many as the original has."""
    if not entry.has(key):
        if not optional:
            entry.sink.add(
                entry.data.line,
                messages.TRANSLATION_MISSING_TEXT.format(
                    key=key, original=ctx.original_rel, line=source.line_of(key)
                ),
            )
        return []
    values = entry.strings(key)
    if expected is not None and len(values) != expected:
        entry.error(
            key,
            messages.TRANSLATION_COUNT.format(
                key=key,
                count=len(values),
                expected=expected,
                original=ctx.original_rel,
                line=source.line_of(key),
            ),
        )
        return []
    return values
