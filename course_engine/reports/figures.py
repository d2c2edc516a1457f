"""One definition of each report figure; every page, export and command uses these.

docs/administration.md, "What each figure means", is the reference for the words; this module
is the reference for the code. Each function returns a SQL expression correlated with
``Enrolment`` (and ``User`` / ``Organization`` where it says so), or a plain rule.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from course_engine.admin.operations import LEARNER_DELETED
from course_engine.admin.organization_operations import ORGANIZATION_KINDS
from course_engine.auth.choices import ORGANIZATION_KIND_LABELS
from course_engine.models import (
    CertificateStatus,
    Enrolment,
    ModuleCompletion,
    Organization,
    PageVisit,
    QuizAttempt,
    User,
)
from course_engine.reports.filters import Status

#: "Active" means progress recorded within this many days.
ACTIVE_DAYS = 30
#: Labels of organization kinds: the organizations' own (district ...) and learners' answers.
KIND_LABELS: dict[str, str] = dict(ORGANIZATION_KINDS) | ORGANIZATION_KIND_LABELS


def _on_or_after(column: Any, since: datetime | None) -> ColumnElement[bool]:
    """``column`` is set (and, with ``since``, not before it)."""
    condition: ColumnElement[bool] = column.is_not(None) if since is None else column >= since
    return condition


def progress_recorded(since: datetime | None = None) -> ColumnElement[bool]:
    """The enrolment has recorded progress (since ``since``): a page reached with Next, a
    module completed, a quiz attempt opened or submitted (the evaluation too), or the pre-test
    skipped. An open, never submitted attempt counts: the learner started."""
    attempt_times = [_on_or_after(QuizAttempt.started_at, since)]
    if since is not None:
        attempt_times.append(_on_or_after(QuizAttempt.submitted_at, since))
    return or_(
        _on_or_after(Enrolment.last_active_at, since),
        _on_or_after(Enrolment.pretest_skipped_at, since),
        exists().where(
            PageVisit.enrolment_id == Enrolment.id, _on_or_after(PageVisit.reached_at, since)
        ),
        exists().where(
            ModuleCompletion.enrolment_id == Enrolment.id,
            _on_or_after(ModuleCompletion.completed_at, since),
        ),
        exists().where(QuizAttempt.enrolment_id == Enrolment.id, or_(*attempt_times)),
    )


def status() -> ColumnElement[str]:
    """Complete (the course is completed), in progress (any recorded progress), not started."""
    return case(
        (Enrolment.completed_at.is_not(None), literal(Status.COMPLETE.value)),
        (progress_recorded(), literal(Status.IN_PROGRESS.value)),
        else_=literal(Status.NOT_STARTED.value),
    )


def has_status(wanted: Status) -> ColumnElement[bool]:
    """The enrolment's status is ``wanted`` (the same rule as ``status``)."""
    if wanted is Status.COMPLETE:
        return Enrolment.completed_at.is_not(None)
    started = progress_recorded()
    return Enrolment.completed_at.is_(None) & (
        started if wanted is Status.IN_PROGRESS else ~started
    )


def statuses(session: Session, enrolment_ids: list[int]) -> dict[int, Status]:
    """The status of each of these enrolments (one query)."""
    query = select(Enrolment.id, status()).where(Enrolment.id.in_(enrolment_ids))
    return {id_: Status(value) for id_, value in session.execute(query)}


def last_progress(session: Session, enrolment_ids: list[int]) -> dict[int, datetime]:
    """When each of these enrolments last recorded progress (absent: never; one query)."""
    times = union_all(
        select(Enrolment.id.label("enrolment_id"), Enrolment.last_active_at.label("at")),
        select(Enrolment.id, Enrolment.pretest_skipped_at),
        select(PageVisit.enrolment_id, PageVisit.reached_at),
        select(ModuleCompletion.enrolment_id, ModuleCompletion.completed_at),
        select(QuizAttempt.enrolment_id, QuizAttempt.started_at),
        select(QuizAttempt.enrolment_id, QuizAttempt.submitted_at),
    ).subquery("progress_times")
    query = (
        select(times.c.enrolment_id, func.max(times.c.at))
        .where(times.c.enrolment_id.in_(enrolment_ids), times.c.at.is_not(None))
        .group_by(times.c.enrolment_id)
    )
    return {id_: at for id_, at in session.execute(query)}


def active(since: datetime) -> ColumnElement[bool]:
    """Active: progress recorded on or after ``since`` (the dashboard: the last 30 days)."""
    return progress_recorded(since)


def reached_modules() -> CompoundSelect[int, str]:
    """(enrolment_id, module_id) of every module reached: a page of it recorded (Next pressed
    on one of its pages) or the module completed. Opening page 1 alone records nothing."""
    return union(
        select(PageVisit.enrolment_id, PageVisit.module_id),
        select(ModuleCompletion.enrolment_id, ModuleCompletion.module_id),
    )


def organization_kind() -> ColumnElement[str]:
    """The organization's kind when the learner belongs to one, else the learner's own answer
    (needs ``Organization`` outer-joined on ``User.organization_id``)."""
    return func.coalesce(Organization.kind, User.organization_kind)


def account_status() -> ColumnElement[str]:
    """deleted (anonymized), deactivated (cannot log in) or active."""
    return case(
        (User.deleted_at.is_not(None), literal("deleted")),
        (User.is_active.is_(False), literal("deactivated")),
        else_=literal("active"),
    )


def hours_earned(
    course_hours: float,
    completed: bool,
    certificate_status: CertificateStatus | None,
    revoke_reason: str | None,
) -> float | None:
    """The course's hours when it is completed, unless its certificate was revoked (a
    certificate revoked only because the learner's account was deleted keeps its hours)."""
    if not completed:
        return None
    if certificate_status is CertificateStatus.REVOKED and revoke_reason != LEARNER_DELETED:
        return None
    return course_hours


def certificate_state(
    status: CertificateStatus | None, expires_on: date | None, today: date
) -> str | None:
    """valid, expired (a valid certificate from its ``expires_on`` day on) or revoked."""
    if status is None:
        return None
    if status is CertificateStatus.VALID and expires_on is not None and today >= expires_on:
        return "expired"
    return status.value
