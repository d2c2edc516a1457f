"""The content check command: exit codes and output."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from course_engine.content.cli import main

from .conftest import FIXTURES, VALID


def test_valid_content_prints_summary_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(VALID)]) == 0
    out = capsys.readouterr().out
    assert out == "OK: 1 course, 2 modules, 3 pages, 4 quizzes, 13 questions\n"


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
    assert result.stdout.startswith("OK: 1 course")


def test_content_package_imports_neither_flask_nor_sqlalchemy() -> None:
    package = Path(__file__).parents[2] / "course_engine" / "content"
    for source in package.glob("*.py"):
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
