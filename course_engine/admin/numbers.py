"""The administration home's numbers: enrolments, recent activity, completions, certificates and
failing email, over the learners the viewer may see (``admin.scope``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from course_engine.admin.scope import scope_learners
from course_engine.models import (
    Certificate,
    CertificateStatus,
    Enrolment,
    MailStatus,
    OutgoingMail,
    User,
)
from course_engine.site_time import today, zone

#: "Active" means a page or an answer in this many days.
ACTIVE_DAYS = 30


@dataclass(frozen=True)
class HomeNumbers:
    """What the administration home shows first."""

    enrolled: int
    active: int
    completed_this_month: int
    month_start: date
    certificates: int
    failed_mail: int | None  #: None for a viewer who may not see the mail queue


def home_numbers(
    session: Session, viewer: User, now: datetime, zone_name: str, *, mail: bool
) -> HomeNumbers:
    """Count the viewer's learners' enrolments, activity, completions and certificates."""
    month_start = today(now, zone_name).replace(day=1)
    month_instant = datetime.combine(month_start, time(), zone(zone_name))

    def enrolments(*conditions: Any) -> int:
        return _count(session, scope_learners(_enrolments().where(*conditions), viewer))

    certificates = scope_learners(
        select(func.count(Certificate.id))
        .select_from(Certificate)
        .join(User, User.id == Certificate.user_id)
        .where(Certificate.status == CertificateStatus.VALID),
        viewer,
    )
    failed = None
    if mail:
        failed = _count(
            session,
            select(func.count(OutgoingMail.id)).where(OutgoingMail.status == MailStatus.FAILED),
        )
    return HomeNumbers(
        enrolled=enrolments(),
        active=enrolments(Enrolment.last_active_at >= now - timedelta(days=ACTIVE_DAYS)),
        completed_this_month=enrolments(Enrolment.completed_at >= month_instant),
        month_start=month_start,
        certificates=_count(session, certificates),
        failed_mail=failed,
    )


def _enrolments() -> Select[Any]:
    """Count enrolments joined to their learners (so the viewer's scope applies)."""
    return (
        select(func.count(Enrolment.id))
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .where(User.deleted_at.is_(None))
    )


def _count(session: Session, query: Select[Any]) -> int:
    """The one number a count query returns."""
    return int(session.scalar(query) or 0)
