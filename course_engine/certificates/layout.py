"""Where a certificate's elements go by default, and how layout values (mm, %, colours) read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course_engine.content.certificate_file import HEX_COLOR, LENGTH


class DesignError(ValueError):
    """A template value the renderer cannot use (the content compiler reports these first)."""


def _at(x: str, y: str, w: str, h: str, **style: Any) -> dict[str, Any]:
    return {"x": x, "y": y, "w": w, "h": h, **style}


#: Each element's box (x and w as a share of the page width, y and h of its height) and style.
DEFAULT_LAYOUT: Mapping[str, Mapping[str, Any]] = {
    "logo": _at("44%", "7%", "12%", "13%"),
    "heading": _at("10%", "21%", "80%", "9%", font="bold", size=30, min_size=16, color="primary"),
    "preamble": _at("15%", "31%", "70%", "5%", font="italic", size=14, color="muted"),
    "name": _at("14%", "36.5%", "72%", "11%", font="bold", size=32, min_size=12, rule="accent"),
    "completion": _at("12%", "49.5%", "76%", "5%", size=13, color="muted"),
    "estimate": _at("12%", "49.5%", "76%", "5%", size=13, color="muted"),
    "course": _at("12%", "55%", "76%", "9%", font="bold", size=19, min_size=9, color="primary"),
    "issuer": _at("12%", "64%", "76%", "3.5%", font="italic", size=12, min_size=7, color="muted"),
    "date": _at("25%", "67.5%", "50%", "4%", size=12),
    "expiry": _at("25%", "71.5%", "50%", "3.5%", size=10, color="muted"),
    "signature": _at("10%", "74%", "28%", "9%", rule="text"),
    "signatory_name": _at("10%", "83.3%", "28%", "4%", font="bold", size=11, min_size=7),
    "signatory_title": _at(
        "10%", "87.3%", "28%", "5%", font="italic", size=9.5, min_size=6, color="muted"
    ),
    "qr": _at("78%", "72%", "14%", "18%"),
    "serial": _at("36%", "82%", "41%", "3.5%", size=9, align="right", color="muted"),
    "verify": _at("36%", "85.5%", "41%", "3.5%", size=8, min_size=5, align="right", color="muted"),
    "accreditation": _at(
        "36%", "89%", "41%", "4.5%", size=7, min_size=5, align="right", color="muted"
    ),
}


def default_layout() -> dict[str, dict[str, Any]]:
    """Where each element goes when a template does not say (percentages fit any page)."""
    return {name: dict(options) for name, options in DEFAULT_LAYOUT.items()}


def to_rgb(value: Any, colors: Mapping[str, str]) -> tuple[int, int, int]:
    """A colour name from ``colors`` or a #RGB / #RRGGBB value, as 0-255 components."""
    text = colors.get(str(value), str(value))
    if not HEX_COLOR.match(text):
        raise DesignError(f"not a colour: {value!r}")
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_length(value: Any, whole: float) -> float:
    """A length in mm from a number (mm), "12mm" or "40%" (of ``whole``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    found = LENGTH.match(str(value).strip())
    if not found:
        raise DesignError(f"not a length: {value!r} (use mm or a percentage)")
    number = float(found.group(1))
    return whole * number / 100 if found.group(2) == "%" else number
