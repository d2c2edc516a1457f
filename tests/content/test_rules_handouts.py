"""Handout files: front matter checked, Markdown sanitized, links to handouts resolved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from course_engine.content import Catalog, check_content
from course_engine.content import messages as m
from course_engine.content.objects import HANDOUT_KINDS
from tests.content.conftest import edit, error, errors_of, write

WELCOME = "modules/demo/01-welcome.md"
HANDOUT = "modules/demo/handouts/checklist.md"
GOOD = """---
title: "Checklist"
kind: template
summary: "A fill-in checklist."
updated: "2026-12-01"
source: "This course's own checklist."
---

| Step | Who |
|---|---|
| Call | |
"""


def _pages_html(catalog: Catalog, module: str) -> str:
    found = catalog.courses["demo"].module(module)
    assert found is not None
    return "\n".join(page.html for page in found.pages)


def test_a_handout_is_compiled_with_its_date_source_and_body(root: Path) -> None:
    write(root, HANDOUT, GOOD)
    catalog, errors = check_content(root)
    assert errors == [] and catalog is not None
    handout = catalog.courses["demo"].handout("checklist")
    assert handout is not None
    assert (handout.title, handout.kind, handout.updated) == (
        "Checklist",
        "template",
        date(2026, 12, 1),
    )
    assert handout.source_html == "This course's own checklist."
    assert "<table>" in handout.html and handout.source == HANDOUT


def test_a_module_links_to_a_handout_page_and_its_pdf(root: Path) -> None:
    write(root, HANDOUT, GOOD)
    edit(root, WELCOME, "(assets/tip-sheet.pdf)", "(handouts/checklist.md)")
    catalog, errors = check_content(root)
    assert errors == [] and catalog is not None
    assert 'href="/courses/demo/handouts/checklist"' in _pages_html(catalog, "welcome")
    edit(root, WELCOME, "(handouts/checklist.md)", "(handouts/checklist.pdf)")
    catalog, errors = check_content(root)
    assert errors == [] and catalog is not None
    assert 'href="/courses/demo/handouts/checklist.pdf"' in _pages_html(catalog, "welcome")


def test_a_link_to_a_missing_handout_is_an_error(root: Path) -> None:
    edit(root, WELCOME, "(assets/tip-sheet.pdf)", "(handouts/nope.md)")
    found = errors_of(root)
    assert [e.message for e in found] == [m.MISSING_HANDOUT_LINK.format(target="handouts/nope.md")]


def test_a_handout_needs_title_kind_summary_date_source_and_text(root: Path) -> None:
    write(root, HANDOUT, "---\nkind: poster\nupdated: 1 Dec 2026\n---\n\n")
    write(root, "modules/demo/handouts/bad name.md", GOOD)
    found = errors_of(root)
    assert [e for e in found if e.path == HANDOUT] == [
        error(HANDOUT, 2, m.MUST_BE_ONE_OF.format(key="kind", choices=", ".join(HANDOUT_KINDS))),
        error(HANDOUT, 2, m.MISSING_KEY.format(key="source")),
        error(HANDOUT, 2, m.MISSING_KEY.format(key="summary")),
        error(HANDOUT, 2, m.MISSING_KEY.format(key="title")),
        error(HANDOUT, 3, m.BAD_HANDOUT_DATE.format(value="1 Dec 2026")),
        error(HANDOUT, 5, m.EMPTY_HANDOUT),
    ]
    assert error("modules/demo/handouts/bad name.md", 1, m.BAD_HANDOUT_FILENAME) in found


def test_handout_markdown_is_sanitized(root: Path) -> None:
    write(root, HANDOUT, GOOD + "\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
    catalog, errors = check_content(root)
    assert errors == [] and catalog is not None
    handout = catalog.courses["demo"].handout("checklist")
    assert handout is not None
    assert "<script>" not in handout.html and "&lt;script&gt;" in handout.html
    assert 'href="javascript' not in handout.html
