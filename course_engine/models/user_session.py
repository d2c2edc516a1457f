"""Signed-in devices: one row per login, so a session can be ended on the server."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class UserSession(Model):
    """A login on one browser; deleting the row ends it (its cookies then open nothing)."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The account signed in.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the secret the cookies carry (the secret itself is never stored).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The browser, as its User-Agent header named itself (shortened).
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    #: When the login happened.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The last request that changed something (safe requests write nothing).
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
