"""Saving a certificate PDF whose fonts are embedded cut by HarfBuzz (see fonts.py).

fpdf2's own output subsets each TrueType font with fontTools and recompiles it; this
producer does what fpdf2 does for a TrueType font (the same PDF objects: a Type0 font, its
CIDFontType2, widths, ToUnicode map, CIDToGIDMap and font file) but embeds the font cut by
HarfBuzz to the glyphs the document used, numbering them as the cut font does.
"""

from __future__ import annotations

from typing import Any

from fpdf.output import (
    CIDSystemInfo,
    OutputProducer,
    PDFFont,
    PDFFontStream,
    _build_cmap_blocks,
    _tt_font_widths,
)
from fpdf.syntax import Name, PDFArray, PDFContentStream

from course_engine.certificates.fonts import CutFont, cut_to_glyphs

_CMAP_HEAD = (
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
)
_CMAP_TAIL = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"


class CertificateOutput(OutputProducer):
    """fpdf2's output, with the certificate's cut fonts embedded as they are."""

    def _add_fonts(self, *args: Any, **kwargs: Any) -> dict[int, Any]:
        fonts = sorted(self.fpdf.fonts.values(), key=lambda font: font.i)
        if not all(isinstance(font, CutFont) for font in fonts):
            return super()._add_fonts(*args, **kwargs)
        objects = {}
        for font in fonts:
            assert isinstance(font, CutFont)
            objects[font.i] = self._add_cut_font(font)
        return objects

    def _add_cut_font(self, font: CutFont) -> PDFFont:
        """The PDF objects of one font, the font file cut to the glyphs the document used."""
        used = [(glyph, code) for glyph, code in font.subset.items() if glyph is not None]
        data, new_id = cut_to_glyphs(font.path, (glyph.glyph_id for glyph, _ in used))
        fontname = f"MPDFAA+{font.name}"
        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        cid_font = PDFFont(
            subtype="CIDFontType2",
            base_font=fontname,
            d_w=font.desc.missing_width,
            w=_tt_font_widths(font),
        )
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])
        to_unicode = PDFContentStream(
            (_CMAP_HEAD + _build_cmap_blocks(_unicode_lines(used), "bfchar") + _CMAP_TAIL).encode(
                "latin-1"
            )
        )
        self._add_pdf_obj(to_unicode, "fonts")
        composite.to_unicode = to_unicode
        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info
        descriptor = font.desc
        descriptor.font_name = Name(fontname)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor
        gid_map = PDFContentStream(_cid_to_gid(used, new_id), compress=True)
        self._add_pdf_obj(gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = gid_map
        font_file = PDFFontStream(contents=data)
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file  # type: ignore[attr-defined]
        font.subset.pick.cache_clear()
        font.subset.get_glyph.cache_clear()
        return composite


def _unicode_lines(used: list[tuple[Any, int]]) -> list[str]:
    """ToUnicode entries: each code the document uses and the characters it stands for."""
    lines = []
    for glyph, code in used:
        if isinstance(glyph.unicode, tuple) and glyph.unicode:
            text = "".join(chr(c) for c in glyph.unicode).encode("utf-16-be").hex().upper()
            lines.append(f"<{code:04X}> <{text}>\n")
    return lines


def _cid_to_gid(used: list[tuple[Any, int]], new_id: dict[int, int]) -> bytes:
    """The CIDToGIDMap: two bytes per code up to 0xFFFF, the cut font's glyph id of each."""
    table = bytearray(2 * 65536)
    for glyph, code in used:
        gid = new_id.get(glyph.glyph_id, 0)
        table[2 * code] = gid >> 8
        table[2 * code + 1] = gid & 0xFF
    return bytes(table)
