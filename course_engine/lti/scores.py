"""Grades for the LMS: line items from launches, scores queued with the completion that earns them.

Like the mail outbox: a score is a row added in the transaction that completes the course (or
module), handed to a worker only after that transaction commits (``pending_score_ids``); a
worker claims it with one conditional UPDATE, retries with doubling delays, and after the last
try the row is FAILED, listed for administrators, never deleted. A score is only ever sent to a
line item of the learner's own launch, with the learner's own LMS user id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine import leases
from course_engine.content import Course
from course_engine.models import (
    Enrolment,
    LtiGradeLink,
    LtiPlatform,
    LtiScore,
    ScoreStatus,
    User,
)
from course_engine.models.types import utcnow
from course_engine.progress.state import CourseProgress, load_progress

AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
RESOURCE_LINK_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/resource_link"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
#: ``session.info`` key: ids of scores to enqueue once the session commits.
PENDING_KEY = "course_engine.pending_lti_scores"


def record_grade_link(
    session: Session,
    platform: LtiPlatform,
    user: User,
    launch: Mapping[str, Any],
    course_slug: str,
    module_id: str,
) -> LtiGradeLink | None:
    """Remember where this learner's result goes (None when the launch offers no scores)."""
    endpoint = launch.get(AGS_CLAIM) or {}
    resource_link = str((launch.get(RESOURCE_LINK_CLAIM) or {}).get("id") or "")
    scopes = [str(scope) for scope in endpoint.get("scope") or []]
    if not course_slug or not resource_link or SCORE_SCOPE not in scopes:
        return None
    lineitem, lineitems = endpoint.get("lineitem"), endpoint.get("lineitems")
    if not lineitem and not lineitems:
        return None
    link = session.scalars(
        select(LtiGradeLink).where(
            LtiGradeLink.platform_id == platform.id,
            LtiGradeLink.user_id == user.id,
            LtiGradeLink.resource_link_id == resource_link[:255],
        )
    ).first()
    if link is None:
        link = LtiGradeLink(platform_id=platform.id, user_id=user.id)
        link.resource_link_id = resource_link[:255]
        session.add(link)
    link.lti_user_id = str(launch["sub"])[:255]
    link.course_slug, link.module_id = course_slug[:100], module_id[:100]
    link.lineitem_url = str(lineitem)[:1000] if lineitem else None
    link.lineitems_url = str(lineitems)[:1000] if lineitems else None
    link.scopes = scopes
    session.flush()
    return link


def links_of(session: Session, user_id: int, course_slug: str) -> list[LtiGradeLink]:
    """The learner's line items for a course (its whole-course and module placements)."""
    return list(
        session.scalars(
            select(LtiGradeLink)
            .where(LtiGradeLink.user_id == user_id, LtiGradeLink.course_slug == course_slug)
            .order_by(LtiGradeLink.id)
        )
    )


def result_of(link: LtiGradeLink, course: Course, progress: CourseProgress) -> float | None:
    """The percent a link reports: the post-test for a course, the knowledge check for a module.

    None while the course (or module) is not complete: nothing is sent before.
    """
    if link.module_id:
        module = course.module(link.module_id)
        if module is None or link.module_id not in progress.completed_modules:
            return None
        best = progress.quiz(module.quiz).best_percent if module.quiz else None
        return 100.0 if best is None else float(best)
    if not progress.is_complete:
        return None
    best = progress.quiz(course.posttest).best_percent if course.posttest else None
    return 100.0 if best is None else float(best)


def queue_scores(
    session: Session, course: Course, progress: CourseProgress, *, module_id: str | None = None
) -> list[LtiScore]:
    """Queue the learner's result for their line items (of ``module_id`` only, when given;
    "" for the whole course) whose activity is complete."""
    queued = []
    for link in links_of(session, progress.enrolment.user_id, course.slug):
        if module_id is not None and link.module_id != module_id:
            continue
        percent = result_of(link, course, progress)
        if percent is not None:
            queued.append(queue_score(session, link, percent))
    return queued


def queue_score(session: Session, link: LtiGradeLink, percent: float) -> LtiScore:
    """Add a score to send after commit."""
    score = LtiScore(
        grade_link_id=link.id,
        score_given=round(percent, 2),
        score_maximum=100.0,
        activity_progress="Completed",
        grading_progress="FullyGraded",
        earned_at=utcnow(),
        status=ScoreStatus.QUEUED,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(score)
    session.flush()
    session.info.setdefault(PENDING_KEY, []).append(score.id)
    return score


def pending_score_ids(session: Session) -> list[int]:
    """Take the ids queued in this session's transaction (after commit: enqueue them)."""
    ids: list[int] = session.info.pop(PENDING_KEY, [])
    return ids


def claim(session: Session, score_id: int, now: datetime, lease: timedelta) -> LtiScore | None:
    """Take the score for one try; None when it is sent, failed or held by a worker."""
    return leases.claim(
        session,
        LtiScore,
        score_id,
        waiting=ScoreStatus.QUEUED,
        holding=ScoreStatus.SENDING,
        now=now,
        lease=lease,
        attempts=LtiScore.attempts + 1,
    )


def record_sent(session: Session, score: LtiScore, now: datetime) -> None:
    """The LMS accepted the score."""
    score.status, score.sent_at, score.claimed_until, score.last_error = (
        ScoreStatus.SENT,
        now,
        None,
        None,
    )
    session.flush()


def record_failure(
    session: Session, score: LtiScore, error: str, *, max_attempts: int, first_delay: int
) -> int | None:
    """Note a failed try; the seconds until the next one (doubling), or None when it failed."""
    score.last_error, score.claimed_until = error[:2000], None
    if score.attempts >= max_attempts:
        score.status = ScoreStatus.FAILED
        session.flush()
        return None
    delay: int = first_delay * 2 ** (score.attempts - 1)
    score.status, score.next_attempt_at = ScoreStatus.QUEUED, utcnow() + timedelta(seconds=delay)
    session.flush()
    return delay


def retry(session: Session, score: LtiScore) -> bool:
    """Send a failed score again, with a fresh set of tries, after commit; True if queued."""
    if score.status != ScoreStatus.FAILED:
        return False
    score.status, score.attempts, score.next_attempt_at = ScoreStatus.QUEUED, 0, utcnow()
    session.flush()
    session.info.setdefault(PENDING_KEY, []).append(score.id)
    return True


def overdue_score_ids(session: Session, now: datetime, grace: timedelta) -> list[int]:
    """Scores no worker has: queued and due for ``grace`` already, or held past their lease."""
    return leases.overdue_ids(
        session,
        LtiScore,
        waiting=ScoreStatus.QUEUED,
        holding=ScoreStatus.SENDING,
        due=LtiScore.next_attempt_at,
        before=now - grace,
        now=now,
    )


def failed_scores(session: Session, *, limit: int = 200) -> list[LtiScore]:
    """Scores that failed every try, newest first."""
    return list(
        session.scalars(
            select(LtiScore)
            .where(LtiScore.status == ScoreStatus.FAILED)
            .order_by(LtiScore.id.desc())
            .limit(limit)
        )
    )


def catch_up(session: Session, link: LtiGradeLink, course: Course, enrolment: Enrolment) -> None:
    """A link launched after its activity was complete, and never scored: queue the result."""
    if session.scalar(select(LtiScore.id).where(LtiScore.grade_link_id == link.id).limit(1)):
        return
    percent = result_of(link, course, load_progress(session, enrolment, course))
    if percent is not None:
        queue_score(session, link, percent)
