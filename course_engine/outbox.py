"""The mail outbox: queue an email with the change that causes it; a worker sends it by id.

A request adds an ``OutgoingMail`` row in its own transaction; the worker task is enqueued
only after that transaction commits (``pending_mail_ids``), so a rolled-back change sends
nothing, and a queue that is down loses nothing (``overdue_mail_ids`` finds it again). A
worker claims a row with one conditional UPDATE, so two workers never send the same row.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine import leases, mail
from course_engine.models import MailStatus, OutgoingMail, User
from course_engine.models.types import utcnow

#: ``session.info`` key: ids of mail rows to enqueue once the session commits.
PENDING_KEY = "course_engine.pending_mail"


def queue_mail(
    session: Session,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    kind: str,
    user: User | None = None,
    dedupe_key: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> OutgoingMail | None:
    """Add an email to send after commit; None when ``dedupe_key`` was already queued."""
    if dedupe_key is not None and session.scalar(
        select(OutgoingMail.id).where(OutgoingMail.dedupe_key == dedupe_key)
    ):
        return None
    row = OutgoingMail(
        recipient=to,
        user_id=user.id if user else None,
        kind=kind,
        dedupe_key=dedupe_key,
        subject=subject,
        text_body=text,
        html_body=html,
        headers=dict(headers or {}),
        status=MailStatus.QUEUED,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another transaction queued the same reason first
        return None
    session.info.setdefault(PENDING_KEY, []).append(row.id)
    return row


def pending_mail_ids(session: Session) -> list[int]:
    """Take the ids queued in this session's transaction (after commit: enqueue them)."""
    ids: list[int] = session.info.pop(PENDING_KEY, [])
    return ids


def claim(session: Session, mail_id: int, now: datetime, lease: timedelta) -> OutgoingMail | None:
    """Take the row for one send attempt; None when it is sent, failed or held by a worker."""
    return leases.claim(
        session,
        OutgoingMail,
        mail_id,
        waiting=MailStatus.QUEUED,
        holding=MailStatus.SENDING,
        now=now,
        lease=lease,
        attempts=OutgoingMail.attempts + 1,
    )


def as_message(row: OutgoingMail, sender: str) -> EmailMessage:
    """The email the row describes, with a Message-ID fixed by its id."""
    return mail.build_message(
        row.recipient,
        row.subject,
        row.text_body,
        sender=sender,
        html=row.html_body,
        headers=row.headers,
        message_id=f"outbox-{row.id}",
    )


def record_sent(session: Session, row: OutgoingMail, now: datetime) -> None:
    """The mail server accepted the message."""
    row.status, row.sent_at, row.claimed_until, row.last_error = MailStatus.SENT, now, None, None
    session.flush()


def record_failure(
    session: Session,
    row: OutgoingMail,
    error: str,
    *,
    max_attempts: int,
    first_delay: int,
    now: datetime,
) -> int | None:
    """Note a failed try; the seconds until the next one (doubling), or None when it failed."""
    row.last_error, row.claimed_until = error[:2000], None
    if row.attempts >= max_attempts:
        row.status = MailStatus.FAILED
        session.flush()
        return None
    delay: int = first_delay * 2 ** (row.attempts - 1)
    row.status, row.next_attempt_at = MailStatus.QUEUED, now + timedelta(seconds=delay)
    session.flush()
    return delay


def drop(session: Session, row: OutgoingMail, reason: str) -> None:
    """Give up on a row without sending (e.g. its account was deleted meanwhile)."""
    row.status, row.last_error, row.claimed_until = MailStatus.FAILED, reason, None
    session.flush()


def retry(session: Session, row: OutgoingMail) -> None:
    """Send a failed email again, with a fresh set of tries, after commit."""
    if row.status != MailStatus.FAILED:
        return
    row.status, row.attempts, row.next_attempt_at = MailStatus.QUEUED, 0, utcnow()
    session.flush()
    session.info.setdefault(PENDING_KEY, []).append(row.id)


def overdue_mail_ids(session: Session, now: datetime, grace: timedelta) -> list[int]:
    """Rows no worker has: queued and due for ``grace`` already, or held past their lease."""
    return leases.overdue_ids(
        session,
        OutgoingMail,
        waiting=MailStatus.QUEUED,
        holding=MailStatus.SENDING,
        due=OutgoingMail.next_attempt_at,
        before=now - grace,
        now=now,
    )


def failed_mail(session: Session, *, limit: int = 200) -> list[OutgoingMail]:
    """Mail that failed every try, newest first."""
    return list(
        session.scalars(
            select(OutgoingMail)
            .where(OutgoingMail.status == MailStatus.FAILED)
            .order_by(OutgoingMail.id.desc())
            .limit(limit)
        )
    )


def failed_count(session: Session) -> int:
    """How many emails failed every try."""
    return (
        session.scalar(
            select(func.count())
            .select_from(OutgoingMail)
            .where(OutgoingMail.status == MailStatus.FAILED)
        )
        or 0
    )
