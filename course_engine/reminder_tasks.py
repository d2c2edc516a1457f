"""Periodic tasks: remind learners who stopped, warn before certificates expire."""

from __future__ import annotations

import logging

from flask import current_app
from huey import crontab

from course_engine import live_content, notifications, reminders
from course_engine.content import Course
from course_engine.extensions import db, queue
from course_engine.models.types import utcnow

log = logging.getLogger(__name__)


@queue.periodic_task(crontab(minute="7"))
def send_reminders() -> None:
    """Every hour: queue the reminders and expiry notices that are due."""
    inactive, expiring = queue_due_reminders()
    log.info("Reminders queued: %s inactive, %s expiring", inactive, expiring)


def queue_due_reminders() -> tuple[int, int]:
    """Queue every due reminder in one transaction; how many of each kind."""
    config = current_app.config
    now = utcnow()
    days = config["REMINDER_INACTIVE_DAYS"]
    inactive = 0
    for due in reminders.due_inactive(
        db.session, now, days=days, max_count=config["REMINDER_MAX_COUNT"]
    ):
        course = _course(due.enrolment.course_slug)
        if course is None:  # a course withdrawn since: nothing to go on with
            continue
        if notifications.inactivity_reminder(db.session, due, course, days):
            inactive += 1
    expiring = 0
    today = now.date()
    for certificate, user in reminders.due_expiry_notices(
        db.session, today, within_days=config["CERTIFICATE_EXPIRY_NOTICE_DAYS"]
    ):
        if notifications.expiry_notice(
            db.session, certificate, user, _course(certificate.course_slug)
        ):
            expiring += 1
    db.session.commit()
    return inactive, expiring


def _course(slug: str) -> Course | None:
    """The loaded course ``slug`` (None when content is not loaded or the course is gone)."""
    loaded = live_content.current_catalog()
    return loaded.course(slug) if loaded is not None else None
