"""Certificates: issued when a course is complete, rendered as PDF, verified in public."""

from __future__ import annotations

from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from course_engine.certificates.operations import (
    DEFAULT_SERIAL_PREFIX,
    issue_certificate,
    reissue,
    revoke,
)
from course_engine.progress.completion import on_course_completed
from course_engine.progress.state import CourseProgress

__all__ = ["init_app", "issue_certificate", "issue_on_completion", "reissue", "revoke"]


def init_app(app: Flask) -> None:
    """Settings defaults, the completion hook and the ``flask certificates`` commands."""
    from course_engine.certificates.cli import commands

    app.config.setdefault("VERIFY_RATE_LIMIT", "60 per minute")
    app.config.setdefault("CERTIFICATE_SERIAL_PREFIX", DEFAULT_SERIAL_PREFIX)
    app.config.setdefault("CERTIFICATE_BASE_URL", None)
    if issue_on_completion not in on_course_completed:
        on_course_completed.append(issue_on_completion)
    app.cli.add_command(commands)


def serial_prefix() -> str:
    """The app's CERTIFICATE_SERIAL_PREFIX (the default outside an app)."""
    if has_app_context():
        return current_app.config.get("CERTIFICATE_SERIAL_PREFIX", DEFAULT_SERIAL_PREFIX)
    return DEFAULT_SERIAL_PREFIX


def issue_on_completion(session: Session, progress: CourseProgress) -> None:
    """The ``on_course_completed`` hook: issue in the transaction that completed the course."""
    issue_certificate(session, progress, serial_prefix=serial_prefix())
