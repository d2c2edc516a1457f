"""Quiz attempts (graded, owned by an enrolment) and anonymous survey responses."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class AttemptStatus(enum.StrEnum):
    """An attempt is open until it is submitted, once."""

    OPEN = "open"
    SUBMITTED = "submitted"


class QuizAttempt(Model):
    """One try at a quiz: the questions drawn for it, the answers and the grade."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("enrolment_id", "quiz_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The enrolment (and so the learner) that owns the attempt.
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    #: Stable quiz id within the course.
    quiz_id: Mapped[str] = mapped_column(String(100), index=True)
    #: 1 for the first attempt at this quiz, 2 for the second, ...
    number: Mapped[int] = mapped_column(Integer)
    #: open or submitted.
    status: Mapped[AttemptStatus] = mapped_column(
        Enum(AttemptStatus, native_enum=False, length=20), default=AttemptStatus.OPEN
    )
    #: Questions drawn and their order, with choice order: [{"question": id, "order": [keys]}].
    layout: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    #: Answers typed so far, as form values by field name, saved at the review step (cleared
    #: when the attempt is graded); lets a learner resume after a lost connection or session.
    draft: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    #: One-time token of the current review page: grading needs it, so a forged or repeated
    #: submit that skipped the review step is refused.
    review_token: Mapped[str | None] = mapped_column(String(64))
    #: Answers as submitted, by question id (None for surveys: stored apart, anonymously).
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Per-question result: {question id: {"points": x, "max": y, "correct": bool}}.
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Points earned.
    score: Mapped[float | None] = mapped_column(Float)
    #: Points possible.
    max_score: Mapped[float | None] = mapped_column(Float)
    #: Score in percent (0-100).
    percent: Mapped[float | None] = mapped_column(Float)
    #: Whether the pass score was reached (None for ungraded quizzes).
    passed: Mapped[bool | None] = mapped_column(Boolean)
    #: Hash of the quiz file the attempt was drawn from (its questions are kept per hash in
    #: ``quiz_versions``, so the result shows the quiz as it was).
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    #: Content version (``course.yaml`` version + content hash) the attempt was made under.
    content_version: Mapped[str | None] = mapped_column(String(80))
    #: The percent the attempt needed to pass when it was graded (None: ungraded, or graded
    #: before this was kept); ``passed`` was decided against it and stays decided.
    pass_score: Mapped[float | None] = mapped_column(Float)
    #: When the attempt was started.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When it was submitted.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class QuizVersion(Model):
    """A quiz file's text as it was under one content hash, kept for the attempts made on it."""

    __tablename__ = "quiz_versions"
    __table_args__ = (UniqueConstraint("course_slug", "quiz_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable course id.
    course_slug: Mapped[str] = mapped_column(String(100))
    #: Stable quiz id.
    quiz_id: Mapped[str] = mapped_column(String(100))
    #: Hash of the quiz file (``QuizAttempt.content_hash``).
    content_hash: Mapped[str] = mapped_column(String(64))
    #: The file it was read from, relative to the content root.
    source: Mapped[str] = mapped_column(String(300))
    #: The file's text.
    text: Mapped[str] = mapped_column(Text)
    #: When it was first kept.
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SurveyResponse(Model):
    """Answers to a course evaluation, stored without the learner's identity."""

    __tablename__ = "survey_responses"

    #: A random id, so the order of responses cannot be matched to the order of submissions.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: uuid4().hex)
    #: Stable course id.
    course_slug: Mapped[str] = mapped_column(String(100), index=True)
    #: Stable survey (quiz) id.
    quiz_id: Mapped[str] = mapped_column(String(100))
    #: Day of submission only (no time, to make re-identification harder).
    submitted_on: Mapped[date] = mapped_column(Date)
    #: Answers by question id.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
