"""The completion report: one row per enrolment, read in one query and yielded lazily."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from course_engine import site_time
from course_engine.auth.choices import ROLE_LABELS
from course_engine.content import Course
from course_engine.models import (
    AttemptStatus,
    Certificate,
    CertificateStatus,
    Cohort,
    Enrolment,
    ModuleCompletion,
    Organization,
    QuizAttempt,
    User,
)
from course_engine.models.types import utcnow
from course_engine.reports import figures
from course_engine.reports.filters import DateField, ReportFilters, Status
from course_engine.reports.scope import in_scope

#: Rows fetched from the database at a time while a report streams.
BATCH_SIZE = 1000


@dataclass(frozen=True, slots=True)
class CompletionRow:
    """One learner's enrolment in the course, as the report shows it."""

    enrolment_id: int
    name: str
    email: str
    role: str
    organization: str
    state: str
    cohort: str
    enrolled_at: datetime
    modules_completed: int
    modules_total: int
    pretest_percent: float | None
    posttest_best: float | None
    completed_at: datetime | None
    hours: float | None
    certificate_serial: str | None
    certificate_status: str | None
    status: Status
    account_status: str


#: The report's columns in order: (heading, CompletionRow attribute). "{zone}" in a heading is
#: the site time zone its times are shown in.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Name", "name"),
    ("Email", "email"),
    ("Account status", "account_status"),
    ("Role", "role"),
    ("Organization", "organization"),
    ("State", "state"),
    ("Cohort", "cohort"),
    ("Status", "status"),
    ("Enrolled at ({zone})", "enrolled_at"),
    ("Modules completed", "modules_completed"),
    ("Modules total", "modules_total"),
    ("Pre-test score (%)", "pretest_percent"),
    ("Post-test best score (%)", "posttest_best"),
    ("Completed at ({zone})", "completed_at"),
    ("Hours", "hours"),
    ("Certificate serial", "certificate_serial"),
    ("Certificate status", "certificate_status"),
)


def column_headings(zone: str) -> list[str]:
    """The headings in order, naming the time zone of the times."""
    return [heading.format(zone=zone) for heading, _ in COLUMNS]


def completion_query(course: Course, filters: ReportFilters, viewer: User | None) -> Select[Any]:
    """The report as one SELECT: enrolments joined to learners and aggregate subqueries.

    ``viewer`` None means an operator at the command line (every learner); otherwise the
    viewer's scope applies (org admins see their organization only).
    """
    enrolment = Enrolment
    modules = _modules_done(course)
    attempts = _attempt_summary(course)
    pretest = aliased(QuizAttempt, name="pretest_attempt")
    query = (
        select(
            enrolment.id.label("enrolment_id"),
            User.full_name.label("name"),
            User.email.label("email"),
            User.role.label("role"),
            func.coalesce(Organization.name, User.organization_name).label("organization"),
            User.state.label("state"),
            Cohort.name.label("cohort"),
            enrolment.enrolled_at.label("enrolled_at"),
            func.coalesce(modules.c.done, 0).label("modules_completed"),
            pretest.percent.label("pretest_percent"),
            attempts.c.posttest_best.label("posttest_best"),
            enrolment.completed_at.label("completed_at"),
            Certificate.serial.label("certificate_serial"),
            Certificate.status.label("certificate_status"),
            Certificate.revoke_reason.label("revoke_reason"),
            Certificate.expires_on.label("expires_on"),
            figures.status().label("status"),
            figures.account_status().label("account_status"),
        )
        .select_from(enrolment)
        .join(User, User.id == enrolment.user_id)
        .outerjoin(Organization, Organization.id == User.organization_id)
        .outerjoin(Cohort, Cohort.id == User.cohort_id)
        .outerjoin(modules, modules.c.enrolment_id == enrolment.id)
        .outerjoin(attempts, attempts.c.enrolment_id == enrolment.id)
        .outerjoin(
            pretest,
            and_(
                pretest.enrolment_id == enrolment.id,
                pretest.quiz_id == (course.pretest or ""),
                pretest.number == attempts.c.pretest_number,
            ),
        )
        .outerjoin(
            Certificate,
            and_(
                Certificate.enrolment_id == enrolment.id,
                Certificate.status != CertificateStatus.SUPERSEDED,
            ),
        )
        .where(enrolment.course_slug == course.slug)
        .order_by(enrolment.enrolled_at, enrolment.id)
    )
    for condition in _conditions(filters):
        query = query.where(condition)
    return in_scope(query, viewer)


