"""One module file: front matter, then Markdown split into rendered pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType

from course_engine.content import messages
from course_engine.content.errors import ContentError, Sink
from course_engine.content.fields import ID_RE, Fields, is_text
from course_engine.content.links import CourseLinks
from course_engine.content.markdown import render_page
from course_engine.content.objects import Module, Objective, Page
from course_engine.content.yamlsource import LineDict, load_yaml

MODULE_FILE_RE = re.compile(r"^([0-9]+)-([A-Za-z0-9][A-Za-z0-9_-]*)\.md$")
PAGE_BREAK = "<!-- page -->"
#: A page marker, optionally naming the page that follows: ``<!-- page: my-page -->``.
PAGE_MARKER_RE = re.compile(r"^<!--\s*page(?:\s*:\s*(\S*?))?\s*-->$")
MODULE_KEYS = (
    "id", "title", "order", "minutes", "prerequisites", "quiz", "objectives", "draft",
    "version", "requires_recompletion", "renamed_from",
)  # fmt: skip
OBJECTIVE_KEYS = ("id", "text")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class ModuleHead:
    """A module file read but not rendered: its front matter and body."""

    meta: LineDict | None
    body: str
    body_offset: int  #: file line of the body's first line, minus one
    errors: tuple[ContentError, ...]


@dataclass(frozen=True)
class ParsedModule:
    """A compiled module plus its reference lines; valid only when ``errors`` is empty."""

    module: Module | None
    lines: dict[str, int] = field(default_factory=dict)
    prerequisite_lines: tuple[int, ...] = ()
    errors: tuple[ContentError, ...] = ()


def read_head(text: str, rel: str) -> ModuleHead:
    """Split front matter from the body and parse the front matter."""
    sink = Sink(rel)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        sink.add(1, messages.FRONT_MATTER_MISSING)
        return ModuleHead(None, text, 0, tuple(sink.errors))
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        sink.add(1, messages.FRONT_MATTER_UNCLOSED)
        return ModuleHead(None, "", 0, tuple(sink.errors))
    meta, problems = load_yaml("".join(lines[1:end]), line_offset=1)
    for line, message in problems:
        sink.add(line, message)
    if meta is not None and not isinstance(meta, LineDict):
        sink.add(2, messages.NOT_A_MAPPING.format(what="front matter"))
        meta = None
    if meta is None and not problems and not sink:
        meta = LineDict(1)
    return ModuleHead(meta, "".join(lines[end + 1 :]), end + 1, tuple(sink.errors))


def head_id(head: ModuleHead, filename: str) -> str | None:
    """The module id: front matter ``id`` or the file name without ``NN-`` and ``.md``."""
    if head.meta is not None and isinstance(head.meta.get("id"), str):
        return str(head.meta["id"])
    match = MODULE_FILE_RE.match(filename)
    return match.group(2) if match else None


def split_pages(body: str) -> list[tuple[str, int, str | None]]:
    """Split at page marker lines (outside code fences): (text, offset, anchor or None).

    A marker before any text only names the first page (``<!-- page: welcome -->``).
    """
    pages: list[tuple[str, int, str | None]] = []
    current: list[str] = []
    start = 0
    anchor: str | None = None
    fence: str | None = None
    for index, line in enumerate(body.splitlines(keepends=True)):
        if match := _FENCE_RE.match(line):
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
        found = PAGE_MARKER_RE.match(line.strip()) if fence is None else None
        if found:
            if pages or "".join(current).strip():
                pages.append(("".join(current), start, anchor))
            current, start, anchor = [], index + 1, found.group(1)
            continue
        current.append(line)
    pages.append(("".join(current), start, anchor))
    return pages


def page_id(anchor: str | None, heading: str | None, number: int) -> str:
    """A page's stable id: its anchor, else its heading as a slug, else ``page-N``."""
    if anchor:
        return anchor
    text = (heading or "").lower().replace("'", "").replace("\u2019", "")
    slug = _SLUG_RE.sub("-", text).strip("-")
    return slug[:80].rstrip("-") or f"page-{number}"


