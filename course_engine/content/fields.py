"""Reading typed values out of a YAML mapping, reporting each problem at its key's line."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection
from typing import Any

from course_engine.content import messages
from course_engine.content.errors import Sink
from course_engine.content.yamlsource import LineDict, LineList

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_MISSING = object()


def suggest(word: str, candidates: Collection[str]) -> str | None:
    """The closest candidate to ``word``, if any is close enough."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


class Fields:
    """Typed access to a ``LineDict``; each bad value is reported once and read as missing."""

    def __init__(self, data: LineDict, sink: Sink, allowed: Collection[str]) -> None:
        self.data = data
        self.sink = sink
        self.allowed = allowed

    def line(self, key: str) -> int:
        """The line of ``key`` (or of the mapping when the key is absent)."""
        return self.data.line_of(key)

    def error(self, key: str, message: str) -> None:
        """Report ``message`` at the line of ``key``."""
        self.sink.add(self.line(key), message)

    def has(self, key: str) -> bool:
        """Whether ``key`` is present (even with a null value)."""
        return key in self.data

    def check_unknown(self) -> None:
        """Report every key that is not allowed, suggesting the nearest allowed one."""
        for key in self.data:
            if key in self.allowed:
                continue
            close = suggest(key, self.allowed)
            if close:
                message = messages.UNKNOWN_KEY_SUGGEST.format(key=key, suggestion=close)
            else:
                message = messages.UNKNOWN_KEY.format(key=key)
            self.error(key, message)

    def mapping(self, key: str, allowed: Collection[str] | None = None) -> Fields | None:
        """The nested mapping at ``key`` (None when absent, null or not a mapping).

        Its unknown keys are reported when ``allowed`` is given; with None any key is allowed.
        """
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self.error(key, messages.NOT_A_MAPPING.format(what=f"'{key}'"))
            return None
        section = Fields(value, self.sink, tuple(value) if allowed is None else allowed)
        if allowed is not None:
            section.check_unknown()
        return section

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                self.sink.add(self.data.line, messages.MISSING_KEY.format(key=key))
            return _MISSING
        return self.data[key]

    def string(self, key: str, *, required: bool = False, default: str | None = None) -> str | None:
        """A non-empty string (numbers are accepted and turned into text)."""
        value = self._get(key, required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(key, messages.MUST_BE_STRING.format(key=key))
            return default
        text = str(value).strip()
        if not text:
            self.error(key, messages.MUST_BE_STRING.format(key=key))
            return default
        return text

    def ident(self, key: str, *, required: bool = False, default: str | None = None) -> str | None:
        """An id: letters, digits, '-' and '_'."""
        value = self.string(key, required=required)
        if value is None:
            return default
        if not ID_RE.match(value):
            self.error(key, messages.BAD_ID.format(key=key, value=value))
            return default
        return value

    def boolean(self, key: str, default: bool) -> bool:
        """``true`` or ``false``."""
        value = self._get(key, False)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.error(key, messages.MUST_BE_BOOL.format(key=key))
            return default
        return value

    def number(
        self, key: str, *, default: float | None = None, required: bool = False, minimum: str = ""
    ) -> float | None:
        """A finite number; ``minimum`` is "" (any), "positive" or "nonnegative"."""
        value = self._get(key, required)
        if value is _MISSING:
            return default
        template = {
            "positive": messages.MUST_BE_POSITIVE_NUMBER,
            "nonnegative": messages.MUST_BE_NONNEGATIVE_NUMBER,
        }.get(minimum, messages.MUST_BE_NUMBER)
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        ok = ok and math.isfinite(value)
        ok = ok and not (minimum == "positive" and value <= 0)
        ok = ok and not (minimum == "nonnegative" and value < 0)
        if not ok:
            self.error(key, template.format(key=key))
            return default
        return float(value)

    def integer(
        self, key: str, *, default: int | None = None, low: int = 1, high: int | None = None
    ) -> int | None:
        """A whole number from ``low`` to ``high`` (inclusive; no upper bound when None)."""
        value = self._get(key, False)
        if value is _MISSING:
            return default
        ok = isinstance(value, int) and not isinstance(value, bool)
        ok = ok and value >= low and (high is None or value <= high)
        if not ok:
            if high is not None:
                template = messages.MUST_BE_INT_RANGE
            elif low == 0:
                template = messages.MUST_BE_NONNEGATIVE_INT
            else:
                template = messages.MUST_BE_POSITIVE_INT
            self.error(key, template.format(key=key, low=low, high=high))
            return default
        return int(value)

    def choice(self, key: str, choices: Collection[str], default: str) -> str:
        """One of a fixed set of words."""
        value = self._get(key, False)
        if value is _MISSING:
            return default
        if not isinstance(value, str) or value not in choices:
            message = messages.MUST_BE_ONE_OF.format(key=key, choices=", ".join(choices))
            close = suggest(str(value), choices) if isinstance(value, str | int | bool) else None
            if close:
                message += messages.DID_YOU_MEAN.format(suggestion=close)
            self.error(key, message)
            return default
        return value

    def items(self, key: str, *, required: bool = False) -> LineList | None:
        """A list (its items unchecked)."""
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, LineList):
            self.error(key, messages.MUST_BE_LIST.format(key=key))
            return None
        return value

    def strings(self, key: str) -> list[tuple[str, int]]:
        """A list of non-empty strings, each with its line."""
        value = self._get(key, False)
        if value is _MISSING:
            return []
        bad = not isinstance(value, LineList) or not all(is_text(item) for item in value)
        if bad:
            self.error(key, messages.MUST_BE_STRING_LIST.format(key=key))
            return []
        pairs = zip(value, value.item_lines, strict=True)
        return [(str(item).strip(), line) for item, line in pairs]

    def id_list(self, key: str) -> list[tuple[str, int]]:
        """One id or a list of ids (``renamed_from: old-id``), each with its line."""
        value = self._get(key, False)
        if value is _MISSING:
            return []
        one = isinstance(value, str)
        pairs = [(str(value).strip(), self.line(key))] if one else self.strings(key)
        valid = []
        for item, line in pairs:
            if ID_RE.match(item):
                valid.append((item, line))
            else:
                self.sink.add(line, messages.BAD_ID.format(key=key, value=item))
        return valid


def is_text(item: Any) -> bool:
    """A non-empty string, or a number an author meant as text."""
    if isinstance(item, bool) or not isinstance(item, str | int | float):
        return False
    return bool(str(item).strip())
