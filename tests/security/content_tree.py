"""A writable copy of the bundled course files, for tests that break them on purpose."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.support.databases import ROOT

SLUG = "heart-collaboration"
MODULE = f"modules/{SLUG}/01-community-resilience.md"
QUIZ = f"quizzes/{SLUG}/pretest.yaml"


def copy_content(target: Path) -> Path:
    """Copy modules/ and quizzes/ under ``target``; link certificates/ files (read-only use)."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("modules", "quizzes"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copytree(ROOT / "certificates", target / "certificates", copy_function=os.link)
    return target


def content_files(root: Path) -> list[str]:
    """The Markdown and YAML files of a content tree's three folders, relative to ``root``."""
    return sorted(
        path.relative_to(root).as_posix()
        for folder in ("modules", "quizzes", "certificates")
        for path in (root / folder).rglob("*")
        if path.suffix in (".md", ".yaml") and path.is_file()
    )


def insert_line(root: Path, rel: str, index: int, line: str) -> int:
    """Insert ``line`` before 0-based line ``index`` of a file; its 1-based line number."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(index, line.rstrip("\n") + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1
