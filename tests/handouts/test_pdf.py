"""Handout PDFs: any Markdown a handout may hold becomes a PDF (fpdf2's HTML reader or plain)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from course_engine.content import render_markdown
from course_engine.content.objects import Handout
from course_engine.handouts.pdf import handout_pdf
from tests.support.pdf import pdf_text

MARKDOWN = """
## Every feature

A paragraph with **bold *and italic*** text, `code`, ~~struck~~ and a footnote.[^1]

| Term | Meaning with [a link](https://example.org) and **bold** |
|:---|---:|
| One | ![a diagram](https://example.org/x.png) |
| Two | |

1. First
   - nested item
2. Second

> A quotation

```
code block
```

::: warning Take care
A callout.
:::

<script>alert(1)</script>

[^1]: The note.
"""


def _handout(body: str) -> Handout:
    return Handout(
        id="all",
        title="Every feature <b>",
        kind="guide",
        summary="s",
        updated=date(2026, 12, 3),
        source_html=render_markdown("A *source* line", inline=True),
        html=render_markdown(body),
        order=0,
        source="modules/x/handouts/all.md",
    )


def test_every_markdown_feature_becomes_a_pdf_with_its_text(tmp_path: Path) -> None:
    pdf = handout_pdf(_handout(MARKDOWN), "Course", "https://site.example")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "all.pdf"
    path.write_bytes(pdf)
    text = " ".join(pdf_text(path).split())
    assert "Every feature <b>" in text and "Updated 2026-12-03" in text
    for words in ("A callout.", "Second", "A quotation", "[a diagram]"):
        assert words in text, words
    assert "alert(1)" in text  # raw HTML is shown as text, never run


def test_markup_fpdf_cannot_lay_out_falls_back_to_plain_paragraphs(tmp_path: Path) -> None:
    nested = _handout("| a |\n|---|\n| b |\n")
    broken = Handout(
        **{**nested.__dict__, "html": "<table><tr><td><p>x</p></td></tr></td></table>"}
    )
    pdf = handout_pdf(broken, "Course", "https://site.example")
    path = tmp_path / "broken.pdf"
    path.write_bytes(pdf)
    assert "x" in pdf_text(path)
