"""Completion, computed in the same transaction as the action that completes it."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import Enrolment, ModuleCompletion
from course_engine.models.types import utcnow
from course_engine.progress.state import CourseProgress, load_progress

#: Called (session, progress) when an enrolment becomes complete: certificates hook in here.
on_course_completed: list[Callable[[Session, CourseProgress], None]] = []


def refresh_completion(
    session: Session, enrolment: Enrolment, course: Course, progress: CourseProgress | None = None
) -> CourseProgress:
    """Record modules and the course that are now complete; return the fresh progress.

    ``progress`` may be passed when the caller has just loaded it and applied its own writes.
    """
    progress = progress or load_progress(session, enrolment, course)
    now = utcnow()
    changed = True
    while changed:  # completing a module can satisfy another's prerequisites
        changed = False
        for module in course.visible_modules():
            if module.id in progress.completed_modules or not progress.module_done(module):
                continue
            if progress.locked_by(module):
                continue
            _record_module(session, enrolment, module.id)
            progress.completed_modules.add(module.id)
            changed = True
    if progress.is_complete and enrolment.completed_at is None:
        enrolment.completed_at = now
        session.flush()
        for hook in on_course_completed:
            hook(session, progress)
    return progress


def _record_module(session: Session, enrolment: Enrolment, module_id: str) -> None:
    """Insert the module completion once (a concurrent duplicate is ignored)."""
    try:
        with session.begin_nested():
            session.add(ModuleCompletion(enrolment_id=enrolment.id, module_id=module_id))
    except IntegrityError:
        pass
