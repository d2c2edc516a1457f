"""SVG images drawn once per process and template, then copied into each certificate.

fpdf2 turns an SVG into PDF drawing operators on every ``image()`` call; a template's logo
sits in the same box on every certificate, so its operators are the same each time. They are
drawn once on a scratch page in the same graphics state and written as they are into each
document, with the graphics styles (``/GSn gs``) they use registered there under that
document's names. An SVG that needs other page resources is always drawn by fpdf2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from fpdf import FPDF
from fpdf.enums import PDFResourceType
from fpdf.syntax import Name

from course_engine.certificates.design import Box

_STYLE_NAME = re.compile(r"/(GS\d+) gs")


@dataclass(frozen=True)
class Stamp:
    """An image's drawing operators and the graphics styles they name."""

    operators: str
    styles: tuple[tuple[str, str], ...]  #: (style dictionary, name used in ``operators``)


def draw_image(pdf: FPDF, path: Path, box: Box) -> None:
    """The image at ``path`` centred in ``box``, aspect kept."""
    stamp = None
    if path.suffix.lower() == ".svg":
        stamp = svg_stamp(path, box, (pdf.w, pdf.h), _state(pdf))
    if stamp is None:
        pdf.image(str(path), x=box.x, y=box.y, w=box.w, h=box.h, keep_aspect_ratio=True)
        return
    catalog = pdf._resource_catalog
    names = {}
    for style, name in stamp.styles:
        if style not in catalog.graphics_styles:
            catalog.graphics_styles[style] = Name(f"GS{len(catalog.graphics_styles)}")
        names[name] = str(catalog.graphics_styles[style])
    operators = _STYLE_NAME.sub(lambda found: f"/{names[found[1]]} gs", stamp.operators)
    pdf._out(operators)
    catalog.index_stream_resources(operators, pdf.page)


class GraphicsState(NamedTuple):
    """What fpdf2 takes from the document when it starts drawing an image."""

    line_width: float
    draw_color: Any
    fill_color: Any
    dash: tuple[tuple[str, float], ...]
    transparency: bool


def _state(pdf: FPDF) -> GraphicsState:
    """The document's graphics state now."""
    return GraphicsState(
        pdf.line_width,
        pdf.draw_color,
        pdf.fill_color,
        tuple(sorted(pdf.dash_pattern.items())),
        pdf.allow_images_transparency,
    )


@lru_cache(maxsize=64)
def svg_stamp(
    path: Path, box: Box, page: tuple[float, float], state: GraphicsState
) -> Stamp | None:
    """The SVG drawn in ``box`` from graphics ``state`` (None: it needs other resources)."""
    scratch = FPDF(unit="mm", format=page)
    scratch.add_page()
    scratch.set_line_width(state.line_width)
    scratch.draw_color, scratch.fill_color = state.draw_color, state.fill_color
    scratch.dash_pattern = dict(state.dash)
    scratch.allow_images_transparency = state.transparency
    contents = scratch.pages[1].contents
    assert isinstance(contents, bytearray)
    before = len(contents)
    scratch.image(str(path), x=box.x, y=box.y, w=box.w, h=box.h, keep_aspect_ratio=True)
    catalog = scratch._resource_catalog
    used = {kind for (_page, kind), names in catalog.resources_per_page.items() if names}
    if used - {PDFResourceType.EXT_G_STATE}:
        return None
    operators = bytes(contents[before:]).decode("latin-1").removesuffix("\n")
    styles = tuple((style, str(name)) for style, name in catalog.graphics_styles.items())
    return Stamp(operators, styles)
