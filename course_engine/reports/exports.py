"""Writing the completion report as CSV or XLSX, row by row, safe to open in a spreadsheet.

Times are in the site time zone, to the second in both formats: CSV writes ISO 8601 with the
offset (2026-10-31T22:00:00-04:00); XLSX cells cannot hold an offset, so they hold the same
wall-clock time and the column heading names the zone.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterable
from datetime import datetime
from operator import attrgetter
from typing import IO, Any

import xlsxwriter

from course_engine import site_time
from course_engine.reports.completions import COLUMNS, CompletionRow, column_headings
from course_engine.reports.filters import Status

#: A row's values in column order, read in one call.
_row_values = attrgetter(*(attribute for _, attribute in COLUMNS))
STATUS_LABELS = {status: status.label for status in Status}
#: What a spreadsheet may take for the start of a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Text written first in a CSV file so that spreadsheets read it as UTF-8.
BOM = "\ufeff"
#: How XLSX cells show timestamps (ISO 8601 layout, site time zone, whole seconds).
XLSX_DATETIME = "yyyy-mm-dd hh:mm:ss"

#: The export formats and their media types (the server adds "; charset=utf-8" to text/csv).
MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralize(text: str) -> str:
    """Text a spreadsheet will never run: a leading =, +, -, @, tab or CR gets a ' before it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_values(row: CompletionRow) -> list[Any]:
    """The row's values in column order: text neutralized, numbers as numbers, datetimes (UTC)."""
    return [_cell(value) for value in _row_values(row)]


def _cell(value: Any) -> Any:
    """One value as exported (called for every cell: the common cases are tested first)."""
    kind = type(value)
    if kind is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if kind is Status:
        return STATUS_LABELS[value]
    if isinstance(value, enum.Enum):
        return neutralize(str(value.value))
    return value


def csv_text(value: Any, zone_name: str = site_time.DEFAULT_ZONE) -> str:
    """How one exported value reads in CSV: ISO 8601 with offset, plain numbers, '' for None."""
    kind = type(value)
    if kind is str:
        return str(value)
    if value is None:
        return ""
    if kind is float:
        return f"{value:.10g}"
    if kind is datetime:
        return site_time.local(value, zone_name).isoformat(timespec="seconds")
    return str(value)


def write_csv(
    rows: Iterable[CompletionRow], stream: IO[str], zone_name: str = site_time.DEFAULT_ZONE
) -> int:
    """Write the header and every row to ``stream``, one at a time; return the row count."""
    writer = csv.writer(stream)
    stream.write(BOM)
    writer.writerow(column_headings(zone_name))
    count = 0
    for row in rows:
        writer.writerow([csv_text(value, zone_name) for value in cell_values(row)])
        count += 1
    return count


def write_xlsx(
    rows: Iterable[CompletionRow],
    target: str | IO[bytes],
    zone_name: str = site_time.DEFAULT_ZONE,
) -> int:
    """Write an XLSX workbook in constant-memory mode; strings never become formulas."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": XLSX_DATETIME,
        },
    )
    sheet = workbook.add_worksheet("Completions")
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": XLSX_DATETIME})
    for index, heading in enumerate(column_headings(zone_name)):
        sheet.set_column(index, index, max(12, len(heading) + 2))
        sheet.write_string(0, index, heading, bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, value in enumerate(cell_values(row)):
            _write_cell(sheet, count, index, value, when, zone_name)
    sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)
    workbook.close()
    return count


def _write_cell(sheet: Any, row: int, column: int, value: Any, when: Any, zone_name: str) -> None:
    """One cell with the writer for its type (never the guessing ``write``)."""
    if value is None:
        return
    if isinstance(value, datetime):
        shown = site_time.local(value, zone_name).replace(tzinfo=None, microsecond=0)
        sheet.write_datetime(row, column, shown, when)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, str(value))


def write_export(
    fmt: str,
    rows: Iterable[CompletionRow],
    target: IO[bytes],
    zone_name: str = site_time.DEFAULT_ZONE,
) -> int:
    """Write the report as ``fmt`` (csv or xlsx) to a binary file; return the row count."""
    if fmt == "xlsx":
        return write_xlsx(rows, target, zone_name)
    if fmt != "csv":
        raise ValueError(f"unknown export format: {fmt}")
    text = io.TextIOWrapper(target, encoding="utf-8", newline="")
    try:
        return write_csv(rows, text, zone_name)
    finally:
        text.flush()
        text.detach()
