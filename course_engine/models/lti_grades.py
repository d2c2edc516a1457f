"""LTI Advantage state: a learner's gradebook line item, the scores sent to it, LMS contexts."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class LtiGradeLink(Model):
    """Where one learner's result goes in one LMS: the line item of the link they launched."""

    __tablename__ = "lti_grade_links"
    __table_args__ = (UniqueConstraint("platform_id", "user_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        ForeignKey("lti_platforms.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The learner's id in the LMS (the launch's ``sub``): the score's ``userId``.
    lti_user_id: Mapped[str] = mapped_column(String(255))
    #: The LMS's resource link the learner launched.
    resource_link_id: Mapped[str] = mapped_column(String(255))
    #: What the link opens: a course, and a module of it ("" for the whole course).
    course_slug: Mapped[str] = mapped_column(String(100))
    module_id: Mapped[str] = mapped_column(String(100), default="")
    #: The AGS endpoint claim's line item (scores go to ``<lineitem>/scores``) ...
    lineitem_url: Mapped[str | None] = mapped_column(String(1000))
    #: ... or the line items container, where the tool finds or creates its own.
    lineitems_url: Mapped[str | None] = mapped_column(String(1000))
    #: The AGS scopes the LMS granted.
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    platform = relationship("LtiPlatform")
    user = relationship("User")


class ScoreStatus(enum.StrEnum):
    """Where a score is on its way to the LMS."""

    QUEUED = "queued"  #: waiting for a worker (first try or a retry)
    SENDING = "sending"  #: a worker holds it until ``claimed_until``
    SENT = "sent"  #: the LMS accepted it
    FAILED = "failed"  #: every try failed; an administrator may retry it


class LtiScore(Model):
    """One score to send: recorded with the completion that earned it, sent by a worker."""

    __tablename__ = "lti_scores"
    __table_args__ = (Index("ix_lti_scores_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grade_link_id: Mapped[int] = mapped_column(
        ForeignKey("lti_grade_links.id", ondelete="CASCADE"), index=True
    )
    #: Points earned out of ``score_maximum`` (the post-test or knowledge check percent).
    score_given: Mapped[float] = mapped_column(Float)
    score_maximum: Mapped[float] = mapped_column(Float)
    #: AGS ``activityProgress`` and ``gradingProgress`` (Completed, FullyGraded).
    activity_progress: Mapped[str] = mapped_column(String(20))
    grading_progress: Mapped[str] = mapped_column(String(20))
    #: When it was earned (the score's ``timestamp``: the LMS keeps the newest).
    earned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[ScoreStatus] = mapped_column(
        Enum(ScoreStatus, native_enum=False, length=20), default=ScoreStatus.QUEUED
    )
    #: Tries so far (a try that was interrupted counts).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: The last error from the LMS.
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    grade_link = relationship("LtiGradeLink")


class LtiContext(Model):
    """An LMS course (context) that placed the course: its roster is read from here (NRPS)."""

    __tablename__ = "lti_contexts"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        ForeignKey("lti_platforms.id", ondelete="CASCADE"), index=True
    )
    #: The LMS's context id and title ("Grade 7 staff PD").
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(300), default="")
    #: The Names and Role Provisioning Service URL of the context.
    memberships_url: Mapped[str] = mapped_column(String(1000))
    #: The course its learners are enrolled in.
    course_slug: Mapped[str] = mapped_column(String(100))
    #: The last roster read: when, how many learners it enrolled, and its error if it failed.
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enrolled: Mapped[int] = mapped_column(Integer, default=0)
    sync_error: Mapped[str | None] = mapped_column(Text)

    platform = relationship("LtiPlatform")
