"""The content versions that went live: each one's outline, for the impact of the next edit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class ContentRelease(Model):
    """A content version made live (by start-up, ``flask content reload`` or the reload form)."""

    __tablename__ = "content_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The catalog's content hash.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Per course: ids, versions, pages, pass scores and answer keys (content.outline).
    outline: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: When it went live (the latest is the version live).
    released_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
