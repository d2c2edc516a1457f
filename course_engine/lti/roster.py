"""Names and Role Provisioning: the LMS context's learners become enrolled learners here.

An instructor's launch records the context (its memberships URL); a worker reads the roster
and, for each active learner with an email, finds or makes their account the way a launch
would (``launched_learner``'s rules: an account with a password is linked only by its owner),
places it in the platform's organization and cohort, and enrols it, so the organization's
reports list the whole LMS roster, started or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pylti1p3.roles import StudentRole, TeacherRole
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth import identities
from course_engine.content import Course
from course_engine.lti.provisioning import CLAIM, launched_learner
from course_engine.models import LtiContext, LtiPlatform
from course_engine.models.types import utcnow
from course_engine.progress.enrolment import enrol

NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
ROLES_CLAIM = CLAIM + "roles"
#: ``session.info`` key: contexts whose roster to read once the session commits.
PENDING_KEY = "course_engine.pending_lti_rosters"
#: An instructor's launch reads the roster again when the last read is older than this.
RESYNC_AFTER = timedelta(hours=1)


@dataclass
class RosterResult:
    """What one roster read did."""

    enrolled: int = 0
    skipped: int = 0


def record_context(
    session: Session, platform: LtiPlatform, launch: Mapping[str, Any], course_slug: str
) -> LtiContext | None:
    """Remember the launch's context and its roster URL; queue a read when due."""
    url = str((launch.get(NRPS_CLAIM) or {}).get("context_memberships_url") or "")
    context_claim = launch.get(CLAIM + "context") or {}
    context_id = str(context_claim.get("id") or "")
    if not url or not context_id:
        return None
    context = session.scalars(
        select(LtiContext).where(
            LtiContext.platform_id == platform.id, LtiContext.context_id == context_id[:255]
        )
    ).first()
    if context is None:
        context = LtiContext(platform_id=platform.id, context_id=context_id[:255], enrolled=0)
        session.add(context)
    context.title = str(context_claim.get("title") or "")[:300]
    context.memberships_url, context.course_slug = url[:1000], course_slug[:100]
    session.flush()
    if context.synced_at is None or context.synced_at < utcnow() - RESYNC_AFTER:
        session.info.setdefault(PENDING_KEY, []).append(context.id)
    return context


def pending_context_ids(session: Session) -> list[int]:
    """Take the contexts queued in this session's transaction."""
    ids: list[int] = session.info.pop(PENDING_KEY, [])
    return ids


def is_learner(member: Mapping[str, Any]) -> bool:
    """An active member who takes the course (not one who teaches it)."""
    as_launch = {ROLES_CLAIM: list(member.get("roles") or [])}
    active = str(member.get("status") or "Active") == "Active"
    return active and StudentRole(as_launch).check() and not TeacherRole(as_launch).check()


def provision(
    session: Session,
    platform: LtiPlatform,
    context: LtiContext,
    course: Course,
    members: Iterable[Mapping[str, Any]],
) -> RosterResult:
    """Enrol every learner of the roster (accounts found or made as a launch would)."""
    result = RosterResult()
    for member in members:
        if not is_learner(member) or not member.get("user_id"):
            continue
        claims = {
            "iss": platform.issuer,
            "sub": str(member["user_id"]),
            "email": str(member.get("email") or ""),
            "name": str(member.get("name") or ""),
        }
        try:
            with session.begin_nested():
                user = launched_learner(session, platform, claims)
                enrol(session, user, course)
        except (identities.LinkNeeded, identities.SignInRefused):
            result.skipped += 1  # no email, a closed account, or one whose owner must link it
            continue
        result.enrolled += 1
    context.synced_at, context.enrolled, context.sync_error = utcnow(), result.enrolled, None
    session.flush()
    return result


def record_sync_failure(session: Session, context: LtiContext, error: str) -> None:
    """The roster could not be read: keep the error for administrators."""
    context.sync_error = error[:2000]
    session.flush()
