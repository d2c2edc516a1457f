"""The loaded course content, kept current for the running application."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from flask import Flask, abort, current_app

from course_engine.content import Catalog, ContentError, ContentStore, Course, Module

log = logging.getLogger(__name__)

RELOAD_STAMP = "content-reload.stamp"


def init_app(app: Flask) -> None:
    """Load content once; in development re-read changed files before each request."""
    store = ContentStore(
        Path(app.config["CONTENT_ROOT"]),
        modules_dir=app.config["MODULES_DIR"],
        quizzes_dir=app.config["QUIZZES_DIR"],
        certificates_dir=app.config["CERTIFICATES_DIR"],
    )
    errors = store.reload()
    if errors:
        _report(errors)
        if app.config["CONTENT_STRICT"]:
            print("\n".join(str(e) for e in errors), file=sys.stderr)
            raise SystemExit("Course content has errors: refusing to start.")
    app.extensions["content"] = store
    app.extensions["content_stamp"] = _stamp_mtime(app)
    app.before_request(_refresh_content)


def store() -> ContentStore:
    """The current application's content store."""
    return current_app.extensions["content"]


def catalog() -> Catalog | None:
    """The last content that loaded without errors, if any."""
    return store().catalog


def content_errors() -> list[ContentError]:
    """The errors of the most recent load attempt (empty when it succeeded)."""
    return list(store().errors)


def course_or_404(slug: str, *, include_drafts: bool = False) -> Course:
    """A course visible to learners (or, with ``include_drafts``, to authors), or 404."""
    current = catalog()
    course = current.course(slug) if current else None
    if course is None or (course.draft and not include_drafts):
        abort(404)
    return course


def courses_for(include_drafts: bool) -> list[Course]:
    """The courses learners see, or every course (drafts included) for authors."""
    current = catalog()
    if current is None:
        return []
    return list(current.courses.values()) if include_drafts else current.visible_courses()


def modules_for(course: Course, include_drafts: bool) -> list[Module]:
    """A course's modules learners see, or every module (drafts included) for authors."""
    return list(course.modules) if include_drafts else course.visible_modules()


def reload_content() -> list[ContentError]:
    """Re-read every content file now; keeps the last good content when errors are found."""
    errors = store().reload()
    if errors:
        _report(errors)
    return errors


def request_reload(instance_path: Path) -> None:
    """Ask every running instance that shares ``instance_path`` to reload content."""
    instance_path.mkdir(parents=True, exist_ok=True)
    (instance_path / RELOAD_STAMP).touch()


def _refresh_content() -> None:
    """Before a request: pick up edits (development) or a requested reload (any mode)."""
    app = current_app
    stamp = _stamp_mtime(app)
    if stamp != app.extensions["content_stamp"]:
        app.extensions["content_stamp"] = stamp
        reload_content()
    elif app.config["CONTENT_AUTO_RELOAD"] and store().reload_if_changed() and store().errors:
        _report(store().errors)


def _stamp_mtime(app: Flask) -> int:
    """When a reload was last requested (0 if never)."""
    try:
        return (Path(app.instance_path) / RELOAD_STAMP).stat().st_mtime_ns
    except OSError:
        return 0


def _report(errors: list[ContentError]) -> None:
    """Log every content error with its path and line."""
    for error in errors:
        log.error("content: %s", error)
