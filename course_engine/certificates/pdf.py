"""Drawing a certificate PDF from a Design and the facts it certifies (fpdf2, segno)."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

import segno
from babel.dates import format_date
from fpdf import FPDF

from course_engine.certificates.design import Box, Design, ImageBox, TextBox
from course_engine.certificates.embed import CertificateOutput
from course_engine.certificates.fonts import add_cut_font
from course_engine.certificates.vector import draw_image

PT = 25.4 / 72  # mm per point
PRODUCER = "course_engine certificates"


@dataclass(frozen=True)
class Facts:
    """The values a template's texts may insert (see design.PLACEHOLDERS)."""

    name: str
    course: str
    version: str
    hours: str
    date: str
    expires: str
    serial: str
    url: str
    signatory_name: str
    signatory_title: str
    issuer: str = ""
    accreditation: str = ""
    #: The hours as continuing-education credit: only when an accrediting body is named.
    credit_hours: str = ""
    #: The hours as the course's estimated length: only when no accrediting body is named.
    estimated_hours: str = ""


def long_date(day: date, language: str = "en") -> str:
    """March 3, 2026 in English, 3 de marzo de 2026 in Spanish (Babel's CLDR data, whatever
    the server's locale)."""
    return str(format_date(day, "long", locale=language))


def fill(text: str, facts: Facts, values: dict[str, str] | None = None) -> str:
    """``text`` with its {placeholders} filled; empty when one it uses has no value."""
    values = asdict(facts) if values is None else values
    used = [field for _, field, _, _ in string.Formatter().parse(text) if field]
    if any(not values.get(field) for field in used):
        return ""
    return text.format_map(_Keep(values))


