"""Queries of the administration pages: learner search, pagination, a learner's records."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3

from course_engine.admin import scope
from course_engine.admin.scope import scope_learners
from course_engine.models import AccessRole, Enrolment, QuizAttempt, User
from course_engine.reports import figures
from course_engine.reports.filters import Status

#: Rows per page of a paginated list.
PER_PAGE = 25

#: Account status filter values.
ACTIVE, DEACTIVATED, DELETED = "active", "deactivated", "deleted"
#: Course progress filter values.
NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"


@dataclass(frozen=True)
class LearnerFilters:
    """What the learner search asks for (empty values: no filter)."""

    text: str = ""
    organization_id: int | None = None
    cohort_id: int | None = None
    status: str = ""
    progress: str = ""
    course_slug: str = ""
    access_role: str = ""


@dataclass
class Pagination:
    """One page of a longer list."""

    items: Sequence[Any]
    page: int
    per_page: int
    total: int
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        """True when there is a page before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """True when there is a page after this one."""
        return self.page < self.pages


def paginate(
    session: Session, query: Select[Any], page: int, per_page: int = PER_PAGE
) -> Pagination:
    """Run ``query`` for one page of objects (pages past the end show the last page)."""
    page, total = _page_and_total(session, query, page, per_page)
    items = session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Pagination(items=items, page=page, per_page=per_page, total=total)


def paginate_rows(
    session: Session, query: Select[Any], page: int, per_page: int = PER_PAGE
) -> Pagination:
    """Like ``paginate`` for a query of several columns: the items are rows."""
    page, total = _page_and_total(session, query, page, per_page)
    items = session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Pagination(items=items, page=page, per_page=per_page, total=total)


def _page_and_total(
    session: Session, query: Select[Any], page: int, per_page: int
) -> tuple[int, int]:
    """How many rows ``query`` has, and ``page`` kept within the pages there are."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return min(max(page, 1), max(1, math.ceil(total / per_page))), total


def learner_search(viewer: User, filters: LearnerFilters) -> Select[Any]:
    """The users matching ``filters`` that ``viewer`` may manage, by name."""
    query = scope_learners(select(User), viewer)
    if filters.text:
        text = filters.text.strip()
        query = query.where(
            or_(
                User.full_name.icontains(text, autoescape=True),
                User.email_key.icontains(text.lower(), autoescape=True),
            )
        )
    if filters.organization_id is not None:
        query = query.where(User.organization_id == filters.organization_id)
    if filters.cohort_id is not None:
        query = query.where(User.cohort_id == filters.cohort_id)
    if filters.access_role:
        query = query.where(User.access_role == AccessRole(filters.access_role))
    query = query.where(*_status_filter(filters.status))
    if filters.progress:
        query = query.where(_progress_filter(filters.progress, filters.course_slug))
    return query.order_by(User.full_name, User.id)


def _status_filter(status: str) -> list[Any]:
    """Active, deactivated or deleted accounts (default: every account not deleted)."""
    if status == DELETED:
        return [User.deleted_at.is_not(None)]
    conditions: list[Any] = [User.deleted_at.is_(None)]
    if status == ACTIVE:
        conditions.append(User.is_active.is_(True))
    elif status == DEACTIVATED:
        conditions.append(User.is_active.is_(False))
    return conditions


def _progress_filter(progress: str, course_slug: str) -> Any:
    """Complete, in progress or not started, as the reports define them (``figures``): in one
    course, or complete / in progress in some course and not started: neither."""
    own = [Enrolment.user_id == User.id]
    if course_slug:
        own.append(Enrolment.course_slug == course_slug)
    complete = exists().where(*own, figures.has_status(Status.COMPLETE))
    started = exists().where(*own, figures.has_status(Status.IN_PROGRESS))
    if progress == COMPLETE:
        return complete
    if progress == IN_PROGRESS:
        return started
    return and_(~complete, ~started)


def attempts_by_enrolment(session: Session, user: User) -> dict[int, list[QuizAttempt]]:
    """The user's quiz attempts, grouped by enrolment, oldest first."""
    rows = session.scalars(
        select(QuizAttempt)
        .join(Enrolment, QuizAttempt.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id == user.id)
        .order_by(QuizAttempt.quiz_id, QuizAttempt.number)
    )
    grouped: dict[int, list[QuizAttempt]] = {}
    for attempt in rows:
        grouped.setdefault(attempt.enrolment_id, []).append(attempt)
    return grouped


def enrolments_of(session: Session, user: User) -> list[Enrolment]:
    """The user's enrolments, oldest first."""
    return list(
        session.scalars(
            select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.enrolled_at)
        )
    )


def organization_choices(session: Session, viewer: User, blank: str) -> list[SelectChoice]:
    """The organizations ``viewer`` may choose, by name, after a ``blank`` first option."""
    rows = scope.visible_organizations(session, viewer)
    return [SelectChoice("", blank), *(SelectChoice(id_, name) for id_, name in rows)]


def cohort_choices(session: Session, viewer: User, blank: str) -> list[SelectChoice]:
    """The cohorts ``viewer`` may choose, by name, after a ``blank`` first option."""
    rows = scope.visible_cohorts(session, viewer)
    return [SelectChoice("", blank), *(SelectChoice(id_, name) for id_, name in rows)]
