"""Certificate templates (certificates/<id>.yaml): the keys they may use, checked with lines."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

from course_engine.content.errors import ContentError, Sink
from course_engine.content.fields import Fields, suggest
from course_engine.content.files import is_inside
from course_engine.content.issuer_file import read_issuer
from course_engine.content.objects import Issuer
from course_engine.content.yamlsource import LineDict

TEMPLATE_KEYS = (
    "title", "page_size", "orientation", "colors", "fonts", "logo", "signature_image", "border",
    "texts", "layout", "issuer", "signatory",
)  # fmt: skip
SIGNATORY_KEYS = ("name", "title")
#: Portrait width and height of each page size, in mm.
PAGE_SIZES = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
ORIENTATIONS = ("landscape", "portrait")
FONT_STYLES = ("regular", "bold", "italic")
ALIGNS = ("left", "center", "right")
BORDER_KEYS = ("color", "width", "inset", "inner_color", "inner_width", "inner_gap")
BOX_KEYS = ("x", "y", "w", "h")
TEXT_BOX_KEYS = (*BOX_KEYS, "font", "size", "min_size", "color", "align", "line_height", "rule")
#: Layout elements that are not texts, and the template key naming their file.
IMAGE_ELEMENTS = {"logo": "logo", "signature": "signature_image"}
QR_ELEMENT = "qr"
#: Values texts may insert with {name}.
PLACEHOLDERS = (
    "name", "course", "version", "hours", "date", "expires", "serial", "url",
    "signatory_name", "signatory_title", "issuer", "accreditation", "credit_hours",
    "estimated_hours",
)  # fmt: skip
#: Files the engine ships (fonts/DejaVuSerif*.ttf): a template's path is tried here when the
#: file is not beside the template.
BUNDLED_DIR = Path(__file__).resolve().parents[1] / "bundled"
FONT_SUFFIXES = (".ttf", ".otf")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
LENGTH = re.compile(r"^(\d+(?:\.\d+)?)\s*(%|mm)?$")

#: What a template may leave out (the renderer adds a default layout).
DEFAULTS: dict[str, Any] = {
    "title": "Certificate of Completion",
    "page_size": "letter",
    "orientation": "landscape",
    "colors": {
        "primary": "#1F3A5F",
        "text": "#1F2933",
        "accent": "#B7892F",
        "muted": "#52606D",
        "background": "#FFFFFF",
    },
    "fonts": {
        "regular": "fonts/DejaVuSerif.ttf",
        "bold": "fonts/DejaVuSerif-Bold.ttf",
        "italic": "fonts/DejaVuSerif-Italic.ttf",
    },
    "border": {
        "color": "primary",
        "width": 1.6,
        "inset": 7,
        "inner_color": "accent",
        "inner_width": 0.5,
        "inner_gap": 2.5,
    },
    "texts": {
        "heading": "Certificate of Completion",
        "preamble": "This certifies that",
        "name": "{name}",
        "completion": "has completed {credit_hours} contact hours of continuing education in",
        "estimate": "has completed the course (estimated length: {estimated_hours} hours)",
        "course": "{course}",
        "issuer": "Offered by {issuer}",
        "date": "Completed on {date}",
        "expiry": "Valid through {expires}",
        "signatory_name": "{signatory_name}",
        "signatory_title": "{signatory_title}",
        "serial": "Certificate no. {serial}",
        "verify": "Verify at {url}",
        "accreditation": "{accreditation}",
    },
    "layout": {},
}

UNKNOWN_PLACEHOLDER = "unknown placeholder '{{{name}}}' in '{key}'; known: {known}"
BAD_PLACEHOLDERS = "'{key}' has unbalanced braces: write {{{{ and }}}} for literal braces"
BAD_HEX = "'{key}' must be a colour written #RRGGBB or #RGB (got '{value}')"
BAD_COLOR = "'{key}' must be a colour: #RRGGBB, #RGB or one of {names} (got '{value}')"
BAD_LENGTH = "'{key}' must be a length in mm (12 or '12mm') or a percentage ('40%')"
MISSING_FILE = "'{key}': file '{path}' does not exist in {folder}/"
FILE_ESCAPES = "'{key}': '{path}' leaves the certificates folder"
BAD_SUFFIX = "'{key}' must name a {kind} file ({suffixes})"
UNKNOWN_ELEMENT = "layout element '{name}' is not a text in 'texts', 'logo', 'signature' or 'qr'"


def check_template(data: LineDict, rel: str, folder: Path) -> list[ContentError]:
    """Every problem of a template's keys and values, at its line (files relative to ``folder``)."""
    sink = Sink(rel)
    fields = Fields(data, sink, TEMPLATE_KEYS)
    fields.check_unknown()
    fields.string("title")
    fields.choice("page_size", tuple(PAGE_SIZES), "letter")
    fields.choice("orientation", ORIENTATIONS, "landscape")
    colors = fields.mapping("colors")
    for key in colors.data if colors else ():
        assert colors is not None
        if not HEX_COLOR.match(str(colors.data[key])):
            colors.error(key, BAD_HEX.format(key=key, value=colors.data[key]))
    names = {*DEFAULTS["colors"], *(colors.data if colors else ())}
    fonts = fields.mapping("fonts", FONT_STYLES)
    for key in fonts.data if fonts else ():
        assert fonts is not None
        _file(fonts, key, folder, "font", FONT_SUFFIXES)
    for key in IMAGE_ELEMENTS.values():
        _file(fields, key, folder, "image", IMAGE_SUFFIXES)
    border = fields.mapping("border", BORDER_KEYS)
    if border:
        for key in ("color", "inner_color"):
            _color(border, key, names)
        for key in ("width", "inset", "inner_width", "inner_gap"):
            border.number(key, minimum="nonnegative")
    texts = fields.mapping("texts")
    for key in texts.data if texts else ():
        assert texts is not None
        _placeholders(texts, key)
    known_texts = {*DEFAULTS["texts"], *(texts.data if texts else ())}
    template_people(fields)
    layout = fields.mapping("layout")
    for name in layout.data if layout else ():
        assert layout is not None
        _element(layout, name, known_texts, names)
    return sink.errors


