"""Completion, computed in the same transaction as the action that completes it."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.content import Course, Module
from course_engine.models import Enrolment, ModuleCompletion
from course_engine.models.types import utcnow
from course_engine.progress.state import CourseProgress, load_progress

#: Called (session, progress) when an enrolment becomes complete: certificates hook in here.
on_course_completed: list[Callable[[Session, CourseProgress], None]] = []
#: Called (session, progress, module id) when a module becomes complete: LMS grades hook in here.
on_module_completed: list[Callable[[Session, CourseProgress, str], None]] = []


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
            _record_module(session, enrolment, course, module, module.id in progress.stale_modules)
            progress.completed_modules.add(module.id)
            progress.stale_modules.discard(module.id)
            changed = True
            for module_hook in on_module_completed:
                module_hook(session, progress, module.id)
    if progress.rules_met and not progress.completion_stands:
        enrolment.completed_at = now
        enrolment.completed_version = course.content_version
        session.flush()
        for hook in on_course_completed:
            hook(session, progress)
    return progress


def _record_module(
    session: Session, enrolment: Enrolment, course: Course, module: Module, redo: bool
) -> None:
    """Insert the module completion once, with the versions it was made under; with ``redo``,
    the completion of an earlier version that asked to be redone is brought up to date."""
    versions = {"content_version": course.content_version, "module_version": module.version}
    stale = None
    if redo:
        stale = session.scalar(
            select(ModuleCompletion).where(
                ModuleCompletion.enrolment_id == enrolment.id,
                ModuleCompletion.module_id == module.id,
            )
        )
    if stale is not None:
        stale.completed_at = utcnow()
        stale.content_version, stale.module_version = versions.values()
        session.flush()
        return
    try:
        with session.begin_nested():
            session.add(
                ModuleCompletion(enrolment_id=enrolment.id, module_id=module.id, **versions)
            )
    except IntegrityError:
        pass
