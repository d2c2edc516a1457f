"""The SVG bar charts: an accessible image, escaped text, no style attributes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from course_engine.reports.charts import Series, bar_chart, format_value

SVG = "{http://www.w3.org/2000/svg}"


def test_a_chart_is_an_image_with_a_title_and_a_title_per_bar() -> None:
    chart = bar_chart("Enrolments by role", ["Teacher", "Staff"], [Series("Enrolments", [3, 1])])
    root = ET.fromstring(str(chart))  # noqa: S314 (our own markup)
    assert (root.get("role"), root.get("aria-label")) == ("img", "Enrolments by role")
    assert root.find(f"{SVG}title").text == "Enrolments by role"  # type: ignore[union-attr]
    bars = root.findall(f"{SVG}g")
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["Teacher: 3", "Staff: 1"]  # type: ignore[union-attr]
    widths = [float(bar.find(f"{SVG}rect").get("width")) for bar in bars]  # type: ignore[union-attr, arg-type]
    assert abs(widths[0] - 3 * widths[1]) < 0.5
    assert "style" not in str(chart)


def test_text_is_escaped_and_long_labels_are_shortened() -> None:
    label = "<script>alert(1)</script> & " + "x" * 100
    chart = str(bar_chart("A & B", [label], [Series("S", [1])]))
    assert "<script>" not in chart and "&lt;script&gt;" in chart
    ET.fromstring(chart)  # noqa: S314 (still well-formed)
    assert "…" in chart


def test_two_series_get_a_legend_and_missing_values_draw_nothing() -> None:
    chart = str(
        bar_chart(
            "Funnel",
            ["M1"],
            [Series("Reached", [2]), Series("Completed", [None])],
            maximum=100,
            unit="%",
        )
    )
    assert ">Reached</text>" in chart and ">Completed</text>" in chart
    assert "M1: Completed –" in chart and 'width="0.0"' in chart


def test_format_value() -> None:
    assert [format_value(v, "%") for v in (None, 33.333, 100.0, 0)] == ["–", "33.3%", "100%", "0%"]
