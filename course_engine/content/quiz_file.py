"""One quiz file: settings and questions, validated and rendered."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from course_engine.content import (
    messages,
    question_types,  # noqa: F401  (registers the built-in types)
)
from course_engine.content.errors import ContentError, Sink
from course_engine.content.fields import Fields
from course_engine.content.links import CourseLinks
from course_engine.content.markdown import render_markdown
from course_engine.content.objects import Quiz, QuizKind, RevealAnswers, ShowFeedback
from course_engine.content.questions import Question, QuestionContext, parse_question
from course_engine.content.yamlsource import LineDict, load_yaml

QUIZ_KEYS = (
    "id", "title", "kind", "pass_score", "max_attempts", "shuffle_questions",
    "shuffle_choices", "draw", "show_feedback", "reveal_answers", "questions", "renamed_from",
)  # fmt: skip
DEFAULT_PASS_SCORE = 80
UNSCORED_KINDS = (QuizKind.PRETEST, QuizKind.SURVEY)
#: The answer key stays hidden unless the quiz says otherwise: graded quizzes show it after a
#: pass or the last attempt; a pre-test never (its questions often return in the post-test).
DEFAULT_REVEAL = {
    QuizKind.KNOWLEDGE_CHECK: RevealAnswers.AFTER_LAST_ATTEMPT,
    QuizKind.POSTTEST: RevealAnswers.AFTER_LAST_ATTEMPT,
    QuizKind.PRETEST: RevealAnswers.NEVER,
    QuizKind.SURVEY: RevealAnswers.NEVER,
}


@dataclass(frozen=True)
class ParsedQuiz:
    """A compiled quiz (None when unusable; valid only when ``errors`` is empty)."""

    quiz_id: str
    quiz: Quiz | None
    errors: tuple[ContentError, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)


def build_quiz(
    text: str, stem: str, rel: str, course: str, links: CourseLinks, digest: str
) -> ParsedQuiz:
    """Parse, validate and render one quiz file."""
    sink = Sink(rel)
    data, problems = load_yaml(text)
    for line, message in problems:
        sink.add(line, message)
    if not isinstance(data, LineDict):
        if not problems:
            sink.add(1, messages.NOT_A_MAPPING.format(what="a quiz file"))
        return ParsedQuiz(stem, None, tuple(sink.errors))
    fields = Fields(data, sink, QUIZ_KEYS)
    fields.check_unknown()
    quiz_id = fields.ident("id", default=stem)
    lines = {key: fields.line(key) for key in QUIZ_KEYS}
    title = fields.string("title", required=True)
    kind_name = fields.choice("kind", [k.value for k in QuizKind], "")
    if not fields.has("kind"):
        fields.error("kind", messages.MISSING_KEY.format(key="kind"))
    kind = QuizKind(kind_name) if kind_name else QuizKind.KNOWLEDGE_CHECK
    pass_score: int | None = None
    if kind in UNSCORED_KINDS:
        if fields.has("pass_score"):
            fields.error("pass_score", messages.PASS_SCORE_NOT_ALLOWED.format(kind=kind.value))
    else:
        pass_score = fields.integer("pass_score", default=DEFAULT_PASS_SCORE, low=0, high=100)
    max_attempts = fields.integer("max_attempts", default=0, low=0) or 0
    shuffle_questions = fields.boolean("shuffle_questions", False)
    shuffle_choices = fields.boolean("shuffle_choices", True)
    feedback = fields.choice("show_feedback", [s.value for s in ShowFeedback], "after_submit")
    reveal = fields.choice(
        "reveal_answers", [r.value for r in RevealAnswers], DEFAULT_REVEAL[kind].value
    )
    renamed_from = tuple(name for name, _ in fields.id_list("renamed_from"))
    questions, pool = _questions(fields, sink, links, kind)
    draw = _draw(fields, pool)
    if quiz_id is None:
        return ParsedQuiz(stem, None, tuple(sink.errors), lines)
    quiz = Quiz(
        id=quiz_id,
        course_slug=course,
        title=title or "",
        kind=kind,
        pass_score=pass_score,
        max_attempts=max_attempts,
        shuffle_questions=shuffle_questions,
        shuffle_choices=shuffle_choices,
        draw=draw,
        show_feedback=ShowFeedback(feedback),
        questions=questions,
        source=rel,
        content_hash=digest,
        reveal_answers=RevealAnswers(reveal),
        shuffle_choices_set=fields.has("shuffle_choices"),
        lines=MappingProxyType(lines),
        renamed_from=renamed_from,
        text=text,
    )
    return ParsedQuiz(quiz_id, quiz, tuple(sink.errors), lines)


def _questions(
    fields: Fields, sink: Sink, links: CourseLinks, kind: QuizKind
) -> tuple[tuple[Question, ...], int]:
    """The valid questions, and how many were written."""
    items = fields.items("questions", required=True)
    if items is None:
        return (), 0
    if not items:
        fields.error("questions", messages.TOO_FEW.format(key="questions", minimum=1))
    resolve = links.resolver(sink)

    def render(text: str, line: int, inline: bool) -> str:
        return render_markdown(text, resolve=resolve, line_offset=line - 1, inline=inline)

    ctx = QuestionContext(render=render, survey=kind is QuizKind.SURVEY)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for item, line in zip(items, items.item_lines, strict=True):
        question = parse_question(item, line, sink, ctx)
        if isinstance(item, LineDict) and isinstance(item.get("id"), str | int):
            question_id = str(item["id"])
            if question_id in seen:
                sink.add(
                    item.line_of("id"),
                    messages.DUPLICATE_QUESTION_ID.format(id=question_id, other=seen[question_id]),
                )
            else:
                seen[question_id] = item.line_of("id")
        if question is not None:
            questions.append(question)
    return tuple(questions), len(items)


def _draw(fields: Fields, pool: int) -> int | None:
    if not fields.has("draw"):
        return None
    value = fields.data["draw"]
    valid = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= pool
    if not valid:
        fields.error("draw", messages.DRAW_OUT_OF_RANGE.format(pool=pool))
        return None
    return int(value)
