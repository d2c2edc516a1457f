"""Who is due a reminder: learners who stopped, certificates about to expire; preferences.

Plain functions over a session (no Flask). The reasons are keyed (``inactive_key``,
``expiry_key``) and the outbox refuses a key it has seen, so a reason never mails twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.models import (
    Certificate,
    CertificateStatus,
    EmailPreference,
    Enrolment,
    OutgoingMail,
    User,
)

#: Outbox kinds of the reminder emails.
INACTIVE_KIND = "reminder_inactive"
EXPIRY_KIND = "certificate_expiring"


@dataclass(frozen=True)
class DueReminder:
    """An enrolment whose learner stopped, and which reminder this would be (1, 2, ...)."""

    enrolment: Enrolment
    user: User
    number: int


def inactive_key(enrolment: Enrolment, number: int) -> str:
    """The outbox key of reminder ``number`` for ``enrolment``."""
    return f"{INACTIVE_KIND}:{enrolment.id}:{number}"


def expiry_key(certificate: Certificate) -> str:
    """The outbox key of the expiry notice of ``certificate``."""
    return f"{EXPIRY_KIND}:{certificate.id}"


def _reachable_users() -> tuple[Any, ...]:
    """Users who may get reminders: active, not deleted, not opted out."""
    opted_out = select(EmailPreference.user_id).where(EmailPreference.reminders.is_(False))
    return (User.is_active.is_(True), User.deleted_at.is_(None), User.id.not_in(opted_out))


def due_inactive(
    session: Session, now: datetime, *, days: int, max_count: int, limit: int = 500
) -> list[DueReminder]:
    """Unfinished enrolments idle for ``days`` whose last reminder (if any) is as old."""
    cutoff = now - timedelta(days=days)
    rows = session.execute(
        select(Enrolment, User)
        .join(User, User.id == Enrolment.user_id)
        .where(
            Enrolment.completed_at.is_(None),
            func.coalesce(Enrolment.last_active_at, Enrolment.enrolled_at) < cutoff,
            *_reachable_users(),
        )
        .order_by(Enrolment.id)
        .limit(limit)
    ).all()
    sent = _reminders_sent(session, [user.id for _, user in rows])
    due = []
    for enrolment, user in rows:
        earlier = sent.get(enrolment.id, [])
        if len(earlier) >= max_count or (earlier and max(earlier) >= cutoff):
            continue
        due.append(DueReminder(enrolment, user, len(earlier) + 1))
    return due


def _reminders_sent(session: Session, user_ids: list[int]) -> dict[int, list[datetime]]:
    """When each enrolment of these users was reminded, by enrolment id."""
    found: dict[int, list[datetime]] = {}
    if not user_ids:
        return found
    for key, created in session.execute(
        select(OutgoingMail.dedupe_key, OutgoingMail.created_at).where(
            OutgoingMail.kind == INACTIVE_KIND, OutgoingMail.user_id.in_(user_ids)
        )
    ):
        enrolment_id = int(str(key).split(":")[1])
        found.setdefault(enrolment_id, []).append(created)
    return found


def due_expiry_notices(
    session: Session, today: date, *, within_days: int, limit: int = 500
) -> list[tuple[Certificate, User]]:
    """Valid certificates expiring within ``within_days`` whose holders may get mail."""
    notified = select(OutgoingMail.dedupe_key).where(OutgoingMail.kind == EXPIRY_KIND)
    rows = session.execute(
        select(Certificate, User)
        .join(User, User.id == Certificate.user_id)
        .where(
            Certificate.status == CertificateStatus.VALID,
            Certificate.expires_on > today,
            Certificate.expires_on <= today + timedelta(days=within_days),
            *_reachable_users(),
        )
        .order_by(Certificate.id)
        .limit(limit)
    ).all()
    keys = set(session.scalars(notified))
    return [(cert, user) for cert, user in rows if expiry_key(cert) not in keys]


def wants_reminders(session: Session, user: User) -> bool:
    """Whether ``user`` gets reminders (yes unless they turned them off)."""
    preference = session.get(EmailPreference, user.id)
    return preference is None or preference.reminders


def set_reminders(session: Session, user: User, wanted: bool) -> None:
    """Turn reminders on or off for ``user``."""
    preference = session.get(EmailPreference, user.id)
    if preference is None:
        session.add(EmailPreference(user_id=user.id, reminders=wanted))
    else:
        preference.reminders = wanted
    session.flush()
