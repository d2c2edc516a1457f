"""A learner's enrolment in a course and the progress recorded under it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class Enrolment(Model):
    """One learner taking one course (at most one per learner and course)."""

    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("user_id", "course_slug"),
        # The completion report always filters on the course, then on a date or the status.
        Index("ix_enrolments_course_enrolled_at", "course_slug", "enrolled_at"),
        Index("ix_enrolments_course_completed_at", "course_slug", "completed_at"),
        Index("ix_enrolments_course_last_active_at", "course_slug", "last_active_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The learner.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: Stable id of the course (its folder name).
    course_slug: Mapped[str] = mapped_column(String(100), index=True)
    #: When the learner enrolled.
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: When the learner chose to skip the pre-test (only where the course allows it).
    pretest_skipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Module of the page the learner reached last (for Continue).
    last_module_id: Mapped[str | None] = mapped_column(String(100))
    #: Page number reached last in that module.
    last_page: Mapped[int | None] = mapped_column(Integer)
    #: Last time the learner recorded progress.
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: When every completion rule was met (None while in progress).
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: Content version (``course.yaml`` version + content hash) the learner enrolled under.
    content_version: Mapped[str | None] = mapped_column(String(80))
    #: Content version the course was completed under (None while in progress).
    completed_version: Mapped[str | None] = mapped_column(String(80))
    #: Stable id of the page reached last (for Continue; ``last_page`` is its number then).
    last_page_id: Mapped[str | None] = mapped_column(String(100))

    user = relationship("User")


class PageVisit(Model):
    """A page of a module the learner has reached (recorded once)."""

    __tablename__ = "page_visits"
    __table_args__ = (UniqueConstraint("enrolment_id", "module_id", "page_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The enrolment the visit belongs to.
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    #: Stable module id.
    module_id: Mapped[str] = mapped_column(String(100))
    #: Page number (1-based) when the visit was recorded (read through ``page_id`` since).
    page: Mapped[int] = mapped_column(Integer)
    #: Stable page id (None: recorded before page ids; read by ``page`` then).
    page_id: Mapped[str | None] = mapped_column(String(100))
    #: Content version the page was read under.
    content_version: Mapped[str | None] = mapped_column(String(80))
    #: First time the page was reached.
    reached_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ModuleCompletion(Model):
    """A module the learner completed (recorded once, the moment its rules were met)."""

    __tablename__ = "module_completions"
    __table_args__ = (UniqueConstraint("enrolment_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The enrolment the completion belongs to.
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    #: Stable module id.
    module_id: Mapped[str] = mapped_column(String(100), index=True)
    #: When the module was completed.
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Content version the module was completed under.
    content_version: Mapped[str | None] = mapped_column(String(80))
    #: The module's own ``version`` (front matter) when it was completed.
    module_version: Mapped[str | None] = mapped_column(String(40))
