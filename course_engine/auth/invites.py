"""Invite codes: check one a learner typed, and claim one use of it at registration."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from course_engine.models import InviteCode
from course_engine.models.types import utcnow

NOT_FOUND = "We do not recognise this invite code. Check it against your invitation."
EXPIRED = "This invite code has expired. Ask the person who invited you for a new one."
USED_UP = "This invite code has been used as many times as it allows. Ask for a new one."


class InviteError(Exception):
    """The code cannot be used; ``str(error)`` says why, in words for the learner."""


def find_invite(session: Session, code: str) -> InviteCode | None:
    """The invite with this code (surrounding spaces ignored), or None."""
    return session.scalars(select(InviteCode).where(InviteCode.code == code.strip())).first()


def usable_invite(session: Session, code: str) -> InviteCode:
    """The invite if it can still be used, else raise InviteError."""
    invite = find_invite(session, code)
    if invite is None:
        raise InviteError(NOT_FOUND)
    if invite.expires_at is not None and invite.expires_at <= utcnow():
        raise InviteError(EXPIRED)
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        raise InviteError(USED_UP)
    return invite


def claim_invite(session: Session, invite: InviteCode) -> None:
    """Count one use of the invite; raise InviteError when it was used up meanwhile."""
    # One conditional UPDATE, so two registrations cannot both take the last use.
    now = utcnow()
    result = session.execute(
        update(InviteCode)
        .where(
            InviteCode.id == invite.id,
            or_(InviteCode.max_uses.is_(None), InviteCode.uses < InviteCode.max_uses),
            or_(InviteCode.expires_at.is_(None), InviteCode.expires_at > now),
        )
        .values(uses=InviteCode.uses + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise InviteError(USED_UP)
    session.refresh(invite)
