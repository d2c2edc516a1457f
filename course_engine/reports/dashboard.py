"""A course's numbers at a glance: enrolments, activity, completions, the module funnel."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func
from sqlalchemy.orm import Session

from course_engine.auth.choices import ROLE_LABELS, STATE_NAMES
from course_engine.content import Course
from course_engine.models import Enrolment, ModuleCompletion, Organization, User
from course_engine.models.types import utcnow
from course_engine.reports import figures
from course_engine.reports.figures import ACTIVE_DAYS
from course_engine.reports.scope import enrolments_of_course


@dataclass(frozen=True)
class Count:
    """A label and how many enrolments have it."""

    key: str
    label: str
    value: int


@dataclass(frozen=True)
class ModuleStep:
    """One module of the funnel: how many learners reached it and completed it."""

    module_id: str
    title: str
    reached: int
    completed: int


@dataclass(frozen=True)
class CourseDashboard:
    """The dashboard numbers of one course, within the viewer's scope."""

    enrolled: int
    active: int
    completed: int
    funnel: list[ModuleStep]
    median_time_to_complete: timedelta | None
    by_role: list[Count]
    by_organization_kind: list[Count]
    by_state: list[Count]

    @property
    def completion_rate(self) -> float | None:
        """Completed as a percent of enrolled (None when nobody enrolled)."""
        return 100 * self.completed / self.enrolled if self.enrolled else None


def course_dashboard(
    session: Session, course: Course, viewer: User | None, now: datetime | None = None
) -> CourseDashboard:
    """Compute the dashboard (a handful of aggregate queries, none per learner)."""
    cutoff = (now or utcnow()) - timedelta(days=ACTIVE_DAYS)
    totals = enrolments_of_course(
        course.slug,
        viewer,
        func.count(),
        func.count(case((figures.active(cutoff), 1))),
        func.count(Enrolment.completed_at),
    )
    enrolled, active, completed = session.execute(totals).one()
    return CourseDashboard(
        enrolled=enrolled,
        active=active,
        completed=completed,
        funnel=module_funnel(session, course, viewer),
        median_time_to_complete=median_time_to_complete(session, course, viewer),
        by_role=_counts(session, course, viewer, User.role, ROLE_LABELS),
        by_organization_kind=_counts(
            session, course, viewer, figures.organization_kind(), figures.KIND_LABELS
        ),
        by_state=_counts(session, course, viewer, User.state, STATE_NAMES),
    )


def module_funnel(session: Session, course: Course, viewer: User | None) -> list[ModuleStep]:
    """For each module in course order: learners who reached it, and who completed it."""
    scoped = enrolments_of_course(course.slug, viewer)
    reached_rows = figures.reached_modules().subquery("reached")
    reached_query = (
        scoped.with_only_columns(reached_rows.c.module_id, func.count())
        .join(reached_rows, reached_rows.c.enrolment_id == Enrolment.id)
        .group_by(reached_rows.c.module_id)
    )
    done_query = (
        scoped.with_only_columns(ModuleCompletion.module_id, func.count())
        .join(ModuleCompletion, ModuleCompletion.enrolment_id == Enrolment.id)
        .group_by(ModuleCompletion.module_id)
    )
    reached = {module_id: count for module_id, count in session.execute(reached_query)}
    done = {module_id: count for module_id, count in session.execute(done_query)}
    return [
        ModuleStep(module.id, module.title, reached.get(module.id, 0), done.get(module.id, 0))
        for module in course.visible_modules()
    ]


def median_time_to_complete(
    session: Session, course: Course, viewer: User | None
) -> timedelta | None:
    """The median of completed_at - enrolled_at over completed enrolments (None: none yet)."""
    query = enrolments_of_course(
        course.slug, viewer, Enrolment.enrolled_at, Enrolment.completed_at
    ).where(Enrolment.completed_at.is_not(None))
    seconds = [
        (completed - enrolled).total_seconds()
        for enrolled, completed in session.execute(query.execution_options(yield_per=5000))
    ]
    return timedelta(seconds=statistics.median(seconds)) if seconds else None


def _counts(
    session: Session, course: Course, viewer: User | None, column: Any, labels: dict[str, str]
) -> list[Count]:
    """Enrolments grouped by a learner column, largest first."""
    query = (
        enrolments_of_course(course.slug, viewer, column, func.count())
        .outerjoin(Organization, Organization.id == User.organization_id)
        .group_by(column)
        .order_by(func.count().desc(), column)
    )
    return [
        Count(key or "", labels.get(key, key) or "(not given)", value)
        for key, value in session.execute(query)
    ]
