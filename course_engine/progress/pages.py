"""Recording the pages a learner reaches."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.content import Course, Module
from course_engine.models import Enrolment, PageVisit
from course_engine.models.types import utcnow
from course_engine.progress.completion import refresh_completion
from course_engine.progress.state import CourseProgress, load_progress


class PageNotReachable(Exception):
    """The learner may not record this page (locked module, or skipping ahead)."""


def record_page(
    session: Session, enrolment: Enrolment, course: Course, module: Module, number: int
) -> CourseProgress:
    """Record that the learner reached page ``number`` (idempotent) and refresh completion.

    A page can be recorded only in an open module, and only once the page before it was reached,
    so a forged request cannot mark a module read.
    """
    progress = load_progress(session, enrolment, course)
    if not progress.is_open(module) or not 1 <= number <= len(module.pages):
        raise PageNotReachable(f"{module.id} page {number} is not open")
    reached = progress.pages.get(module.id, set())
    if number > 1 and (number - 1) not in reached:
        raise PageNotReachable(f"{module.id} page {number - 1} was not reached")
    if number not in reached:
        _insert_visit(session, enrolment, module.id, number)
    enrolment.last_module_id = module.id
    enrolment.last_page = number
    enrolment.last_active_at = utcnow()
    session.flush()
    return refresh_completion(session, enrolment, course)


def _insert_visit(session: Session, enrolment: Enrolment, module_id: str, number: int) -> None:
    """Insert the visit once; a concurrent duplicate is ignored."""
    try:
        with session.begin_nested():
            session.add(PageVisit(enrolment_id=enrolment.id, module_id=module_id, page=number))
    except IntegrityError:
        pass


def resume_point(enrolment: Enrolment, course: Course) -> tuple[Module, int] | None:
    """Where Continue leads: the last page reached, if its module still exists."""
    if enrolment.last_module_id is None:
        return None
    module = course.module(enrolment.last_module_id)
    if module is None or module.draft:
        return None
    return module, min(enrolment.last_page or 1, len(module.pages))
