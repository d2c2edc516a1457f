"""Editing a live course in a test: a writable copy of the bundled content that the app serves."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask

from course_engine.content import Catalog, ContentError, Course, check_content
from course_engine.content.loader import make_layout
from course_engine.content.store import ContentStore
from course_engine.live_content import reload_requested_at

ROOT = Path(__file__).resolve().parents[2]
SLUG = "heart-collaboration"


class LiveContent:
    """A copy of modules/, quizzes/ and certificates/ an author edits; ``publish`` makes the
    running app serve it (as a reload would), and the fixture puts the original back after."""

    def __init__(self, app: Flask, root: Path) -> None:
        self.app = app
        self.root = root
        for folder in ("modules", "quizzes", "certificates"):
            shutil.copytree(ROOT / folder, root / folder)
        self.store: ContentStore = app.extensions["content"]
        self.original: tuple[Catalog | None, list[ContentError]] = (
            self.store.catalog,
            self.store.errors,
        )
        self.original_layout = self.store.layout

    def path(self, rel: str) -> Path:
        """A content file of the copy."""
        return self.root / rel

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace ``old`` (which must be present) with ``new`` in a file."""
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        """Create or overwrite a file."""
        self.path(rel).write_text(text, encoding="utf-8")

    def check(self) -> tuple[Catalog | None, list[ContentError]]:
        """Compile the copy as it is now."""
        return check_content(self.root)

    def publish(self) -> Course:
        """Serve the copy as it is now (it must compile); the course as learners now see it."""
        catalog, errors = self.check()
        assert catalog is not None, errors
        self.store.catalog, self.store.errors = catalog, []
        # A reload requested earlier (flask content reload) must not replace it mid-test.
        self.app.extensions["content_stamp"] = reload_requested_at(self.app)
        course = catalog.course(SLUG)
        assert course is not None
        return course

    def watch(self) -> None:
        """Make the copy the app's files on disk (what the content status page previews)."""
        self.store.layout = make_layout(self.root)

    def restore(self) -> None:
        """Serve the bundled content again, from the bundled files."""
        self.store.catalog, self.store.errors = self.original
        self.store.layout = self.original_layout
