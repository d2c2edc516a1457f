"""Server-side sessions: each login is a row; the cookies carry only its secret.

Flask-Login keeps its signed session and remember-me cookies, but the identity they carry is
``user_id:session_version:secret``, and a session is only good while its row exists and is
younger than SESSION_ABSOLUTE_TIMEOUT. Logout deletes the row, "sign out everywhere" deletes
every row of the account, a password change deletes them all and opens a new one: a cookie
copied before any of these opens nothing afterwards.

Hand-written rather than Flask-Session: Flask-Session stores the session dict, but the
remember-me cookie (Flask-Login's own) must end with the login too, and the account page lists
devices, so each login needs a row of its own that both cookies point to.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from course_engine.models import User, UserSession
from course_engine.models.types import utcnow

#: Built once (this runs on every signed-in request): the session row and its user.
SESSION_AND_USER = (
    select(UserSession, User)
    .join(User, User.id == UserSession.user_id)
    .where(UserSession.token_hash == bindparam("token_hash"))
)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def open_session(session: Session, user: User, user_agent: str = "") -> str:
    """Record a new login of ``user``; its identity for the cookies (shown once)."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=_hash(secret),
            user_agent=user_agent[:200],
            created_at=now,
            last_seen_at=now,
        )
    )
    session.flush()
    return f"{user.id}:{user.session_version}:{secret}"


def _parts(identity: str) -> tuple[int, int, str] | None:
    user_id, version, secret = (identity.split(":", 2) + ["", ""])[:3]
    if not (user_id.isdigit() and version.isdigit() and secret) or len(user_id) > 10:
        return None
    return int(user_id), int(version), secret


def find_session(session: Session, identity: str, max_age: timedelta) -> UserSession | None:
    """The live session an identity names (None when ended, too old or malformed)."""
    parts = _parts(identity)
    if parts is None:
        return None
    row = session.scalar(select(UserSession).where(UserSession.token_hash == _hash(parts[2])))
    if row is None or row.user_id != parts[0] or row.created_at + max_age <= utcnow():
        return None
    return row


def user_of(session: Session, identity: str, max_age: timedelta) -> User | None:
    """The active user whose live session ``identity`` names, at the current session version."""
    found = session_and_user(session, identity, max_age)
    return found[1] if found else None


def session_and_user(
    session: Session, identity: str, max_age: timedelta
) -> tuple[UserSession, User] | None:
    """The live session ``identity`` names and its active user (None: refused)."""
    parts = _parts(identity)
    if parts is None:
        return None
    # One query for the session row and its user: this runs on every signed-in request.
    found = session.execute(SESSION_AND_USER, {"token_hash": _hash(parts[2])}).first()
    if found is None:
        return None
    row, user = found
    if row.user_id != parts[0] or row.created_at + max_age <= utcnow():
        return None
    if not user.is_active or user.session_version != parts[1]:
        return None
    return row, user


def close_session(session: Session, identity: str) -> None:
    """End the session ``identity`` names (logout)."""
    parts = _parts(identity)
    if parts is not None:
        session.execute(delete(UserSession).where(UserSession.token_hash == _hash(parts[2])))


def close_all(session: Session, user: User, *, keep: str | None = None) -> int:
    """End every session of ``user`` (but ``keep``'s); how many were ended."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    kept = _parts(keep) if keep else None
    if kept is not None:
        query = query.where(UserSession.token_hash != _hash(kept[2]))
    return session.execute(query).rowcount  # type: ignore[attr-defined, no-any-return]


def devices_of(session: Session, user: User) -> list[UserSession]:
    """The account's signed-in devices, most recently active first."""
    return list(
        session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id)
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def is_current(row: UserSession, identity: str) -> bool:
    """True when ``row`` is the session ``identity`` names."""
    parts = _parts(identity)
    return parts is not None and row.token_hash == _hash(parts[2])


#: How often a session's last activity is written (unsafe requests only).
TOUCH_EVERY = timedelta(minutes=5)


def needs_touch(last_seen_at: datetime, every: timedelta = TOUCH_EVERY) -> bool:
    """True when a session last noted at ``last_seen_at`` is due for a new note."""
    return last_seen_at + every <= utcnow()


def touch(session: Session, identity: str, every: timedelta = TOUCH_EVERY) -> None:
    """Note activity on the session (at most once per ``every``; unsafe requests only)."""
    row = find_session(session, identity, timedelta(days=36500))
    if row is not None and row.last_seen_at + every <= utcnow():
        row.last_seen_at = utcnow()
        session.flush()
