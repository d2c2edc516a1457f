"""Filters and globals available in every template."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app


def init_app(app: Flask) -> None:
    """Register the helpers."""
    app.add_template_filter(format_hours, "hours")
    app.context_processor(_globals)


def format_hours(hours: float) -> str:
    """2.0 -> '2 contact hours', 1.5 -> '1.5 contact hours'."""
    text = f"{hours:g}"
    return f"{text} contact hour" + ("" if hours == 1 else "s")


def _globals() -> dict[str, Any]:
    """Site name, and in development the content errors an author must fix."""
    from course_engine import catalog

    show_errors = current_app.config["CONTENT_AUTO_RELOAD"] or current_app.debug
    return {
        "site_name": current_app.config["SITE_NAME"],
        "author_content_errors": catalog.content_errors() if show_errors else [],
    }
