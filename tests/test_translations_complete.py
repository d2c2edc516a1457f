"""The Spanish catalog is complete: every interface string has a Spanish translation, and a
Spanish page shows none of the catalog's English."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "course_engine" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
KEYWORDS |= {"N_": None, "Text": None, "say": None}
METHODS = [
    ("course_engine/**.py", "python"),
    ("course_engine/templates/**.html", "jinja2"),
    ("course_engine/templates/**.txt", "jinja2"),
]


def spanish_catalog() -> dict[str, object]:
    """msgid -> msgstr of the committed es catalog."""
    with CATALOG.open("rb") as source:
        catalog = read_po(source, locale="es")
    return {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in catalog if m.id}


def marked_strings() -> set[str]:
    """Every string the package marks for translation (as `make translations-extract` does)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        METHODS,
        keywords=KEYWORDS,  # type: ignore[arg-type]
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_marked_string_has_a_spanish_translation():
    catalog = spanish_catalog()
    missing = sorted(m for m in marked_strings() if not catalog.get(m))
    assert missing == [], "run `make translations-update` and translate: " + repr(missing[:20])


def test_no_spanish_translation_is_left_empty():
    empty = [
        msgid
        for msgid, msgstr in spanish_catalog().items()
        if not msgstr or not all(msgstr if isinstance(msgstr, tuple) else (msgstr,))
    ]
    assert empty == []


def english_sentences() -> list[str]:
    """The catalog's English sentences that differ from their Spanish (four words or more)."""
    return [
        msgid
        for msgid, msgstr in spanish_catalog().items()
        if isinstance(msgstr, str)
        and msgstr != msgid
        and len(msgid.split()) >= 4
        and "%(" not in msgid
        and "\n" not in msgid
    ]


def test_spanish_pages_show_no_english_interface_text(client: FlaskClient, db: Session, auth):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    pages = ["/help", "/accessibility", "/login", "/register", "/reset-password", "/verify"]
    sentences = english_sentences()
    assert sentences
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        shown = [sentence for sentence in sentences if sentence in text]
        assert shown == [], (path, shown)
        assert '<html lang="es">' in html
