"""Reading content files safely, hashing them, and caching work per file version."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from course_engine.content import messages
from course_engine.content.errors import Sink

#: Largest Markdown or YAML file the compiler reads.
MAX_TEXT_BYTES = 256 * 1024
T = TypeVar("T")


def stat_key(path: Path) -> tuple[int, int]:
    """(mtime_ns, size) of a file: the version key for caches."""
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def is_inside(path: Path, base: Path) -> bool:
    """Whether ``path`` (symlinks followed) stays inside ``base``.

    Callers pass paths found by listing ``base`` without following folder symlinks, so only
    ``path`` itself can be a link: the cheap check covers the common case.
    """
    path_str, base_str = str(path), str(base)
    if not os.path.islink(path_str) and path_str.startswith(base_str.rstrip("/") + "/"):
        return True
    try:
        return path.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):
        return False


def safe_child(base: Path, relpath: str) -> Path | None:
    """``base/relpath`` when it is a file inside ``base`` (no '..', absolute paths or escapes)."""
    if not relpath or "\\" in relpath or "\x00" in relpath:
        return None
    rel = Path(relpath)
    if rel.is_absolute() or ".." in rel.parts:
        return None
    # ``relpath`` comes from a URL, so any folder on the way may be a symlink: resolve it all
    # (is_inside's shortcut only covers paths found by listing ``base``).
    try:
        target = (base / rel).resolve(strict=True)
        inside = target.is_relative_to(base.resolve())
    except (OSError, RuntimeError):
        return None
    return target if inside and target.is_file() else None


def read_text(path: Path, sink: Sink) -> str | None:
    """A file's UTF-8 text, or None after reporting why it cannot be used."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            sink.add(1, messages.FILE_TOO_LARGE.format(limit=MAX_TEXT_BYTES // 1024))
            return None
        data = path.read_bytes()
    except OSError as exc:
        sink.add(0, messages.FILE_UNREADABLE.format(reason=exc.strerror or exc))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        sink.add(1, messages.FILE_NOT_UTF8)
        return None


def walk_files(base: Path) -> list[Path]:
    """Every file under ``base``, sorted, without following directory symlinks."""
    found: list[Path] = []
    if not base.is_dir():
        return found
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder) / name for name in names if not name.startswith("."))
    return sorted(found)


def fingerprint(bases: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime_ns, size) of every content file: changes when any file does."""
    entries: list[tuple[str, int, int]] = []
    for base in bases:
        for folder, dirs, names in os.walk(base):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    entries.append((path, -1, -1))
                    continue
                entries.append((path, st.st_mtime_ns, st.st_size))
    entries.sort()
    return tuple(entries)


def combine_hashes(parts: Iterable[tuple[str, str]]) -> str:
    """One sha256 over sorted (name, digest) pairs."""
    digest = hashlib.sha256()
    for name, part in sorted(parts):
        digest.update(f"{name}\0{part}\n".encode())
    return digest.hexdigest()


class FileCache:
    """Results of per-file work, reused while the file's key (stat and context) is unchanged."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[Hashable, Any]] = {}
        self._used: dict[tuple[str, str], tuple[Hashable, Any]] = {}

    def memo(self, kind: str, path: Path, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached result of ``compute`` for this file and key, computing it when stale."""
        slot = (kind, str(path))
        entry = self._used.get(slot) or self._entries.get(slot)
        if entry is None or entry[0] != key:
            entry = (key, compute())
        self._used[slot] = entry
        return entry[1]

    def digest(self, path: Path) -> str:
        """sha256 of a file's bytes (cached by mtime and size)."""
        try:
            key = stat_key(path)
        except OSError:
            return "missing"
        return self.memo("digest", path, key, lambda: _sha256(path))

    def finish(self) -> None:
        """Forget entries that the last load did not use (deleted or renamed files)."""
        self._entries, self._used = self._used, {}


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"
