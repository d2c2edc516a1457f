"""The content check command: exit codes and output."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from course_engine.content.cli import main

from .conftest import ALIGNED, FIXTURES, VALID


def test_valid_content_prints_summary_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(ALIGNED)]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "OK: 1 course, 1 module, 2 pages, 3 quizzes, 7 questions\n"
        "Seat time of aligned: about 8 minutes estimated, 9 minutes claimed.\n"
        "Assessment of aligned: 2 module objectives, each assessed by 2 to 3 graded questions; "
        "pre-test 2 objectives, post-test 2, both 2; post-test pool 2 for a draw of 2.\n"
        "Reading grade of aligned by module: -0.7 (target 9 or below).\n"
    )
    assert captured.err == ""


def test_warnings_do_not_fail_the_check_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(VALID)]) == 0
    assert "OK: 1 course, 2 modules, 3 pages, 4 quizzes, 13 questions\n" in capsys.readouterr().out
    assert main([str(VALID), "--strict"]) == 1


def test_broken_content_prints_sorted_errors_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(FIXTURES / "broken")]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert (
        lines[0] == "modules/broken/01-intro.md:3: 'minutes' must be a whole number greater than 0"
    )
    assert lines[-1] == "quizzes/orphan:1: quiz folder has no course with the slug 'orphan'"
    assert len(lines) == 23
    assert captured.err == "23 errors found.\n"


def test_module_runs_as_a_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "course_engine.content.cli", str(VALID)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 0
    assert "\nOK: 1 course" in result.stdout


def test_content_package_imports_neither_flask_nor_sqlalchemy() -> None:
    package = Path(__file__).parents[2] / "course_engine" / "content"
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in ("flask", "sqlalchemy"), source.name
