"""Worker task that reads an LMS context's roster (NRPS) and enrols its learners."""

from __future__ import annotations

import logging

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from course_engine.extensions import db, queue
from course_engine.lti import keys, roster, services
from course_engine.lti.tool_config import DatabaseToolConf
from course_engine.models import LtiContext

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Enqueue roster reads after the commit that recorded their context."""
    if not event.contains(Session, "after_commit", _enqueue_after_commit):
        event.listen(Session, "after_commit", _enqueue_after_commit)
        event.listen(Session, "after_rollback", _forget_after_rollback)


def _enqueue_after_commit(session: Session) -> None:
    for context_id in roster.pending_context_ids(session):
        try:
            sync_roster(context_id)
        except Exception:  # the instructor's launch must still answer
            log.exception("Could not enqueue the roster read of LTI context %s", context_id)


def _forget_after_rollback(session: Session) -> None:
    if not session.in_transaction():
        roster.pending_context_ids(session)


@queue.task()
def sync_roster(context_id: int) -> None:
    """Read one context's roster and enrol its learners (an error is kept on the context)."""
    context = db.session.get(LtiContext, context_id)
    course = (
        current_app.extensions["content"].catalog.course(context.course_slug or "")
        if (context)
        else None
    )
    if context is None or course is None:
        db.session.commit()
        return
    registration = DatabaseToolConf(db.session, keys.app_keys(current_app)).registration(
        context.platform
    )
    url = context.memberships_url
    db.session.commit()  # no transaction is held while the LMS answers
    try:
        members = services.roster(registration, url)
    except services.ServiceFailed as error:
        log.warning("LTI roster of context %s could not be read: %s", context_id, error)
        roster.record_sync_failure(db.session, context, str(error))
        db.session.commit()
        return
    result = roster.provision(db.session, context.platform, context, course, members)
    db.session.commit()
    log.info(
        "LTI roster of context %s: %s learner(s) enrolled, %s skipped",
        context_id,
        result.enrolled,
        result.skipped,
    )
