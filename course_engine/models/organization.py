"""Organizations, cohorts, and the invite codes that place new learners in them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class Organization(Model):
    """A school, health center or district."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Display name.
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: school, health_center, district or other.
    kind: Mapped[str] = mapped_column(String(40))
    #: Two-letter state code.
    state: Mapped[str] = mapped_column(String(2), default="")
    #: When it was created.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Cohort(Model):
    """A group of learners who start together (e.g. a June learning collaborative)."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Display name.
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: The organization running the cohort, if any.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    #: When the cohort starts.
    starts_on: Mapped[date | None] = mapped_column(Date)
    #: When it was created.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization = relationship("Organization")


class InviteCode(Model):
    """A code (or link) that lets someone register and places them in a cohort."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The code learners type or follow.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    #: Organization new learners join.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    #: Cohort new learners join.
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"))
    #: After this the code no longer works (None: never expires).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How many registrations the code allows (None: unlimited).
    max_uses: Mapped[int | None] = mapped_column(Integer)
    #: How many registrations used it.
    uses: Mapped[int] = mapped_column(Integer, default=0)
    #: When it was created.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization = relationship("Organization")
    cohort = relationship("Cohort")
