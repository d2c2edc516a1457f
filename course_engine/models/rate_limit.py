"""Rate-limit counters kept in the app's own database (the embedded shared limit store)."""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from course_engine.database import Model


class RateLimitCounter(Model):
    """One fixed-window counter of the ``database://`` limit store (see ratelimit_store.py)."""

    __tablename__ = "rate_limit_counters"

    #: The limit's full key (prefix, limit, scope and who is counted).
    counter_key: Mapped[str] = mapped_column(String(400), primary_key=True)
    #: Hits in the current window.
    hits: Mapped[int] = mapped_column(Integer)
    #: When the window ends (seconds since the epoch); the counter restarts after it.
    expires_at: Mapped[float] = mapped_column(Float, index=True)
