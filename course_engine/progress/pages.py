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
    """Record that the learner reached page ``number`` (idempotent) and refresh completion."""
    return record_pages(session, enrolment, course, module, [number])


def record_pages(
    session: Session, enrolment: Enrolment, course: Course, module: Module, numbers: list[int]
) -> CourseProgress:
    """Record pages reached in order (idempotent), then refresh completion once.

    A page can be recorded only in an open module, and only once the page before it was reached,
    so a forged request cannot mark a module read. Nothing is written when any page is refused.
    """
    progress = load_progress(session, enrolment, course)
    if not progress.is_open(module):
        raise PageNotReachable(f"{module.id} is not open")
    reached = progress.pages[module.id]
    new = []
    for number in numbers:
        if not 1 <= number <= len(module.pages):
            raise PageNotReachable(f"{module.id} has no page {number}")
        previous_read = (number - 1) in reached or (number - 1) in new
        if number > 1 and number not in reached and not previous_read:
            raise PageNotReachable(f"{module.id} page {number - 1} was not reached")
        if number not in reached and number not in new:
            new.append(number)
    for number in new:
        _insert_visit(session, enrolment, course, module, number)
    reached.update(new)
    enrolment.last_module_id = module.id
    enrolment.last_page = numbers[-1]
    enrolment.last_page_id = module.pages[numbers[-1] - 1].id
    enrolment.last_active_at = utcnow()
    session.flush()
    return refresh_completion(session, enrolment, course, progress)


def _insert_visit(
    session: Session, enrolment: Enrolment, course: Course, module: Module, number: int
) -> None:
    """Insert the visit once, under the page's stable id; a concurrent duplicate is ignored."""
    visit = PageVisit(
        enrolment_id=enrolment.id,
        module_id=module.id,
        page=number,
        page_id=module.pages[number - 1].id,
        content_version=course.content_version,
    )
    try:
        with session.begin_nested():
            session.add(visit)
    except IntegrityError:
        pass


def resume_point(enrolment: Enrolment, course: Course) -> tuple[Module, int] | None:
    """Where Continue leads: the last page reached, if its module still exists."""
    if enrolment.last_module_id is None:
        return None
    module_id = course.renames().get(enrolment.last_module_id, enrolment.last_module_id)
    module = course.module(module_id)
    if module is None or module.draft:
        return None
    found = module.page_number(enrolment.last_page_id)
    if found is not None:  # the same page, wherever an edit moved it
        return module, found
    return module, min(enrolment.last_page or 1, len(module.pages))
