"""Small server-rendered SVG charts: no script, no style attributes, a text alternative.

A chart is an image (role="img" with an aria-label and a <title>); each bar has its own
<title> for pointer users. Pages always show the same numbers in a table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
VALUE_ROOM = 72  #: space right of the longest bar for its number
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_GAP = 10
LEGEND_HEIGHT = 26
MAX_LABEL = 80  #: characters of a label drawn in the chart (the table has the full text)
#: Bar colours with at least 4.5:1 contrast on white (bars never carry meaning by colour alone).
COLORS = ("#0b5394", "#8a1538", "#1e6b2f", "#7a4b00")
INK = "#1d2430"


@dataclass(frozen=True)
class Series:
    """One set of bars: a name (legend) and a value per label."""

    name: str
    values: Sequence[float | None]


def format_value(value: float | None, unit: str = "") -> str:
    """A value as drawn: one decimal at most, '–' for no value."""
    if value is None:
        return "–"
    return f"{round(value, 1):g}{unit}"


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    maximum: float | None = None,
    unit: str = "",
) -> Markup:
    """A horizontal bar chart as inline SVG markup (every text escaped)."""
    values = [v for s in series for v in s.values if v is not None]
    top = maximum if maximum is not None else max(values, default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / top
    legend = len(series) > 1
    row_height = LABEL_HEIGHT + len(series) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    height = (LEGEND_HEIGHT if legend else 0) + row_height * len(labels) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-label="{escape(title)}" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="system-ui, sans-serif" font-size="14">',
        f"<title>{escape(title)}</title>",
    ]
    y = 0
    if legend:
        parts.extend(_legend(series))
        y = LEGEND_HEIGHT
    for index, label in enumerate(labels):
        parts.append(f'<text x="0" y="{y + 15}" fill="{INK}">{escape(_shorten(label))}</text>')
        bar_y = y + LABEL_HEIGHT
        for number, one in enumerate(series):
            value = one.values[index]
            width = max(0.0, (value or 0) * scale)
            name = (
                f"{label}: {one.name} {format_value(value, unit)}"
                if legend
                else (f"{label}: {format_value(value, unit)}")
            )
            parts.append(
                f"<g><title>{escape(name)}</title>"
                f'<rect x="0" y="{bar_y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{COLORS[number % len(COLORS)]}"/>'
                f'<text x="{width + 6:.1f}" y="{bar_y + BAR_HEIGHT - 3}" fill="{INK}">'
                f"{escape(format_value(value, unit))}</text></g>"
            )
            bar_y += BAR_HEIGHT + BAR_GAP
        y += row_height
    parts.append("</svg>")
    # Every text above went through escape(); numbers are formatted by us.
    return Markup("".join(parts))  # noqa: S704  # nosec B704


def _legend(series: Sequence[Series]) -> list[str]:
    """A key above the bars: a swatch and the series name, left to right."""
    parts, x = [], 0
    for number, one in enumerate(series):
        color = COLORS[number % len(COLORS)]
        parts.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{color}"/>')
        parts.append(f'<text x="{x + 20}" y="16" fill="{INK}">{escape(one.name)}</text>')
        x += 40 + 8 * len(one.name)
    return parts


def _shorten(label: str) -> str:
    """A label cut to MAX_LABEL characters with an ellipsis."""
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"
