"""Certificates: issued when a course is complete, rendered as PDF, verified in public."""

from __future__ import annotations

from typing import Any

from flask import Flask, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from course_engine import notifications
from course_engine.certificates.operations import (
    DEFAULT_SERIAL_PREFIX,
    issue_certificate,
    reissue,
    revoke,
)
from course_engine.extensions import db
from course_engine.models import Certificate
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
#: ``Session.info`` key of the certificates issued in the session's open transaction.
ISSUED_INFO = "certificates_issued"


def init_app(app: Flask) -> None:
    """Settings defaults, the completion hook and the ``flask certificates`` commands."""
    from course_engine.certificates.cli import commands

    app.config.setdefault("VERIFY_RATE_LIMIT", "60 per minute")
    app.config.setdefault("CERTIFICATE_SERIAL_PREFIX", DEFAULT_SERIAL_PREFIX)
    with app.app_context():  # each session of this app carries the setting to the hook
        info = dict(db.sessionmaker.kw.get("info") or {})
        info[SERIAL_PREFIX_INFO] = str(app.config["CERTIFICATE_SERIAL_PREFIX"])
        db.sessionmaker.configure(info=info)
        event.listen(db.sessionmaker, "before_commit", _queue_ready_mail)
        event.listen(db.sessionmaker, "after_transaction_end", _forget_issued)
    if issue_on_completion not in on_course_completed:
        on_course_completed.append(issue_on_completion)
    app.cli.add_command(commands)


def serial_prefix(session: Session) -> str:
    """The CERTIFICATE_SERIAL_PREFIX of the app ``session`` belongs to (else the default)."""
    return str(session.info.get(SERIAL_PREFIX_INFO, DEFAULT_SERIAL_PREFIX))


def issue_on_completion(session: Session, progress: CourseProgress) -> None:
    """The ``on_course_completed`` hook: issue in the transaction that completed the course.

    The "your certificate is ready" email is the app's business, not the domain's: the
    certificate is noted on the session, and the app's before-commit listener queues the mail
    in that same transaction (once per certificate, by its outbox key).
    """
    certificate = issue_certificate(session, progress, serial_prefix=serial_prefix(session))
    if certificate is not None:
        session.info.setdefault(ISSUED_INFO, []).append(certificate.id)


def _queue_ready_mail(session: Session) -> None:
    """Before a commit: queue the ready email of each certificate this transaction issued."""
    issued = session.info.pop(ISSUED_INFO, [])
    if not has_app_context():
        return
    for certificate_id in dict.fromkeys(issued):
        certificate = session.get(Certificate, certificate_id)
        if certificate is not None:
            notifications.certificate_ready(session, certificate)


def _forget_issued(session: Session, transaction: SessionTransaction, *_: Any) -> None:
    """A rolled-back transaction's certificates were never issued: send no mail for them."""
    if transaction.parent is None:
        session.info.pop(ISSUED_INFO, None)
