"""Read a page the way a snooping learner would: every attribute, text node and comment."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TAG = re.compile(r"<[^>]+>")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, white space folded."""
    return fold(html.unescape(TAG.sub(" ", fragment)))


def fold(text: str) -> str:
    """White space folded to single spaces, trimmed."""
    return " ".join(text.split())


@dataclass(frozen=True)
class TextNode:
    """A run of text, with the question fieldset (``question-N``) it sits in, if any."""

    text: str
    fieldset: str | None
    in_legend: bool
    select: int | None  #: running number of the <select> or matching row it sits in


@dataclass
class Scan:
    """What a page holds, in document order."""

    attributes: list[tuple[str, str, str]] = field(default_factory=list)  #: (tag, name, value)
    texts: list[TextNode] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    fieldset_tags: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)

    def fieldset_text(self, fieldset: str, *, legend: bool) -> list[str]:
        """Text nodes of one fieldset, inside its legend or outside it."""
        return [t.text for t in self.texts if t.fieldset == fieldset and t.in_legend == legend]

    def select_options(self, fieldset: str) -> list[list[str]]:
        """The option texts of every <select> or matching row (radio group) in a fieldset."""
        by_select: dict[int, list[str]] = {}
        for node in self.texts:
            if node.fieldset == fieldset and node.select is not None and not node.in_legend:
                by_select.setdefault(node.select, []).append(node.text)
        return list(by_select.values())


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self.stack: list[str] = []
        self.fieldset: str | None = None
        self.fieldset_depth = 0
        self.legend = False
        self.select: int | None = None
        self.selects = 0
        self.group_tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.scan.attributes.extend((tag, name, value) for name, value in values.items())
        if tag == "fieldset" and values.get("id", "").startswith("question-"):
            self.fieldset, self.fieldset_depth = values["id"], len(self.stack)
        if self.fieldset:
            self.scan.fieldset_tags.setdefault(self.fieldset, []).append((tag, values))
        self.legend = self.legend or tag == "legend"
        row = tag == "fieldset" and "match-row" in values.get("class", "").split()
        if tag == "select" or row:
            self.selects += 1
            self.select = self.selects
            self.group_tag = tag
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "legend":
            self.legend = False
        if tag == self.group_tag and self.select is not None:
            self.select = None
        if tag == "fieldset" and self.fieldset and len(self.stack) <= self.fieldset_depth:
            self.fieldset = None

    def handle_data(self, data: str) -> None:
        text = fold(data)
        if text:
            self.scan.texts.append(TextNode(text, self.fieldset, self.legend, self.select))

    def handle_comment(self, data: str) -> None:
        self.scan.comments.append(data)


def scan(page: str) -> Scan:
    """Parse ``page``."""
    scanner = _Scanner()
    scanner.feed(page)
    scanner.close()
    return scanner.scan


STATIC_REF = re.compile(r'(?:href|src)="(/(?:static|courses/[^/"]+/assets)/[^"#?]+)')


def static_refs(page: str) -> set[str]:
    """Paths of the stylesheets, scripts, icons and images a page loads from this site."""
    return set(STATIC_REF.findall(page))
