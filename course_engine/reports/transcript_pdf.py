"""The transcript as a PDF (fpdf2, with the project's Unicode fonts so any name prints)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from course_engine import site_time
from course_engine.content.certificate_file import BUNDLED_DIR
from course_engine.reports.transcript import TranscriptEntry

FONT = "transcript"
FONT_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"}
HEADINGS = (
    "Course",
    "Enrolled",
    "Completed",
    "Hours",
    "Modules",
    "Post-test best",
    "Certificate",
)
#: Column widths in mm on a landscape US-letter page with 15 mm margins.
WIDTHS = (86, 26, 26, 16, 22, 28, 45)
PRODUCER = "course_engine reports"


def _day(value: datetime | None, zone_name: str) -> str:
    """A date as YYYY-MM-DD in the site time zone, or a dash."""
    return site_time.local(value, zone_name).date().isoformat() if value else "–"


def _cells(entry: TranscriptEntry, zone_name: str) -> tuple[str, ...]:
    """One table row's texts."""
    certificate = "–"
    if entry.certificate_serial:
        certificate = entry.certificate_serial
        if entry.certificate_status != "valid":
            certificate += f" ({entry.certificate_status})"
    return (
        entry.course_title,
        _day(entry.enrolled_at, zone_name),
        _day(entry.completed_at, zone_name),
        f"{entry.hours:g}" if entry.hours is not None else "–",
        f"{entry.modules_completed} of {entry.modules_total}",
        f"{entry.posttest_best:g}%" if entry.posttest_best is not None else "–",
        certificate,
    )


def transcript_pdf(
    name: str,
    email: str,
    site_name: str,
    entries: Sequence[TranscriptEntry],
    created: datetime,
    zone_name: str = site_time.DEFAULT_ZONE,
) -> bytes:
    """The transcript as PDF bytes (the same inputs always give the same bytes)."""
    pdf = FPDF(orientation="landscape", unit="mm", format="letter")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_creation_date(created.astimezone(UTC))
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_title(f"Transcript: {name}")
    pdf.set_author(site_name)
    pdf.set_lang("en")
    for style, filename in FONT_FILES.items():
        pdf.add_font(FONT, style, str(BUNDLED_DIR / "fonts" / filename))
    pdf.add_page()
    pdf.set_font(FONT, "B", 18)
    pdf.cell(0, 10, "Transcript", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 12)
    pdf.cell(0, 7, name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 6, email, new_x="LMARGIN", new_y="NEXT")
    issued = f"{site_name} · issued {_day(created, zone_name)} (dates in {zone_name})"
    pdf.cell(0, 6, issued, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if not entries:
        pdf.cell(0, 8, "No course enrolments yet.", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=WIDTHS,
        width=sum(WIDTHS),
        text_align="LEFT",
        line_height=5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 237, 240)),
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        table.row(HEADINGS)
        for entry in entries:
            table.row(_cells(entry, zone_name))
    return bytes(pdf.output())
