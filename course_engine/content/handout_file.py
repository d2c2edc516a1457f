"""One handout file (``handouts/<id>.md``): a printable job aid with a date and a source line."""

from __future__ import annotations

import re
from datetime import date

from course_engine.content import messages
from course_engine.content.errors import ContentError, Sink
from course_engine.content.fields import Fields
from course_engine.content.links import CourseLinks
from course_engine.content.markdown import render_markdown
from course_engine.content.module_file import read_head
from course_engine.content.objects import HANDOUT_KINDS, Handout

HANDOUT_FILE_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_-]*)\.md$")
HANDOUT_KEYS = ("title", "kind", "summary", "updated", "source", "order")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def handout_id(filename: str) -> str | None:
    """The handout id of a file name (``glossary.md`` -> ``glossary``), or None."""
    match = HANDOUT_FILE_RE.match(filename)
    return match.group(1) if match else None


def build_handout(
    text: str, filename: str, rel: str, links: CourseLinks
) -> tuple[Handout | None, list[ContentError]]:
    """Validate the front matter and render the body of one handout file."""
    head = read_head(text, rel)
    sink = Sink(rel)
    sink.errors.extend(head.errors)
    ident = handout_id(filename)
    if ident is None:
        sink.add(1, messages.BAD_HANDOUT_FILENAME)
    if head.meta is None:
        return None, sink.errors
    fields = Fields(head.meta, sink, HANDOUT_KEYS)
    fields.check_unknown()
    title = fields.string("title", required=True)
    kind = fields.choice("kind", HANDOUT_KINDS, HANDOUT_KINDS[0])
    summary = fields.string("summary", required=True)
    updated = _date(fields, "updated")
    source = fields.string("source", required=True)
    order = fields.integer("order", low=0) or 0
    resolve = links.resolver(sink)
    source_html = ""
    if source is not None:
        line = fields.line("source")
        source_html = render_markdown(source, resolve=resolve, line_offset=line - 1, inline=True)
    if not head.body.strip():
        sink.add(head.body_offset + 1, messages.EMPTY_HANDOUT)
    html = render_markdown(head.body, resolve=resolve, line_offset=head.body_offset)
    if sink.errors or None in (ident, title, summary, updated, source):
        return None, sink.errors
    handout = Handout(
        id=str(ident),
        title=str(title),
        kind=kind,
        summary=str(summary),
        updated=updated,  # type: ignore[arg-type]  # checked not None above
        source_html=source_html,
        html=html,
        order=order,
        source=rel,
    )
    return handout, []


def _date(fields: Fields, key: str) -> date | None:
    """A required ``YYYY-MM-DD`` date (YAML keeps dates as the text written)."""
    value = fields.string(key, required=True)
    if value is None:
        return None
    try:
        if not _DATE_RE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        fields.error(key, messages.BAD_HANDOUT_DATE.format(value=value))
        return None
