"""The mail outbox: every email is a row, committed with the change that caused it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class MailStatus(enum.StrEnum):
    """Where an email is on its way out."""

    QUEUED = "queued"  #: waiting for a worker (first try or a retry)
    SENDING = "sending"  #: a worker holds it until ``claimed_until``
    SENT = "sent"  #: the mail server accepted it
    FAILED = "failed"  #: every try failed; an administrator may retry it


class OutgoingMail(Model):
    """One email to send: rendered when queued, sent by a worker by its id."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (
        Index("ix_outgoing_mail_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Address the mail goes to.
    recipient: Mapped[str] = mapped_column(String(254))
    #: The account it is for (None once the account is deleted, or for no account).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: What it is: password_reset, certificate_ready, reminder_inactive, ...
    kind: Mapped[str] = mapped_column(String(40), index=True)
    #: Unique reason, e.g. "reminder_inactive:42:1": the same reason never sends twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    #: Extra headers, e.g. List-Unsubscribe.
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[MailStatus] = mapped_column(
        Enum(MailStatus, native_enum=False, length=20), default=MailStatus.QUEUED
    )
    #: Tries so far (a try that was interrupted counts).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: The last error from the mail server.
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the next try is due (queued mail older than this and not taken gets re-queued).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: A sending worker's hold ends at this time.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EmailPreference(Model):
    """What a user wants by email beyond what they ask for (no row: the defaults)."""

    __tablename__ = "email_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    #: Reminders to go on with a course, and notices before a certificate expires.
    reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
