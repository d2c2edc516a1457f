"""Certificate fonts: each file parsed once per process, cut per document to the glyphs it prints.

fpdf2 parses a whole TrueType font with fontTools for every document and, when it saves the
document, subsets and recompiles it with fontTools again: most of a certificate's cost. Here
fpdf2 parses each font file once per process (``shared_font``); each document measures and
draws with a light copy of that parsed font (its own record of the glyphs it used), and
``embed.CertificateOutput`` embeds a font cut by HarfBuzz's subsetter (well under a
millisecond) to exactly those glyphs.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb
from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import SubsetMap, TTFFont

#: Tables a PDF's embedded TrueType font needs (everything else is dropped when cutting).
KEPT_TABLES = frozenset(
    {"head", "hhea", "hmtx", "maxp", "OS/2", "post", "name", "cmap", "glyf", "loca"}
)
#: Characters that need no glyph (line breaks, joiners and other format characters).
INVISIBLE = frozenset("\n\r\t\u200b\u200c\u200d\u2060\ufeff")
#: Tables fpdf2 reads while measuring and drawing (read at once, never lazily from two threads).
READ_TABLES = ("head", "hhea", "hmtx", "maxp", "OS/2", "post", "name", "cmap")


@lru_cache(maxsize=16)
def face_of(path: Path) -> hb.Face:
    """The font file as a HarfBuzz face (read once per process)."""
    return hb.Face(hb.Blob.from_file_path(str(path)))


@lru_cache(maxsize=16)
def coverage(path: Path) -> frozenset[int]:
    """The code points the font has glyphs for."""
    return frozenset(face_of(path).unicodes)


def missing_characters(text: str, paths: Iterable[Path]) -> list[str]:
    """Characters of ``text`` that one of the fonts cannot print, in order, each once."""
    covered = frozenset.intersection(*(coverage(path) for path in paths))
    unprintable = (c for c in text if c not in INVISIBLE and ord(c) not in covered)
    return list(dict.fromkeys(unprintable))


@lru_cache(maxsize=16)
def shared_font(path: Path) -> TTFFont:
    """The whole font as fpdf2 parses it (character widths, glyph ids), once per process."""
    font = TTFFont(FPDF(), path, "shared", "")
    for tag in READ_TABLES:
        font.ttfont[tag]  # noqa: B018 - loads the table now
    return font


class CutFont(TTFFont):
    """A document's use of a shared parsed font; embedded cut to the glyphs it used."""

    __slots__ = ("path",)
    path: Path


def add_cut_font(pdf: FPDF, family: str, style: str, path: Path) -> None:
    """Register in ``pdf`` the font at ``path`` under ``family`` and ``style`` ("", B, I)."""
    shared = shared_font(path)
    font = CutFont.__new__(CutFont)
    for name in TTFFont.__slots__:
        if hasattr(shared, name):
            setattr(font, name, getattr(shared, name))
    fontkey = f"{family.lower()}{style}"
    font.path = path
    font.i = len(pdf.fonts) + 1
    font.fontkey = fontkey
    font.emphasis = TextEmphasis.coerce(style)
    font.biggest_size_pt = 0
    font.missing_glyphs = []
    font.desc = copy.copy(shared.desc)
    font.subset = SubsetMap(font)
    pdf.fonts[fontkey] = font


def cut_to_glyphs(path: Path, glyph_ids: Iterable[int]) -> tuple[bytes, dict[int, int]]:
    """The font holding only ``glyph_ids`` (and .notdef), and each old glyph id's new one."""
    face = face_of(path)
    wanted = hb.SubsetInput()
    wanted.glyph_set.update(glyph_ids)
    wanted.flags |= hb.SubsetFlags.NO_HINTING
    wanted.drop_table_tag_set.update(
        int.from_bytes(tag.encode("latin-1"), "big")  # HarfBuzz names tables by number
        for tag in face.table_tags
        if tag not in KEPT_TABLES
    )
    plan = hb.SubsetPlan(face, wanted)
    result = plan.execute()
    if result is None:
        raise RuntimeError("the font could not be subset")
    return bytes(result.blob.data), dict(plan.old_to_new_glyph_mapping)
