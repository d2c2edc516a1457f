"""Following ``renamed_from``: rows recorded under a module's or quiz's old id move to the new."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, select, update
from sqlalchemy.orm import Session, aliased

from course_engine.content import Course
from course_engine.models import (
    Enrolment,
    JournalEntry,
    ModuleCompletion,
    PageVisit,
    QuizAttempt,
    QuizVersion,
)


def follow_renames(session: Session, course: Course) -> int:
    """Move the course's progress, attempts and kept quiz texts from old ids to new; flushes.

    A row whose new id already has its twin (the learner also reached it under the new id)
    stays where it is. Returns how many rows moved.
    """
    moved = 0
    enrolments = select(Enrolment.id).where(Enrolment.course_slug == course.slug)
    for old, new in course.renames().items():
        if course.module(new) is not None:
            moved += _move_module(session, enrolments, old, new)
        else:
            moved += _move(session, QuizAttempt, "quiz_id", enrolments, old, new)
            result: Any = session.execute(
                update(QuizVersion)
                .where(QuizVersion.course_slug == course.slug, QuizVersion.quiz_id == old)
                .values(quiz_id=new)
            )
            moved += int(result.rowcount)
    session.flush()
    return moved


def _move_module(session: Session, enrolments: Any, old: str, new: str) -> int:
    moved = _move(session, ModuleCompletion, "module_id", enrolments, old, new)
    moved += _move(session, PageVisit, "module_id", enrolments, old, new, "page_id")
    moved += _move(session, JournalEntry, "module_id", enrolments, old, new, "page", "prompt")
    result: Any = session.execute(
        update(Enrolment)
        .where(Enrolment.id.in_(enrolments), Enrolment.last_module_id == old)
        .values(last_module_id=new)
    )
    return moved + int(result.rowcount)


def _move(
    session: Session, model: Any, name: str, enrolments: Any, old: str, new: str, *also: str
) -> int:
    """UPDATE model SET name = new WHERE name = old, unless the new row already exists."""
    twin: Any = aliased(model)
    same = [twin.enrolment_id == model.enrolment_id]
    same += [getattr(twin, key) == getattr(model, key) for key in also]
    if model is QuizAttempt:
        same.append(twin.number == model.number)
    clash = exists().where(and_(getattr(twin, name) == new, *same))
    statement = (
        update(model)
        .where(getattr(model, name) == old, model.enrolment_id.in_(enrolments), ~clash)
        .values({name: new})
    )
    result: Any = session.execute(statement)
    return int(result.rowcount)
