"""A handout's PDF, drawn from the same sanitized HTML as its printable page (fpdf2)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from io import BytesIO

from fpdf import FPDF
from fpdf.errors import FPDFException
from fpdf.fonts import TextStyle, TTFFont

from course_engine.content.certificate_file import BUNDLED_DIR
from course_engine.content.checks.text import html_text
from course_engine.content.objects import Handout

FONT = "handout"
FONT_FILES = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
    "BI": "DejaVuSerif-Bold.ttf",  # bold italic text prints bold
}
PRIMARY = (31, 58, 95)
PRODUCER = "course_engine handouts"
TAG_STYLES = {
    "h1": TextStyle(font_family=FONT, font_style="B", font_size_pt=18, color=PRIMARY, t_margin=0),
    "h2": TextStyle(font_family=FONT, font_style="B", font_size_pt=14, color=PRIMARY, t_margin=4),
    "h3": TextStyle(font_family=FONT, font_style="B", font_size_pt=12, color=PRIMARY, t_margin=3),
    "h4": TextStyle(font_family=FONT, font_style="B", font_size_pt=11, color=PRIMARY, t_margin=2),
}


def handout_pdf(handout: Handout, course_title: str, site_url: str) -> bytes:
    """The handout as PDF bytes: title, date and source lines, then the body.

    Links to pages of the site (``/courses/...``) are made absolute with ``site_url``.
    """
    return _cached_pdf(handout, course_title, site_url.rstrip("/"))


@lru_cache(maxsize=64)
def _cached_pdf(handout: Handout, course_title: str, site_url: str) -> bytes:
    """Drawn once per handout, course title and site address in each process."""
    page = _page_html(handout, course_title, site_url)
    pdf = _new_pdf(handout.title, course_title)
    try:
        pdf.write_html(page, tag_styles=TAG_STYLES, table_line_separators=True)
        return bytes(pdf.output())
    except (AssertionError, FPDFException, NotImplementedError, ValueError, KeyError):
        # markup fpdf2's HTML reader cannot lay out
        return _plain_pdf(handout, page)


def _new_pdf(title: str, subject: str) -> FPDF:
    """A letter-size portrait document with the handout fonts, on its first page."""
    pdf = FPDF(orientation="portrait", unit="mm", format="letter")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_title(title)
    pdf.set_subject(subject)
    pdf.set_lang("en")
    for style, filename in FONT_FILES.items():
        fontkey = f"{FONT}{style}"
        data = BytesIO(_font_bytes(filename))  # read from memory: no font file stays open
        pdf.fonts[fontkey] = TTFFont(pdf, data, fontkey, style)  # type: ignore[arg-type]
    pdf.add_page()
    pdf.set_font(FONT, "", 10)
    return pdf


@lru_cache(maxsize=8)
def _font_bytes(filename: str) -> bytes:
    """A bundled font file's bytes, read once per process."""
    return (BUNDLED_DIR / "fonts" / filename).read_bytes()


def _plain_pdf(handout: Handout, page: str) -> bytes:
    """The same text as plain paragraphs, for markup fpdf2's HTML reader refuses."""
    pdf = _new_pdf(handout.title, "")
    blocks = re.split(r"</(?:p|h[1-6]|li|tr|td|th|pre)>", page)
    for block in blocks:
        text = html_text(block).strip()
        if text:
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _page_html(handout: Handout, course_title: str, site_url: str) -> str:
    """The HTML fpdf2 draws: a heading and the date and source lines above the body."""
    dated = f"Updated {handout.updated.isoformat()} · {html_text(course_title)}"
    header = (
        f"<h1>{_escape(handout.title)}</h1>"
        f"<p><i>{_escape(dated)}</i></p>"
        f"<p><i>Source: {handout.source_html}</i></p>"
    )
    body = header + _CELL_RE.sub(_plain_cell, _IMAGE_RE.sub(_image_alt, handout.html))
    body = _ANCHOR_RE.sub(r"\1", body)  # links within the page (footnotes) become text
    body = body.replace("<table>", '<table border="1" cellpadding="2" width="100%">')
    return body.replace('href="/', f'href="{site_url}/')


#: A table cell and its content (fpdf2 lays out one run of text per cell, without tags).
_CELL_RE = re.compile(r"(<t[dh](?:\s[^>]*)?>)(.*?)(</t[dh]>)", re.DOTALL)
_IMAGE_RE = re.compile(r"<img[^>]*>")
_ANCHOR_RE = re.compile(r'<a href="#[^"]*"[^>]*>(.*?)</a>', re.DOTALL)
_ALT_RE = re.compile(r'alt="([^"]*)"')


def _plain_cell(match: re.Match[str]) -> str:
    """A cell's text without its inline tags (links and emphasis)."""
    tag = match.group(1)[:3] + ' align="left">'
    return tag + html.escape(html_text(match.group(2)).strip(), quote=False) + match.group(3)


def _image_alt(match: re.Match[str]) -> str:
    """An image as its alt text (a PDF handout does not embed the course's images)."""
    alt = _ALT_RE.search(match.group(0))
    return f"<i>[{alt.group(1)}]</i>" if alt and alt.group(1) else ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