def _modules_done(course: Course) -> Any:
    """Per enrolment: how many of the course's modules are completed."""
    module_ids = [module.id for module in course.visible_modules()]
    return (
        select(ModuleCompletion.enrolment_id, func.count().label("done"))
        .join(Enrolment, Enrolment.id == ModuleCompletion.enrolment_id)
        .where(Enrolment.course_slug == course.slug, ModuleCompletion.module_id.in_(module_ids))
        .group_by(ModuleCompletion.enrolment_id)
        .subquery("modules_done")
    )


def _attempt_summary(course: Course) -> Any:
    """Per enrolment: best post-test percent, number of the first submitted pre-test."""
    attempt = QuizAttempt
    return (
        select(
            attempt.enrolment_id,
            func.max(case((attempt.quiz_id == (course.posttest or ""), attempt.percent))).label(
                "posttest_best"
            ),
            func.min(case((attempt.quiz_id == (course.pretest or ""), attempt.number))).label(
                "pretest_number"
            ),
        )
        .join(Enrolment, Enrolment.id == attempt.enrolment_id)
        .where(Enrolment.course_slug == course.slug, attempt.status == AttemptStatus.SUBMITTED)
        .group_by(attempt.enrolment_id)
        .subquery("attempt_summary")
    )


def _conditions(filters: ReportFilters) -> list[ColumnElement[bool]]:
    """WHERE conditions for the filters that are set."""
    conditions: list[ColumnElement[bool]] = []
    column = (
        Enrolment.completed_at
        if filters.date_field == DateField.COMPLETED
        else (Enrolment.enrolled_at)
    )
    start, end = filters.window()
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column < end)
    if filters.organization_id is not None:
        conditions.append(User.organization_id == filters.organization_id)
    if filters.cohort_id is not None:
        conditions.append(User.cohort_id == filters.cohort_id)
    if filters.role:
        conditions.append(User.role == filters.role)
    if filters.state:
        conditions.append(User.state == filters.state)
    if filters.status is not None:
        conditions.append(figures.has_status(filters.status))
    return conditions


def completion_rows(
    session: Session, course: Course, filters: ReportFilters, viewer: User | None
) -> Iterator[CompletionRow]:
    """Every row of the report, fetched from the database in batches as it is consumed."""
    query = completion_query(course, filters, viewer).execution_options(yield_per=BATCH_SIZE)
    total = len(course.visible_modules())
    today = site_time.today(utcnow(), filters.time_zone)
    for values in session.execute(query):
        yield _row(values, course, total, today)


def completion_count(course: Course, filters: ReportFilters, viewer: User | None) -> Select[Any]:
    """The number of rows of the report, counted over enrolments and learners alone.

    Every other table the report joins has at most one row per enrolment (a grouped subquery,
    the numbered pre-test attempt, the one current certificate), so the count is the same
    without computing them: at 100,000 enrolments that grouping was most of a page's time.
    """
    query = (
        select(func.count())
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.course_slug == course.slug)
    )
    for condition in _conditions(filters):
        query = query.where(condition)
    return in_scope(query, viewer)


def completion_page(
    session: Session,
    course: Course,
    filters: ReportFilters,
    viewer: User | None,
    page: int,
    per_page: int,
) -> tuple[list[CompletionRow], int]:
    """One page of the report (1-based) and the number of rows in the whole report."""
    query = completion_query(course, filters, viewer)
    count = session.scalar(completion_count(course, filters, viewer))
    total = len(course.visible_modules())
    today = site_time.today(utcnow(), filters.time_zone)
    offset = (max(page, 1) - 1) * per_page
    rows = [
        _row(values, course, total, today)
        for values in session.execute(query.limit(per_page).offset(offset))
    ]
    return rows, count or 0


def _row(values: Any, course: Course, modules_total: int, today: date) -> CompletionRow:
    """A result row turned into a CompletionRow (certificate expiry judged on ``today``)."""
    (
        enrolment_id,
        name,
        email,
        role,
        organization,
        state,
        cohort,
        enrolled_at,
        done,
        pretest,
        posttest,
        completed_at,
        serial,
        certificate_status,
        revoke_reason,
        expires_on,
        status,
        account_status,
    ) = values
    return CompletionRow(
        enrolment_id=enrolment_id,
        name=name,
        email=email,
        role=ROLE_LABELS.get(role, role),
        organization=organization or "",
        state=state or "",
        cohort=cohort or "",
        enrolled_at=enrolled_at,
        modules_completed=done,
        modules_total=modules_total,
        pretest_percent=pretest,
        posttest_best=posttest,
        completed_at=completed_at,
        hours=figures.hours_earned(
            course.hours, completed_at is not None, certificate_status, revoke_reason
        ),
        certificate_serial=serial,
        certificate_status=figures.certificate_state(certificate_status, expires_on, today),
        status=Status(status),
        account_status=account_status,
    )
