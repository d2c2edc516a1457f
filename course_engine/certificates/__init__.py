"""Certificates: issued when a course is complete, rendered as PDF, verified in public."""

from __future__ import annotations

from flask import Flask, has_app_context
from sqlalchemy.orm import Session

from course_engine import notifications
from course_engine.certificates.operations import (
    DEFAULT_SERIAL_PREFIX,
    issue_certificate,
    reissue,
    revoke,
)
from course_engine.extensions import db
from course_engine.progress.completion import on_course_completed
from course_engine.progress.state import CourseProgress

__all__ = [
    "DEFAULT_SERIAL_PREFIX",
    "SERIAL_PREFIX_INFO",
    "init_app",
    "issue_certificate",
    "issue_on_completion",
    "reissue",
    "revoke",
    "serial_prefix",
]

#: ``Session.info`` key of the serial prefix the app's sessions issue certificates with.
SERIAL_PREFIX_INFO = "certificate_serial_prefix"


def init_app(app: Flask) -> None:
    """Settings defaults, the completion hook and the ``flask certificates`` commands."""
    from course_engine.certificates.cli import commands

    app.config.setdefault("VERIFY_RATE_LIMIT", "60 per minute")
    app.config.setdefault("CERTIFICATE_SERIAL_PREFIX", DEFAULT_SERIAL_PREFIX)
    with app.app_context():  # each session of this app carries the setting to the hook
        info = dict(db.sessionmaker.kw.get("info") or {})
        info[SERIAL_PREFIX_INFO] = str(app.config["CERTIFICATE_SERIAL_PREFIX"])
        db.sessionmaker.configure(info=info)
    if issue_on_completion not in on_course_completed:
        on_course_completed.append(issue_on_completion)
    app.cli.add_command(commands)


def serial_prefix(session: Session) -> str:
    """The CERTIFICATE_SERIAL_PREFIX of the app ``session`` belongs to (else the default)."""
    return str(session.info.get(SERIAL_PREFIX_INFO, DEFAULT_SERIAL_PREFIX))


def issue_on_completion(session: Session, progress: CourseProgress) -> None:
    """The ``on_course_completed`` hook: issue in the transaction that completed the course,
    and queue the "your certificate is ready" email (sent once, after that commit)."""
    certificate = issue_certificate(session, progress, serial_prefix=serial_prefix(session))
    if certificate is not None and has_app_context():
        notifications.certificate_ready(session, certificate)
