"""The audit log: who did what administrative action, to what, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class AuditEntry(Model):
    """One administrative action (role change, deactivation, revoke, export, deletion, ...)."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who acted (None: a command-line operator or the system).
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: The actor's email at the time (kept when the account is deleted).
    actor_label: Mapped[str] = mapped_column(String(254), default="system")
    #: What was done, e.g. "user.role_changed", "certificate.revoked", "report.exported".
    action: Mapped[str] = mapped_column(String(60), index=True)
    #: Kind of object acted on, e.g. "user", "certificate", "report".
    target_type: Mapped[str] = mapped_column(String(40), default="")
    #: Id of that object, if it has one.
    target_id: Mapped[int | None] = mapped_column(Integer)
    #: Anything else worth keeping (old and new values, filters, reason).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: When it happened.
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor = relationship("User")
