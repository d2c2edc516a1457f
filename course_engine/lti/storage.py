"""pylti1p3's launch data storage in the database (a cache with expiry: get, set)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pylti1p3.launch_data_storage.cache import CacheDataStorage
from sqlalchemy.orm import Session

from course_engine.models import LtiLaunchState
from course_engine.models.types import utcnow

#: Entries without an expiry from the library live this long.
DEFAULT_LIFETIME = timedelta(hours=2)


class DatabaseCache:
    """The ``get``/``set`` the library's CacheDataStorage calls, over ``lti_launch_states``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str) -> Any:
        """The stored value, or None when absent or expired."""
        row = self._session.get(LtiLaunchState, key[:255])
        if row is None or row.expires_at < utcnow():
            return None
        return row.value

    def set(self, key: str, value: Any, exp: int | None = None) -> None:
        """Store ``value`` for ``exp`` seconds (flushed; the view commits)."""
        lifetime = timedelta(seconds=exp) if exp else DEFAULT_LIFETIME
        row = self._session.get(LtiLaunchState, key[:255])
        if row is None:
            row = LtiLaunchState(key=key[:255])
            self._session.add(row)
        row.value = value
        row.expires_at = utcnow() + lifetime
        self._session.flush()


class DatabaseLaunchStorage(CacheDataStorage[Any]):
    """CacheDataStorage backed by the database session."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._cache = DatabaseCache(session)  # type: ignore[assignment]  # pylti1p3: _cache = None