def build_module(head: ModuleHead, filename: str, rel: str, links: CourseLinks) -> ParsedModule:
    """Validate the front matter and render the pages of one module file."""
    sink = Sink(rel)
    sink.errors.extend(head.errors)
    match = MODULE_FILE_RE.match(filename)
    if match is None:
        sink.add(1, messages.BAD_MODULE_FILENAME)
    if head.meta is None:
        return ParsedModule(None, errors=tuple(sink.errors))
    fields = Fields(head.meta, sink, MODULE_KEYS)
    fields.check_unknown()
    module_id = fields.ident("id", default=match.group(2) if match else None)
    title = fields.string("title", required=True)
    order = fields.integer("order", default=int(match.group(1)) if match else 0, low=0)
    minutes = fields.integer("minutes")
    prerequisites = fields.strings("prerequisites")
    quiz = fields.ident("quiz")
    objectives = parse_objectives(fields)
    draft = fields.boolean("draft", False)
    version = fields.string("version", default="1") or "1"
    requires_recompletion = fields.boolean("requires_recompletion", False)
    renamed_from = fields.id_list("renamed_from")
    pages = _pages(head, title or module_id or filename, links, sink)
    if module_id is None:
        return ParsedModule(None, errors=tuple(sink.errors))
    module = Module(
        id=module_id,
        title=title or "",
        order=order or 0,
        minutes=minutes,
        prerequisites=tuple(name for name, _ in prerequisites),
        quiz=quiz,
        objectives=objectives,
        draft=draft,
        pages=pages,
        source=rel,
        lines=MappingProxyType({key: fields.line(key) for key in MODULE_KEYS}),
        version=version,
        requires_recompletion=requires_recompletion,
        renamed_from=tuple(name for name, _ in renamed_from),
    )
    lines = dict(module.lines)
    prerequisite_lines = tuple(line for _, line in prerequisites)
    return ParsedModule(module, lines, prerequisite_lines, tuple(sink.errors))


def _pages(head: ModuleHead, fallback: str, links: CourseLinks, sink: Sink) -> tuple[Page, ...]:
    pages: list[Page] = []
    resolve = links.resolver(sink)
    seen: dict[str, int] = {}
    for number, (text, start, anchor) in enumerate(split_pages(head.body), start=1):
        offset = head.body_offset + start
        if not text.strip():
            sink.add(offset + 1, messages.EMPTY_PAGE.format(number=number))
            continue
        if anchor is not None and not ID_RE.match(anchor):
            sink.add(offset, messages.BAD_PAGE_ANCHOR.format(anchor=anchor))
        html, heading = render_page(text, resolve=resolve, line_offset=offset)
        identity = page_id(anchor, heading, number)
        if identity in seen:
            message = messages.DUPLICATE_PAGE_ID.format(id=identity, number=seen[identity])
            sink.add(offset + 1, message)
        seen.setdefault(identity, number)
        pages.append(Page(number=number, title=heading or fallback, html=html, id=identity))
    return tuple(pages)


def parse_objectives(fields: Fields) -> tuple[Objective, ...]:
    """``objectives``: each ``{id, text}`` (questions name the id) or plain text (no id)."""
    items = fields.items("objectives")
    objectives: list[Objective] = []
    for item, line in zip(items or [], items.item_lines if items else [], strict=True):
        if isinstance(item, LineDict):
            entry = Fields(item, fields.sink, OBJECTIVE_KEYS)
            entry.check_unknown()
            objective_id = entry.ident("id", required=True)
            text = entry.string("text", required=True)
            if text is not None:
                objectives.append(Objective(objective_id, text, line))
        elif is_text(item):
            objectives.append(Objective(None, str(item).strip(), line))
        else:
            fields.sink.add(line, messages.BAD_OBJECTIVE)
    return tuple(objectives)
