"""Input the database cannot hold is refused up front: huge integers, far dates, control characters.

- ``<int:...>`` in every route stops at the largest 32-bit integer (SQLite raised OverflowError
  and PostgreSQL "integer out of range" on larger ones): bigger ids are simply not found (404).
- ``query_int`` reads a number from the query string within those bounds.
- ``sane_date`` keeps dates between 1900 and 2999.
- ``refuse_control_characters`` is the validator every text field gets (see ``SafeForm``): NUL,
  other control characters, bidi overrides and invisible characters are refused with a message
  beside the field, never stripped silently. ZWNJ/ZWJ stay allowed: Persian and Indic names
  need them.
- Query strings and paths with control characters get 400 before any view runs.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map
from wtforms import Field, HiddenField, PasswordField, TextAreaField, ValidationError

#: The largest value of the INTEGER columns ids are stored in.
MAX_DATABASE_INT = 2**31 - 1
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2999, 12, 31)
#: Format characters refused although they are not control characters: bidi embeddings,
#: overrides and isolates, marks, and invisible separators.
INVISIBLE = frozenset(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff\u180e\u00ad"
)
ALLOWED_FORMAT = frozenset("\u200c\u200d")  # ZWNJ, ZWJ
CONTROL_MESSAGE = (
    "Remove the invisible or control characters from this field (they were probably pasted "
    "along with the text)."
)


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` limited to what an INTEGER column holds."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug
        kwargs.setdefault("max", MAX_DATABASE_INT)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Bound ``<int:...>`` (before any blueprint adds its rules) and guard query strings."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_control_characters_in_the_address)


def bad_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character of ``text`` that is refused, or None."""
    for char in text:
        if char in ALLOWED_FORMAT or (multiline and char in "\t\r\n"):
            continue
        category = unicodedata.category(char)
        if char in INVISIBLE or category in {"Cc", "Cs", "Co", "Cn"}:
            return char
    return None


def refuse_control_characters_in_the_address() -> None:
    """400 for a path or query string with control characters (e.g. ``/verify?q=%00``)."""
    if bad_character(request.path):
        abort(400)
    for key, value in request.args.items(multi=True):
        if bad_character(key) or bad_character(value):
            abort(400)


def refuse_control_characters(_form: Any, field: Field) -> None:
    """WTForms validator: refuse control and invisible characters (message beside the field)."""
    if isinstance(field, PasswordField | HiddenField) or not isinstance(field.data, str):
        return  # passwords may hold anything; hidden values are checked where they are used
    if bad_character(field.data, multiline=isinstance(field, TextAreaField)):
        raise ValidationError(CONTROL_MESSAGE)


def sane_date(_form: Any, field: Field) -> None:
    """WTForms validator: a date between 1900 and 2999."""
    if field.data is not None and not EARLIEST_DATE <= field.data <= LATEST_DATE:
        raise ValidationError("Enter a date between 1900 and 2999.")


def query_int(text: str) -> int:
    """``type=`` for ``request.args.get``: a number that fits the database, else ValueError."""
    value = int(text)
    if not 0 <= value <= MAX_DATABASE_INT:
        raise ValueError(text)
    return value