class _Keep(dict[str, str]):
    """Leaves unknown {placeholders} as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


#: The name of the signed credential attached to the PDF.
CREDENTIAL_FILENAME = "credential.json"


def render_pdf(
    design: Design, facts: Facts, created: datetime, credential: bytes | None = None
) -> bytes:
    """The certificate as PDF bytes: the same design, facts and date give the same bytes.

    ``credential`` (the signed Open Badges credential, JSON) is attached to the file, so that
    one file holds both the printable certificate and its verifiable form.
    """
    pdf = FPDF(orientation=design.orientation, unit="mm", format=design.page_size)
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.c_margin = 0
    pdf.set_creation_date(created.astimezone(UTC))
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_title(f"{design.title}: {facts.name}")
    pdf.set_subject(f"{facts.course}, completed on {facts.date}")
    pdf.set_keywords(f"certificate {facts.serial}")
    if facts.issuer:
        pdf.set_author(facts.issuer)
    pdf.set_lang("en")
    values = asdict(facts)
    texts = [(box, fill(box.text, facts, values)) for box in design.texts]
    for style, path in design.fonts.items():
        add_cut_font(pdf, "certificate", _STYLE[style], path)
    pdf.add_page()
    _background(pdf, design)
    for image in design.images:
        _image(pdf, image)
    for box, text in texts:
        if text:
            draw_text(pdf, box, text)
    if design.qr is not None and facts.url:
        draw_qr(pdf, design.qr, facts.url, design.qr_color, design.background)
    if credential is not None:
        moment = created.astimezone(UTC)
        pdf.embed_file(
            bytes=credential,
            basename=CREDENTIAL_FILENAME,
            mime_type="application/vc+ld+json",
            creation_date=moment,
            modification_date=moment,
            compress=True,
            desc=f"Open Badges 3.0 credential of certificate {facts.serial} (signed)",
        )
    return bytes(pdf.output(output_producer_class=CertificateOutput))


_STYLE = {"regular": "", "bold": "B", "italic": "I"}


def _background(pdf: FPDF, design: Design) -> None:
    """Page colour and the frame."""
    if design.background != (255, 255, 255):
        pdf.set_fill_color(*design.background)
        pdf.rect(0, 0, design.width, design.height, style="F")
    border = design.border
    if border is None:
        return
    pdf.set_draw_color(*border.color)
    pdf.set_line_width(border.width)
    inset = border.inset
    pdf.rect(inset, inset, design.width - 2 * inset, design.height - 2 * inset)
    if border.inner_color is not None:
        pdf.set_draw_color(*border.inner_color)
        pdf.set_line_width(border.inner_width)
        inner = inset + border.inner_gap
        pdf.rect(inner, inner, design.width - 2 * inner, design.height - 2 * inner)


def _image(pdf: FPDF, image: ImageBox) -> None:
    """An image centred in its box, aspect kept; a rule along the box bottom if asked."""
    box = image.box
    draw_image(pdf, image.path, box)
    if image.rule is not None:
        _rule(pdf, box, image.rule)


def _rule(pdf: FPDF, box: Box, color: tuple[int, int, int]) -> None:
    pdf.set_draw_color(*color)
    pdf.set_line_width(0.35)
    pdf.line(box.x, box.y + box.h, box.x + box.w, box.y + box.h)


def fit_text(pdf: FPDF, box: TextBox, text: str) -> tuple[float, list[str]]:
    """The largest size (pt) at which ``text`` fits the box, and its lines.

    Shrinks in half-point steps while one line is too wide; below that wraps at spaces
    (long words are broken); at ``min_size`` lines beyond the box height end in an ellipsis.
    """
    size = box.size
    while True:
        pdf.set_font("certificate", _STYLE[box.font], size)
        lines = wrap(pdf, text, box.box.w)
        fits = len(lines) * size * PT * box.line_height <= box.box.h + 1e-6
        if fits or size <= box.min_size:
            break
        size = max(box.min_size, size - 0.5)
    room = max(1, int((box.box.h + 1e-6) // (size * PT * box.line_height)))
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = _ellipsize(pdf, lines[-1], box.box.w)
    return size, lines


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy word wrap to ``width`` mm at the current font; words too long are split."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if pdf.get_string_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while pdf.get_string_width(word) > width and len(word) > 1:
            cut = _longest_prefix(pdf, word, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _longest_prefix(pdf: FPDF, word: str, width: float) -> int:
    """How many leading characters of ``word`` fit ``width`` (at least one)."""
    cut = 1
    while cut < len(word) and pdf.get_string_width(word[: cut + 1]) <= width:
        cut += 1
    return cut


def _ellipsize(pdf: FPDF, line: str, width: float) -> str:
    """``line`` shortened until it fits ``width`` with a trailing ellipsis."""
    while line and pdf.get_string_width(line + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


def draw_text(pdf: FPDF, box: TextBox, text: str) -> None:
    """Fit ``text`` into its box and draw it, vertically centred."""
    size, lines = fit_text(pdf, box, text)
    line_h = size * PT * box.line_height
    top = box.box.y + (box.box.h - line_h * len(lines)) / 2
    pdf.set_text_color(*box.color)
    for number, line in enumerate(lines):
        pdf.set_xy(box.box.x, top + number * line_h)
        pdf.cell(w=box.box.w, h=line_h, text=line, align=_ALIGN[box.align])
    if box.rule is not None:
        _rule(pdf, box.box, box.rule)


_ALIGN = {"left": "L", "center": "C", "right": "R"}


def draw_qr(
    pdf: FPDF,
    box: Box,
    url: str,
    color: tuple[int, int, int],
    background: tuple[int, int, int],
) -> None:
    """A QR code of ``url``, as vector squares, centred in the box with its quiet zone."""
    # A fixed mask (any is valid): choosing the best of eight is most of the encoding time.
    matrix = segno.make(url, error="m", micro=False, mask=0).matrix
    quiet = 4
    count = len(matrix) + 2 * quiet
    side = min(box.w, box.h)
    module = side / count
    left = box.x + (box.w - side) / 2 + quiet * module
    top = box.y + (box.h - side) / 2 + quiet * module
    pdf.set_fill_color(*background)
    pdf.rect(left - quiet * module, top - quiet * module, side, side, style="F")
    pdf.set_fill_color(*color)
    # One path of rectangles filled once (what pdf.rect writes, without a call per module).
    k, page_h, height = pdf.k, pdf.h, module * 1.02
    squares = [
        f"{(left + start * module) * k:.2f} {(page_h - top - row * module) * k:.2f} "
        f"{length * module * k:.2f} {-height * k:.2f} re"
        for row, cells in enumerate(matrix)
        for start, length in _runs(cells)
    ]
    pdf._out("\n".join([*squares, "f"]))


def _runs(cells: Sequence[int]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, dark in enumerate([*cells, 0]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            runs.append((start, index - start))
            start = None
    return runs
