"""The loaded course content, kept current for the running application."""

from __future__ import annotations

import logging
import sys
import time
import weakref
from pathlib import Path

from flask import Flask, abort, current_app
from sqlalchemy.exc import SQLAlchemyError

from course_engine.content import Catalog, ContentError, ContentStore, Course, Module
from course_engine.extensions import db
from course_engine.progress.renames import follow_renames

log = logging.getLogger(__name__)

RELOAD_STAMP = "content-reload.stamp"
#: How often (seconds) a process looks for a reload requested by another process.
RELOAD_CHECK_SECONDS = 1.0
#: When each application last looked for the stamp; a request_reload in this process clears it.
_checked_at: weakref.WeakKeyDictionary[Flask, float] = weakref.WeakKeyDictionary()


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
    if store.catalog is not None:
        with app.app_context():
            follow_all_renames(store.catalog)


def follow_all_renames(catalog: Catalog) -> int:
    """Move rows recorded under old module and quiz ids (``renamed_from``) and commit.

    Done where writing is allowed: at start-up, and by the reload form and command. Until then
    progress reads old ids as the new ones. A database not yet migrated is left alone.
    """
    courses = [course for course in catalog.courses.values() if course.renames()]
    if not courses:
        return 0
    try:
        moved = sum(follow_renames(db.session, course) for course in courses)
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("content: could not follow renamed ids yet: %s", error)
        return 0
    if moved:
        log.info("content: %d rows follow renamed module and quiz ids", moved)
    return moved


def store() -> ContentStore:
    """The current application's content store."""
    content: ContentStore = current_app.extensions["content"]
    return content


def current_catalog() -> Catalog | None:
    """The last content that loaded without errors, if any."""
    return store().catalog


def content_errors() -> list[ContentError]:
    """The errors of the most recent load attempt (empty when it succeeded)."""
    return list(store().errors)


def course_or_404(slug: str, *, include_drafts: bool = False) -> Course:
    """A course visible to learners (or, with ``include_drafts``, to authors), or 404.

    503 when no content has loaded at all: the course may well exist, and its learners' rows do.
    """
    current = current_catalog()
    if current is None:
        abort(503)
    course = current.course(slug)
    if course is None or (course.draft and not include_drafts):
        abort(404)
    assert current is not None
    return current.translation(slug, _language()) or course


def _language() -> str:
    """The request's interface language (the course is read in it when translated)."""
    from course_engine.i18n import current_language

    return current_language()


def course_in(slug: str, language: str) -> Course | None:
    """The course as written in ``language`` (its translation), else as written; None if gone."""
    current = current_catalog()
    if current is None:
        return None
    return current.translation(slug, language) or current.course(slug)


def courses_for(include_drafts: bool) -> list[Course]:
    """The courses learners see, or every course (drafts included) for authors."""
    current = current_catalog()
    if current is None:
        return []
    courses = list(current.courses.values()) if include_drafts else current.visible_courses()
    language = _language()
    return [current.translation(c.slug, language) or c for c in courses]


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
    _checked_at.clear()  # this process looks again on its next request


def _refresh_content() -> None:
    """Before a request: pick up edits (development) or a requested reload (any mode)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    now = time.monotonic()
    interval = app.config.get("CONTENT_RELOAD_CHECK_SECONDS", RELOAD_CHECK_SECONDS)
    if now - _checked_at.get(app, -interval) >= interval:
        _checked_at[app] = now
        stamp = _stamp_mtime(app)
    else:
        stamp = app.extensions["content_stamp"]  # looked less than a second ago
    if stamp != app.extensions["content_stamp"]:
        app.extensions["content_stamp"] = stamp
        reload_content()
    elif app.config["CONTENT_AUTO_RELOAD"] and store().reload_if_changed() and store().errors:
        _report(store().errors)


def reload_requested_at(app: Flask) -> int:
    """When a reload was last requested (0 if never), as the instance last saw it."""
    return _stamp_mtime(app)


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
