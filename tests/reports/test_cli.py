"""``flask reports completions`` writes the filtered report to a file and audits it."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.models import AuditEntry
from tests.reports.conftest import World

COURSE = "heart-collaboration"


def test_cli_writes_a_filtered_csv(app: Flask, db: Session, world: World, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    result = app.test_cli_runner().invoke(
        args=[
            "reports",
            "completions",
            "--course",
            COURSE,
            "--state",
            "VA",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 2 rows" in result.output
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert [row[0] for row in rows[1:]] == ["Chloé Ünal", "Dan Brooks"]
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "report.exported")).one()
    assert (entry.actor_id, entry.actor_label) == (None, "system")
    assert entry.details["via"] == "command line"
    assert not target.with_name("report.csv.part").exists()


def test_cli_writes_xlsx_with_every_filter(app: Flask, world: World, tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    result = app.test_cli_runner().invoke(
        args=[
            "reports",
            "completions",
            "--course",
            COURSE,
            "--format",
            "xlsx",
            "--organization",
            str(world.lincoln.id),
            "--cohort",
            str(world.june.id),
            "--role",
            "teacher",
            "--state",
            "MD",
            "--status",
            "complete",
            "--since",
            "2026-01-01",
            "--until",
            "2026-01-31",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Ada Lovelace"]


def test_cli_refuses_bad_input(app: Flask, world: World, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    target = str(tmp_path / "x.csv")
    unknown = runner.invoke(args=["reports", "completions", "--course", "nope", "-o", target])
    assert unknown.exit_code == 2 and "No course 'nope'" in unknown.output
    bad_date = runner.invoke(
        args=[
            "reports",
            "completions",
            "--course",
            COURSE,
            "--since",
            "yesterday",
            "-o",
            target,
        ]
    )
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    assert not Path(target).exists()
