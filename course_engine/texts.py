"""Sentences for people, marked for the translation catalog without Flask (domain code uses it).

``Text("Complete the modules before “%(title)s” first.", title=...)`` reads as the English
sentence; ``course_engine.i18n.translate`` gives it in the request's language.
"""

from __future__ import annotations

from typing import Any


def N_(text: str) -> str:
    """Mark a string for the catalog; it is translated where it is shown."""
    return text


class Text(str):
    """An English sentence that keeps its catalog id and values for translation."""

    msgid: str
    values: dict[str, Any]

    def __new__(cls, msgid: str, **values: Any) -> Text:
        """The sentence with ``values`` filled in (%(name)s placeholders)."""
        text = super().__new__(cls, msgid % values if values else msgid)
        text.msgid = msgid
        text.values = values
        return text
