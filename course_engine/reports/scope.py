"""Which enrolments a viewer may report on: those of the people their learner pages show
(``admin.scope``), every one for an operator at the command line (viewer None)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from course_engine.admin.scope import scope_learners
from course_engine.models import Enrolment, User


def in_scope(query: Select[Any], viewer: User | None) -> Select[Any]:
    """Limit a query that joins ``User`` to the learners the viewer may see."""
    return scope_learners(query, viewer) if viewer is not None else query


def enrolments_of_course(course_slug: str, viewer: User | None, *columns: Any) -> Select[Any]:
    """The course's enrolments (``columns``, default the id) joined to their learners, scoped."""
    query = (
        select(*(columns or (Enrolment.id,)))
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.course_slug == course_slug)
    )
    return in_scope(query, viewer)
