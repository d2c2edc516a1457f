"""Translations as files beside the originals: ``NN-id.es.md``, ``id.es.yaml``, ``course.es.yaml``.

A translation gives text only; everything else comes from the original. A course's translation
into a language is the original course with each translated file's text laid over it; a module
or quiz without a translation stays as originally written (its ``language`` says so, and the
pages tell the learner).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from course_engine.content import messages
from course_engine.content.errors import Sink
from course_engine.content.fields import Fields, is_text
from course_engine.content.links import CourseLinks
from course_engine.content.markdown import render_markdown, render_page
from course_engine.content.module_file import MODULE_KEYS, read_head, split_pages
from course_engine.content.objects import Course, Module, Objective, Page
from course_engine.content.translated_quiz import same_structure
from course_engine.content.yamlsource import LineDict, load_yaml

#: ``name.xx.md`` / ``name.xx.yaml``: a translation of ``name.md`` / ``name.yaml`` into xx.
TRANSLATION_FILE_RE = re.compile(r"^(?P<stem>[^.]+)\.(?P<language>[a-z]{2})\.(?P<ext>md|yaml)$")
#: Keys of course.yaml a translation writes (the rest must be left out or copied unchanged).
COURSE_TEXT_KEYS = ("title", "summary", "audience", "objectives", "certificate")
COURSE_STRUCTURE = ("slug", "version", "hours", "pretest", "posttest", "evaluation", "completion")
#: Keys of a certificate template a translation writes.
TEMPLATE_TEXT_KEYS = ("title", "texts")


def translation_of(path: Path) -> tuple[str, str] | None:
    """(original file name, language) when ``path`` is a translation file, else None."""
    match = TRANSLATION_FILE_RE.match(path.name)
    if match is None:
        return None
    return f"{match['stem']}.{match['ext']}", match["language"]


def translate_module(
    original: Module, original_text: str, text: str, rel: str, links: CourseLinks, language: str
) -> tuple[Module | None, Sink]:
    """The module as written in ``language``: same pages and objectives, translated text."""
    sink = Sink(rel)
    head = read_head(text, rel)
    source = read_head(original_text, original.source)
    sink.errors.extend(head.errors)
    if head.meta is None or source.meta is None:
        return None, sink
    fields = Fields(head.meta, sink, MODULE_KEYS)
    fields.check_unknown()
    structure = [k for k in MODULE_KEYS if k not in ("title", "objectives")]
    same_structure(sink, head.meta, source.meta, original.source, structure)
    title = fields.string("title", required=True)
    objectives = _objectives(fields, original, source.meta)
    pages = split_pages(head.body)
    if len(pages) != len(original.pages):
        message = messages.TRANSLATION_PAGES.format(
            count=len(pages), expected=len(original.pages), original=original.source
        )
        sink.add(head.body_offset + 1, message)
    resolve = links.resolver(sink)
    rendered: list[Page] = []
    for page, (body, start, _anchor) in zip(original.pages, pages, strict=False):
        html, heading = render_page(body, resolve=resolve, line_offset=head.body_offset + start)
        title_shown = heading or title or page.title
        # A translated page keeps the original's id: progress is one, whatever the language.
        rendered.append(Page(number=page.number, title=title_shown, html=html, id=page.id))
    if sink:
        return None, sink
    module = dataclasses.replace(
        original,
        title=title or original.title,
        objectives=objectives,
        pages=tuple(rendered),
        language=language,
    )
    return module, sink


def _objectives(fields: Fields, original: Module, source: LineDict) -> tuple[Objective, ...]:
    """The objectives' text, in the original's order and with its ids."""
    items = fields.items("objectives")
    if not original.objectives:
        return ()
    if items is None or len(items) != len(original.objectives):
        fields.error(
            "objectives",
            messages.TRANSLATION_COUNT.format(
                key="objectives",
                count=len(items) if items is not None else 0,
                expected=len(original.objectives),
                original=original.source,
                line=source.line_of("objectives"),
            ),
        )
        return original.objectives
    result: list[Objective] = []
    for number, (item, line, old) in enumerate(
        zip(items, items.item_lines, original.objectives, strict=True), start=1
    ):
        text = item.get("text") if isinstance(item, LineDict) else item
        given = str(item.get("id")) if isinstance(item, LineDict) and "id" in item else None
        if given != old.id:
            fields.sink.add(
                line,
                messages.TRANSLATION_OBJECTIVE_ID.format(
                    number=number,
                    id=given,
                    expected=old.id,
                    original=original.source,
                    line=old.line,
                ),
            )
        if not is_text(text):
            fields.sink.add(line, messages.MUST_BE_STRING.format(key="text"))
            continue
        result.append(Objective(old.id, str(text).strip(), old.line))
    return tuple(result)


def translate_course_file(
    original: Course, original_text: str, text: str, rel: str, links: CourseLinks
) -> tuple[dict[str, object], Sink]:
    """The text of ``course.xx.yaml`` to lay over the course (title, summary, lists, issuer)."""
    sink = Sink(rel)
    data, problems = load_yaml(text)
    for line, message in problems:
        sink.add(line, message)
    source, _ = load_yaml(original_text)
    if not isinstance(data, LineDict) or not isinstance(source, LineDict):
        if not problems:
            sink.add(1, messages.NOT_A_MAPPING.format(what="a course translation"))
        return {}, sink
    fields = Fields(data, sink, (*COURSE_STRUCTURE, *COURSE_TEXT_KEYS))
    fields.check_unknown()
    same_structure(sink, data, source, original.source, list(COURSE_STRUCTURE))
    changes: dict[str, object] = {}
    title = fields.string("title", required=True)
    if title:
        changes["title"] = title
    summary = fields.string("summary", required=True)
    if summary:
        resolve = links.resolver(sink)
        offset = fields.line("summary") - 1
        changes["summary_html"] = render_markdown(summary, resolve=resolve, line_offset=offset)
    for key in ("audience", "objectives"):
        values = tuple(value for value, _ in fields.strings(key))
        expected = len(getattr(original, key))
        if len(values) != expected:
            fields.error(
                key,
                messages.TRANSLATION_COUNT.format(
                    key=key,
                    count=len(values),
                    expected=expected,
                    original=original.source,
                    line=source.line_of(key),
                ),
            )
        changes[key] = values
    issuer = _issuer_name(fields)
    if issuer and original.certificate is not None and original.certificate.issuer is not None:
        translated = dataclasses.replace(original.certificate.issuer, name=issuer)
        changes["certificate"] = dataclasses.replace(original.certificate, issuer=translated)
    return changes, sink


def _issuer_name(fields: Fields) -> str | None:
    """``certificate: {issuer: {name: ...}}``: the issuing organization's name as translated."""
    certificate = fields.mapping("certificate", ("issuer",))
    issuer = certificate.mapping("issuer", ("name",)) if certificate else None
    return issuer.string("name") if issuer else None