def template_people(fields: Fields) -> tuple[Issuer | None, tuple[str | None, str | None]]:
    """The template's ``issuer`` and ``signatory`` (name, title), each optional."""
    issuer = read_issuer(fields)
    signatory = fields.mapping("signatory", SIGNATORY_KEYS)
    if signatory is None:
        return issuer, (None, None)
    return issuer, (signatory.string("name"), signatory.string("title"))


def _file(fields: Fields, key: str, folder: Path, kind: str, suffixes: tuple[str, ...]) -> None:
    """A file named at ``key`` exists inside ``folder`` and has a usable suffix."""
    relpath = fields.string(key)
    if relpath is None:
        return
    if not relpath.lower().endswith(suffixes):
        fields.error(key, BAD_SUFFIX.format(key=key, kind=kind, suffixes=", ".join(suffixes)))
        return
    path = folder / relpath
    if Path(relpath).is_absolute() or ".." in Path(relpath).parts or not is_inside(path, folder):
        fields.error(key, FILE_ESCAPES.format(key=key, path=relpath))
    elif not path.is_file() and not (BUNDLED_DIR / relpath).is_file():
        fields.error(key, MISSING_FILE.format(key=key, path=relpath, folder=folder.name))


def _color(fields: Fields, key: str, names: set[str]) -> None:
    value = fields.data.get(key)
    if value is None or str(value) in names or HEX_COLOR.match(str(value)):
        return
    listed = ", ".join(sorted(names))
    fields.error(key, BAD_COLOR.format(key=key, names=listed, value=value))


def _placeholders(fields: Fields, key: str) -> None:
    text = fields.string(key)
    if text is None:
        return
    try:
        used = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        fields.error(key, BAD_PLACEHOLDERS.format(key=key))
        return
    for name in used:
        if name not in PLACEHOLDERS:
            known = ", ".join(PLACEHOLDERS)
            fields.error(key, UNKNOWN_PLACEHOLDER.format(name=name, key=key, known=known))


def _element(layout: Fields, name: str, texts: set[str], colors: set[str]) -> None:
    """One layout box: a known element, x/y/w/h lengths, and valid text options."""
    if layout.data[name] is None:
        return  # switched off
    known = {*texts, *IMAGE_ELEMENTS, QR_ELEMENT}
    if name not in known:
        close = suggest(name, known)
        layout.error(
            name,
            UNKNOWN_ELEMENT.format(name=name) + (f"; did you mean '{close}'?" if close else ""),
        )
        return
    allowed = TEXT_BOX_KEYS if name in texts else (*BOX_KEYS, "rule", "color")
    box = layout.mapping(name, allowed)
    if box is None:
        return
    for key in BOX_KEYS:
        value = box.data.get(key)
        if value is None:
            box.sink.add(box.data.line, f"layout element '{name}' is missing '{key}'")
        elif isinstance(value, bool) or not LENGTH.match(str(value).strip()):
            box.error(key, BAD_LENGTH.format(key=key))
    box.choice("font", FONT_STYLES, "regular")
    box.choice("align", ALIGNS, "center")
    for key in ("size", "min_size", "line_height"):
        box.number(key, minimum="positive")
    for key in ("color", "rule"):
        _color(box, key, colors)
