"""A certificate template's data turned into a page design: sizes in mm, colours, boxes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from course_engine.certificates.layout import DesignError, default_layout, to_length, to_rgb
from course_engine.content import CertificateTemplate
from course_engine.content.certificate_file import (
    ALIGNS,
    BUNDLED_DIR,
    DEFAULTS,
    FONT_STYLES,
    IMAGE_ELEMENTS,
    ORIENTATIONS,
    PAGE_SIZES,
    QR_ELEMENT,
)


@dataclass(frozen=True)
class Box:
    """A rectangle on the page, in mm from the top-left corner."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class TextBox:
    """Text fitted into a box: shrunk from ``size`` down to ``min_size`` pt, then wrapped."""

    name: str
    box: Box
    text: str
    font: str
    size: float
    min_size: float
    color: tuple[int, int, int]
    align: str
    line_height: float
    rule: tuple[int, int, int] | None


@dataclass(frozen=True)
class ImageBox:
    """An image fitted (aspect kept) into a box, with an optional rule along its bottom."""

    name: str
    box: Box
    path: Path
    rule: tuple[int, int, int] | None


@dataclass(frozen=True)
class Border:
    """A frame around the page: an outer line and an optional thinner inner one."""

    color: tuple[int, int, int]
    width: float
    inset: float
    inner_color: tuple[int, int, int] | None
    inner_width: float
    inner_gap: float


@dataclass(frozen=True)
class Design:
    """Everything the renderer needs, resolved and checked."""

    title: str
    page_size: str
    orientation: str
    width: float
    height: float
    background: tuple[int, int, int]
    fonts: Mapping[str, Path]
    border: Border | None
    texts: tuple[TextBox, ...]
    images: tuple[ImageBox, ...]
    qr: Box | None
    qr_color: tuple[int, int, int]


def merged(data: Mapping[str, Any]) -> dict[str, Any]:
    """The template's data over the defaults (mappings merged one level deep)."""
    result = dict(DEFAULTS)
    for key, value in data.items():
        if isinstance(value, Mapping) and isinstance(DEFAULTS.get(key), Mapping):
            result[key] = {**DEFAULTS[key], **value}
        else:
            result[key] = value
    return result


@lru_cache(maxsize=32)
def design_for(template: CertificateTemplate, folder: Path, language: str = "en") -> Design:
    """The design of a loaded template whose files live in ``folder`` (cached per template and
    language): the template's wording in ``language`` when it has a translation."""
    data = template.data
    wording = template.translations.get(language)
    if wording:
        texts = {**(data.get("texts") or {}), **(wording.get("texts") or {})}
        data = {**data, **wording, "texts": texts}
    return build_design(data, folder)


def build_design(data: Mapping[str, Any], folder: Path) -> Design:
    """Resolve a template's data into a Design; raise DesignError on unusable values."""
    spec = merged(data)
    page_size = str(spec["page_size"]).lower()
    orientation = str(spec["orientation"]).lower()
    if page_size not in PAGE_SIZES or orientation not in ORIENTATIONS:
        raise DesignError(f"unknown page size or orientation: {page_size} {orientation}")
    short, long = PAGE_SIZES[page_size]
    width, height = (long, short) if orientation == "landscape" else (short, long)
    colors = {str(k): str(v) for k, v in spec["colors"].items()}
    layout = {**default_layout(), **(spec["layout"] or {})}
    texts: list[TextBox] = []
    images: list[ImageBox] = []
    qr = None
    for name, options in layout.items():
        if not options:
            continue  # an element switched off with null
        box = to_box(options, width, height)
        if name == QR_ELEMENT:
            qr = box
        elif name in IMAGE_ELEMENTS:
            if spec.get(IMAGE_ELEMENTS[name]):
                path = asset_path(folder, str(spec[IMAGE_ELEMENTS[name]]))
                images.append(ImageBox(name, box, path, _rule(options, colors)))
        elif name in spec["texts"]:
            texts.append(_text_box(name, str(spec["texts"][name]), box, options, colors))
        else:
            raise DesignError(f"layout element '{name}' has no text in texts")
    return Design(
        title=str(spec["title"]),
        page_size=page_size,
        orientation=orientation,
        width=width,
        height=height,
        background=to_rgb(colors.get("background", "#FFF"), colors),
        fonts={s: asset_path(folder, str(spec["fonts"][s])) for s in FONT_STYLES},
        border=_border(spec["border"], colors),
        texts=tuple(texts),
        images=tuple(images),
        qr=qr,
        qr_color=to_rgb((layout.get(QR_ELEMENT) or {}).get("color", "#000"), colors),
    )


def asset_path(folder: Path, relpath: str) -> Path:
    """A template file path: beside the template, else among the engine's bundled files."""
    candidate = folder / relpath
    return candidate if candidate.exists() else BUNDLED_DIR / relpath


def to_box(options: Mapping[str, Any], width: float, height: float) -> Box:
    """The x, y, w, h of a layout element (x and w relative to the width, y and h the height)."""
    try:
        return Box(
            to_length(options["x"], width),
            to_length(options["y"], height),
            to_length(options["w"], width),
            to_length(options["h"], height),
        )
    except KeyError as missing:
        raise DesignError(f"layout box needs x, y, w and h: {missing} is missing") from None


def _text_box(
    name: str, text: str, box: Box, options: Mapping[str, Any], colors: Mapping[str, str]
) -> TextBox:
    size = float(options.get("size", 12))
    font = str(options.get("font", "regular"))
    align = str(options.get("align", "center"))
    if font not in FONT_STYLES or align not in ALIGNS:
        raise DesignError(f"layout element '{name}': unknown font or align")
    return TextBox(
        name=name,
        box=box,
        text=text,
        font=font,
        size=size,
        min_size=min(size, float(options.get("min_size", max(6.0, size * 0.5)))),
        color=to_rgb(options.get("color", "text"), colors),
        align=align,
        line_height=float(options.get("line_height", 1.2)),
        rule=_rule(options, colors),
    )


def _rule(options: Mapping[str, Any], colors: Mapping[str, str]) -> tuple[int, int, int] | None:
    return to_rgb(options["rule"], colors) if options.get("rule") else None


def _border(options: Any, colors: Mapping[str, str]) -> Border | None:
    if not options:
        return None
    inner = options.get("inner_color")
    return Border(
        color=to_rgb(options.get("color", "primary"), colors),
        width=float(options.get("width", 1.5)),
        inset=float(options.get("inset", 7)),
        inner_color=to_rgb(inner, colors) if inner else None,
        inner_width=float(options.get("inner_width", 0.5)),
        inner_gap=float(options.get("inner_gap", 2.5)),
    )
