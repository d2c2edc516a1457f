"""A reset request does the same work inside the request for known and unknown addresses.

The timing difference came from sending mail inside the request; now the mail is queued and a
worker sends it. The attack measured time; this test checks its cause, without a timed assertion:
no SMTP connection is opened while the request runs, for either address, and the answers match.
"""

from __future__ import annotations

import smtplib

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import create_user
from tests.support.forms import csrf_token


class NoSMTPInsideRequests(smtplib.SMTP):
    """Fails the test if anything connects to the mail server during the request."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("an SMTP connection was opened inside the request")


def test_known_and_unknown_reset_requests_open_no_smtp_connection_and_answer_alike(
    app: Flask, client: FlaskClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setattr(smtplib, "SMTP", NoSMTPInsideRequests)
    create_user(db, email="known@example.org")
    answers = []
    for email in ("known@example.org", "unknown@example.org"):
        token = csrf_token(client, "/reset-password")
        response = client.post("/reset-password", data={"email": email, "csrf_token": token})
        answers.append((response.status_code, response.headers.get("Location")))
    assert answers[0] == answers[1] == (302, "/reset-password")


def test_known_unknown_and_closed_addresses_each_queue_one_mail(
    app: Flask, client: FlaskClient, db: Session
) -> None:
    """The timing attack measured the work; here the work is counted: every request renders
    and queues exactly one mail, and only the active account's carries a link."""
    from sqlalchemy import select

    from course_engine.models import OutgoingMail
    from tests.support.forms import newest_mail_id

    create_user(db, email="known@example.org")
    create_user(db, email="closed@example.org", is_active=False)
    queued = {}
    for email in ("known@example.org", "unknown@example.org", "closed@example.org"):
        before = newest_mail_id(client)
        token = csrf_token(client, "/reset-password")
        client.post("/reset-password", data={"email": email, "csrf_token": token})
        db.expire_all()
        rows = db.scalars(select(OutgoingMail).where(OutgoingMail.id > before)).all()
        assert len(rows) == 1 and rows[0].recipient == email
        queued[email] = (rows[0].kind, "/reset-password/" in rows[0].text_body)
    assert queued == {
        "known@example.org": ("password_reset", True),
        "unknown@example.org": ("password_reset_no_account", False),
        "closed@example.org": ("password_reset_no_account", False),
    }
