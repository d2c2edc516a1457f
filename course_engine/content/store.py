"""A thread-safe holder of the last good Catalog, reloading only what changed."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from course_engine.content.errors import ContentError
from course_engine.content.files import FileCache, fingerprint
from course_engine.content.loader import Compiler, Layout, make_layout
from course_engine.content.objects import Catalog


class ContentStore:
    """Keeps the last catalog that loaded without errors, and the errors of the last attempt."""

    def __init__(self, root: Path | str, **options: str) -> None:
        self.layout: Layout = make_layout(root, **options)
        self.catalog: Catalog | None = None
        self.errors: list[ContentError] = []
        self.loaded_at: datetime | None = None
        self._cache = FileCache()
        self._lock = threading.Lock()
        self._fingerprint: tuple[tuple[str, int, int], ...] | None = None
        self.reload()

    def reload(self) -> list[ContentError]:
        """Compile the content now; keep the previous catalog when errors are found."""
        with self._lock:
            return self._reload_locked()

    def preview(self) -> tuple[Catalog | None, list[ContentError]]:
        """Compile the files as they are now without serving them (for the impact report)."""
        with self._lock:
            return Compiler(self.layout, self._cache).run()

    def reload_if_changed(self) -> bool:
        """Reload when any content file was added, removed or changed; True if it reloaded."""
        current = fingerprint(self.layout.bases)
        if current == self._fingerprint:
            return False
        with self._lock:
            if current == self._fingerprint:  # another thread reloaded meanwhile
                return False
            self._reload_locked(current)
            return True

    def _reload_locked(
        self, current: tuple[tuple[str, int, int], ...] | None = None
    ) -> list[ContentError]:
        # Fingerprint first: an edit made while compiling is seen by the next check.
        self._fingerprint = current if current is not None else fingerprint(self.layout.bases)
        catalog, errors = Compiler(self.layout, self._cache).run()
        self.errors = errors
        if catalog is not None:
            self.catalog = catalog
            self.loaded_at = catalog.loaded_at
        return list(errors)
