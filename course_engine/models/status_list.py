"""Bitstring status lists: the revocation bits of certificates' credentials, and the signed list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class StatusList(Model):
    """One list of 131,072 bits; certificate ``id`` N has list N // 131072, index N % 131072."""

    __tablename__ = "status_lists"

    #: The list number (part of its public URL /credentials/status/<id>).
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: What a set bit means (revocation).
    purpose: Mapped[str] = mapped_column(String(20), default="revocation")
    #: The bits, uncompressed (16 KiB).
    bits: Mapped[bytes] = mapped_column(LargeBinary)
    #: The signed BitstringStatusListCredential served at the list's URL.
    credential: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: When a bit last changed (the credential's validFrom).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
