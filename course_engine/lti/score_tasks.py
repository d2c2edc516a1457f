"""Worker tasks that send scores to LMS gradebooks, and the hook that enqueues them after commit."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, current_app
from huey import crontab
from huey.exceptions import RetryTask
from sqlalchemy import event
from sqlalchemy.orm import Session

from course_engine.extensions import db, queue
from course_engine.lti import keys, scores, services
from course_engine.lti.tool_config import DatabaseToolConf
from course_engine.models.types import utcnow

log = logging.getLogger(__name__)

#: A queued score not taken this long after it was due is enqueued again.
REQUEUE_GRACE = timedelta(minutes=2)


def init_app(app: Flask) -> None:
    """Enqueue queued scores after each commit (registered once for every session)."""
    if not event.contains(Session, "after_commit", _enqueue_after_commit):
        event.listen(Session, "after_commit", _enqueue_after_commit)
        event.listen(Session, "after_rollback", _forget_after_rollback)


def _enqueue_after_commit(session: Session) -> None:
    for score_id in scores.pending_score_ids(session):
        enqueue_score(score_id)


def _forget_after_rollback(session: Session) -> None:
    if not session.in_transaction():  # the outermost transaction rolled back
        scores.pending_score_ids(session)


def enqueue_score(score_id: int) -> None:
    """Enqueue one score; a queue that is down only delays it (the sweep finds it)."""
    try:
        send_score(score_id)
    except Exception:  # the page that completed the course must still answer
        log.exception("Could not enqueue LTI score %s; the periodic sweep will retry", score_id)


@queue.task()
def send_score(score_id: int) -> None:
    """Send one score by id: at most one worker holds it; a failed try is retried later."""
    config = current_app.config
    lease = timedelta(seconds=config["LTI_SCORE_LEASE_SECONDS"])
    score = scores.claim(db.session, score_id, utcnow(), lease)
    if score is None:
        db.session.commit()
        return
    link = score.grade_link
    registration = DatabaseToolConf(db.session, keys.app_keys(current_app)).registration(
        link.platform
    )
    db.session.commit()  # no transaction is held while the LMS answers
    try:
        services.send_score(registration, link, score)
    except services.ServiceFailed as error:
        delay = scores.record_failure(
            db.session,
            score,
            str(error),
            max_attempts=config["LTI_SCORE_MAX_ATTEMPTS"],
            first_delay=config["LTI_SCORE_RETRY_DELAY"],
        )
        db.session.commit()
        if delay is None:
            log.error("LTI score %s failed for good: %s", score.id, error)
            return
        log.warning(
            "LTI score %s failed (try %s), retry in %ss: %s", score.id, score.attempts, delay, error
        )
        raise RetryTask(delay=delay) from error
    scores.record_sent(db.session, score, utcnow())
    db.session.commit()


@queue.periodic_task(crontab(minute="*"))
def requeue_overdue_scores() -> None:
    """Every minute: enqueue scores no worker has (lost enqueue, worker killed mid-send)."""
    requeue_overdue()


def requeue_overdue() -> int:
    """Enqueue every overdue score again; how many."""
    ids = scores.overdue_score_ids(db.session, utcnow(), REQUEUE_GRACE)
    db.session.rollback()
    for score_id in ids:
        enqueue_score(score_id)
    return len(ids)
