"""Worker tasks that send the mail outbox, and the hook that enqueues them after commit."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, current_app
from huey import crontab
from huey.exceptions import RetryTask
from sqlalchemy import event
from sqlalchemy.orm import Session

from course_engine import mail, outbox
from course_engine.extensions import db, queue
from course_engine.models import OutgoingMail, User
from course_engine.models.types import utcnow

log = logging.getLogger(__name__)

#: A queued mail not taken this long after it was due is enqueued again.
REQUEUE_GRACE = timedelta(minutes=2)


def init_app(app: Flask) -> None:
    """Enqueue queued mail after each commit (registered once for every session)."""
    if not event.contains(Session, "after_commit", _enqueue_after_commit):
        event.listen(Session, "after_commit", _enqueue_after_commit)
        event.listen(Session, "after_rollback", _forget_after_rollback)


def _enqueue_after_commit(session: Session) -> None:
    """The transaction that queued these rows is committed: hand them to the workers."""
    for mail_id in outbox.pending_mail_ids(session):
        enqueue_delivery(mail_id)


def _forget_after_rollback(session: Session) -> None:
    if not session.in_transaction():  # the outermost transaction rolled back
        outbox.pending_mail_ids(session)


def enqueue_delivery(mail_id: int) -> None:
    """Enqueue the send of one row; a queue that is down only delays it (the sweep finds it)."""
    try:
        deliver_mail(mail_id)
    except Exception:  # the page that queued it must still answer
        log.exception("Could not enqueue mail %s; the periodic sweep will retry", mail_id)


@queue.task()
def deliver_mail(mail_id: int) -> None:
    """Send one outbox row by id: at most one worker holds it, a sent row is never resent."""
    config = current_app.config
    now = utcnow()
    row = outbox.claim(db.session, mail_id, now, timedelta(seconds=config["MAIL_LEASE_SECONDS"]))
    if row is None:
        db.session.commit()
        return
    if _account_gone(row):
        log.info("Mail %s (%s) dropped: its account is deleted or deactivated", row.id, row.kind)
        outbox.drop(db.session, row, "The account was deleted or deactivated.")
        db.session.commit()
        return
    message = outbox.as_message(row, config["MAIL_SENDER"])
    db.session.commit()  # no transaction (nor SQLite's write lock) is held while SMTP talks
    try:
        mail.send_message(message, mail.MailSettings.from_config(config))
    except mail.MailError as error:
        delay = outbox.record_failure(
            db.session,
            row,
            str(error),
            max_attempts=config["MAIL_MAX_ATTEMPTS"],
            first_delay=config["MAIL_RETRY_DELAY"],
            now=utcnow(),
        )
        db.session.commit()
        if delay is None:
            log.error("Mail %s to %s failed for good: %s", row.id, row.recipient, error)
            return
        log.warning("Mail %s failed (try %s), retry in %ss: %s", row.id, row.attempts, delay, error)
        raise RetryTask(delay=delay) from error
    outbox.record_sent(db.session, row, utcnow())
    db.session.commit()


def _account_gone(row: OutgoingMail) -> bool:
    """Mail is not sent to an account deleted or deactivated after it was queued."""
    if row.user_id is None:
        return False
    user = db.session.get(User, row.user_id)
    return user is None or user.deleted_at is not None or not user.is_active


@queue.periodic_task(crontab(minute="*"))
def requeue_overdue_mail() -> None:
    """Every minute: enqueue mail no worker has (lost enqueue, worker killed mid-send)."""
    requeue_overdue()


def requeue_overdue() -> int:
    """Enqueue every overdue row again; how many."""
    ids = outbox.overdue_mail_ids(db.session, utcnow(), REQUEUE_GRACE)
    db.session.rollback()
    for mail_id in ids:
        enqueue_delivery(mail_id)
    return len(ids)
