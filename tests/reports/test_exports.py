"""CSV and XLSX exports: exactly the filtered rows, ISO dates, and nothing a spreadsheet runs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.orm import Session

from course_engine.reports.completions import column_headings, completion_rows
from course_engine.reports.exports import neutralize, write_csv, write_export, write_xlsx
from course_engine.reports.filters import ReportFilters, Status
from tests.factories import create_enrolment, create_user
from tests.reports.conftest import World

SLUG = "heart-collaboration"
PAYLOADS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
#: The site time zone of the tests (the default) names the time columns.
HEADINGS = column_headings("America/New_York")


def csv_rows(db: Session, world: World, filters: ReportFilters) -> list[list[str]]:
    """The CSV export read back with the csv module."""
    stream = io.StringIO(newline="")
    write_csv(completion_rows(db, world.course, filters, None), stream)
    text = stream.getvalue()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def xlsx_rows(db: Session, world: World, filters: ReportFilters, path: Path) -> list[list[object]]:
    """The XLSX export read back with openpyxl (cells as stored, formulas not evaluated)."""
    with path.open("wb") as target:
        write_xlsx(completion_rows(db, world.course, filters, None), target)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)
    return [[_unescape(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def _unescape(value: object) -> object:
    """XlsxWriter stores a carriage return as the OOXML escape _x000D_, which Excel reads back
    as CR; openpyxl leaves inline strings escaped, so undo it here."""
    return value.replace("_x000D_", "\r") if isinstance(value, str) else value


def test_csv_has_the_header_and_exactly_the_filtered_rows(db: Session, world: World) -> None:
    rows = csv_rows(db, world, ReportFilters(SLUG, status=Status.COMPLETE))
    assert rows[0] == HEADINGS
    assert [row[0] for row in rows[1:]] == ["Ada Lovelace", "Chloé Ünal"]
    ada = dict(zip(HEADINGS, rows[1], strict=True))
    assert ada["Enrolled at (America/New_York)"] == "2026-01-10T04:00:00-05:00"  # 09:00 UTC
    assert ada["Completed at (America/New_York)"] == "2026-01-20T04:00:00-05:00"
    assert ada["Account status"] == "active"
    assert (ada["Status"], ada["Modules completed"], ada["Modules total"]) == ("complete", "6", "6")
    assert (ada["Pre-test score (%)"], ada["Post-test best score (%)"], ada["Hours"]) == (
        "40",
        "90",
        f"{world.course.hours:g}",
    )
    assert ada["Certificate status"] == "valid"
    assert ada["Certificate serial"].startswith("HEART-")


def test_xlsx_has_the_header_and_exactly_the_filtered_rows(
    db: Session, world: World, tmp_path: Path
) -> None:
    rows = xlsx_rows(db, world, ReportFilters(SLUG, state="VA"), tmp_path / "report.xlsx")
    assert list(rows[0]) == HEADINGS
    assert [row[0] for row in rows[1:]] == ["Chloé Ünal", "Dan Brooks"]
    chloe = dict(zip(HEADINGS, rows[1], strict=True))
    enrolled = chloe["Enrolled at (America/New_York)"]
    assert enrolled.isoformat() == "2026-02-15T04:00:00"  # type: ignore[union-attr]
    assert (chloe["Post-test best score (%)"], chloe["Certificate status"]) == (80, "revoked")
    dan = dict(zip(HEADINGS, rows[2], strict=True))
    assert (dan["Completed at (America/New_York)"], dan["Pre-test score (%)"], dan["Status"]) == (
        None,
        None,
        "not started",
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralize_prefixes_a_quote(payload: str) -> None:
    assert neutralize(payload) == "'" + payload
    assert neutralize("Ada") == "Ada"


def test_formula_payloads_come_out_inert_in_both_formats(
    db: Session, world: World, tmp_path: Path
) -> None:
    for number, payload in enumerate(PAYLOADS):
        user = create_user(
            db,
            email=f"payload{number}@example.org",
            full_name=payload,
            organization_name=payload,
            organization_kind="other",
            state="WY",
        )
        create_enrolment(db, user)
    filters = ReportFilters(SLUG, state="WY")
    from_csv = csv_rows(db, world, filters)[1:]
    from_xlsx = xlsx_rows(db, world, filters, tmp_path / "payloads.xlsx")[1:]
    expected = ["'" + payload for payload in PAYLOADS]
    for rows in (from_csv, from_xlsx):
        assert [row[0] for row in rows] == expected  # name
        assert [row[4] for row in rows] == expected  # organization (typed by the learner)


def test_write_export_to_a_binary_file(db: Session, world: World, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    with target.open("wb") as stream:
        count = write_export(
            "csv", completion_rows(db, world.course, ReportFilters(SLUG), None), stream
        )
    assert count == 5
    text = target.read_text(encoding="utf-8-sig")
    assert "Chloé Ünal" in text
    assert len(list(csv.reader(io.StringIO(text, newline="")))) == 6
    with pytest.raises(ValueError, match="unknown export format"):
        write_export("pdf", [], io.BytesIO())