def translate_template(
    original: dict[str, object], text: str, rel: str, original_rel: str
) -> tuple[dict[str, object], Sink]:
    """``certificates/<id>.xx.yaml``: the document title and texts, for texts the original has."""
    sink = Sink(rel)
    data, problems = load_yaml(text)
    for line, message in problems:
        sink.add(line, message)
    if not isinstance(data, LineDict):
        if not problems:
            sink.add(1, messages.NOT_A_MAPPING.format(what="a certificate translation"))
        return {}, sink
    fields = Fields(data, sink, TEMPLATE_TEXT_KEYS)
    fields.check_unknown()
    wording: dict[str, object] = {}
    title = fields.string("title")
    if title:
        wording["title"] = title
    known = original.get("texts") or {}
    texts = fields.mapping("texts", tuple(known) if isinstance(known, dict) else None)
    if texts is not None:
        texts.check_unknown()
        wording["texts"] = {key: str(value) for key, value in texts.data.items() if is_text(value)}
    return wording, sink


def merged_answers(original: Course, translations: list[Course]) -> Course:
    """The original course whose short answers also accept every translation's."""
    from course_engine.content.question_types import ShortAnswer

    quizzes = dict(original.quizzes)
    for quiz_id, quiz in original.quizzes.items():
        questions = []
        for question in quiz.questions:
            if isinstance(question, ShortAnswer):
                answers = list(question.answers)
                for course in translations:
                    other = course.quizzes[quiz_id].question(question.id)
                    answers += list(getattr(other, "answers", ()))
                question = dataclasses.replace(question, answers=tuple(dict.fromkeys(answers)))
            questions.append(question)
        quizzes[quiz_id] = dataclasses.replace(quiz, questions=tuple(questions))
    return dataclasses.replace(original, quizzes=quizzes)
