"""Export jobs: slow exports run by a worker, with progress, and a result kept for a while."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class ExportStatus(enum.StrEnum):
    """Where an export job is."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ExportJob(Model):
    """One export asked for by one user; only they may see its progress and download it."""

    __tablename__ = "export_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who asked for it (the only one who may download it).
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The organization the export is limited to (None: every organization, administrators).
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    #: What it exports, e.g. certificates_zip.
    kind: Mapped[str] = mapped_column(String(40))
    #: What the export was asked for with, e.g. {"course": "heart-collaboration"}.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[ExportStatus] = mapped_column(
        Enum(ExportStatus, native_enum=False, length=20), default=ExportStatus.QUEUED
    )
    #: Items to export and items done so far (the progress bar).
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: A running worker's hold ends at this time (then another worker starts it again).
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: After this the result is deleted and the download answers 410.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    filename: Mapped[str | None] = mapped_column(String(200))
    mimetype: Mapped[str | None] = mapped_column(String(100))


class ExportFile(Model):
    """The finished export's bytes, kept in the database so any instance can serve them."""

    __tablename__ = "export_files"

    job_id: Mapped[int] = mapped_column(
        ForeignKey("export_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)
