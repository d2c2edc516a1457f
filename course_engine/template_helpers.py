"""Filters and globals available in every template."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, current_app, has_request_context
from markupsafe import Markup, escape

from course_engine import site_time


def init_app(app: Flask) -> None:
    """Register the helpers."""
    app.add_template_filter(format_hours, "hours")
    app.add_template_filter(format_site_time, "site_time")
    app.config.setdefault("SITE_TIMEZONE", site_time.DEFAULT_ZONE)
    site_time.zone(app.config["SITE_TIMEZONE"])  # an unknown zone stops the start here
    app.add_template_filter(estimated_hours, "estimated_hours")
    app.add_template_filter(course_length, "course_length")
    app.context_processor(_globals)


def format_hours(hours: float) -> str:
    """2.0 -> '2 contact hours', 1.5 -> '1.5 contact hours'."""
    text = f"{hours:g}"
    return f"{text} contact hour" + ("" if hours == 1 else "s")


def format_site_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M", empty: str = "–") -> str:
    """A UTC instant as a <time> in the site time zone, its zone abbreviation shown (EST)."""
    if value is None:
        return empty
    shown = site_time.local(value, current_app.config["SITE_TIMEZONE"])
    return Markup('<time datetime="{}">{}</time>').format(
        shown.isoformat(), escape(shown.strftime(fmt + " %Z" if "%H" in fmt else fmt))
    )


def estimated_hours(hours: float) -> str:
    """1.5 -> 'about 1.5 hours', 1.0 -> 'about 1 hour'."""
    text = f"{hours:g}"
    return f"about {text} hour" + ("" if hours == 1 else "s")


def course_length(course: Any) -> str:
    """Contact hours when the course names an accrediting body, else its estimated length."""
    certificate = getattr(course, "certificate", None)
    if certificate is not None and getattr(certificate, "accreditation", None) is not None:
        return format_hours(course.hours)
    return "Estimated length: " + estimated_hours(course.hours)


def _globals() -> dict[str, Any]:
    """Site name, and for authors and administrators the content errors they must fix."""
    from flask_login import current_user

    from course_engine import live_content
    from course_engine.admin.access import can_preview_drafts

    # Mail rendered outside a request has no user: no banner there.
    show_errors = has_request_context() and can_preview_drafts(current_user)
    return {
        "site_name": current_app.config["SITE_NAME"],
        "site_timezone": current_app.config["SITE_TIMEZONE"],
        "author_content_errors": live_content.content_errors() if show_errors else [],
        "content_loaded": live_content.current_catalog() is not None,
    }
