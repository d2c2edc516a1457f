"""Fixtures for the content compiler tests: a writable copy of the valid content tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course_engine.content import ContentError, check_content

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
#: A small course that passes every authoring check (no warnings).
ALIGNED = FIXTURES / "aligned"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A fresh copy of the valid fixture tree that a test may edit."""
    target = tmp_path / "content"
    shutil.copytree(VALID, target, symlinks=True)
    return target


@pytest.fixture
def aligned(tmp_path: Path) -> Path:
    """A writable copy of the aligned course (no errors, no warnings)."""
    target = tmp_path / "aligned"
    shutil.copytree(ALIGNED, target)
    return target


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be present) with ``new`` in a content file."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    """Create or overwrite a content file."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def errors_of(root: Path) -> list[ContentError]:
    """Every error the compiler reports for ``root``."""
    catalog, errors = check_content(root)
    assert (catalog is None) == bool(errors)
    return errors


def error(path: str, line: int, message: str) -> ContentError:
    """Shorthand for an expected error."""
    return ContentError(path, line, message)
