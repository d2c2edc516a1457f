"""A learner's private journal: their answers to the reflection prompts of module pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class JournalEntry(Model):
    """What one learner wrote for one ``::: reflect`` prompt (only they ever see it)."""

    __tablename__ = "journal_entries"
    __table_args__ = (UniqueConstraint("enrolment_id", "module_id", "page", "prompt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The enrolment (and so the learner and course) the entry belongs to.
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    #: Stable module id.
    module_id: Mapped[str] = mapped_column(String(100))
    #: Page number (1-based).
    page: Mapped[int] = mapped_column(Integer)
    #: Which reflection prompt of the page (1-based, in page order).
    prompt: Mapped[int] = mapped_column(Integer)
    #: The learner's text (plain text, escaped wherever it is shown).
    text: Mapped[str] = mapped_column(Text)
    #: Last time the learner saved it.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
