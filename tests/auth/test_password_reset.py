"""Password reset by email: a real SMTP server, single-use expiring links, the outbox fallback."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth import passwords
from course_engine.auth.reset import create_reset_token, send_password_reset
from course_engine.auth.views import RESET_SENT
from course_engine.models import MailStatus, OutgoingMail, PasswordResetToken
from course_engine.models.types import utcnow
from tests.factories import create_user
from tests.support.forms import AuthActions, csrf_token

NEW_PASSWORD = "my new remembered phrase"
LINK = re.compile(r"http://localhost/reset-password/[A-Za-z0-9_-]+")


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1 that the app sends its mail to."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    try:
        yield inbox
    finally:
        controller.stop()


def ask_for_reset(client: FlaskClient, email: str):
    """Submit the forgotten-password form."""
    data = {"email": email, "csrf_token": csrf_token(client, "/reset-password")}
    return client.post("/reset-password", data=data, follow_redirects=True)


def choose_password(client: FlaskClient, link: str, password: str = NEW_PASSWORD):
    """Open the link and submit a new password."""
    path = link.removeprefix("http://localhost")
    token = csrf_token(client, "/reset-password")  # the link's own page may refuse it
    data = {"password": password, "confirm": password, "csrf_token": token}
    return client.post(path, data=data)


def text_of(message: Message) -> str:
    """The plain-text part of a received message."""
    return message.get_body(("plain",)).get_content()  # type: ignore[attr-defined]


def link_in(message: Message) -> str:
    """The reset link in a received message."""
    found = LINK.search(text_of(message))
    assert found, message.as_string()
    return found.group(0)


def test_reset_by_email_end_to_end(client: FlaskClient, db: Session, smtp: Inbox):
    user = create_user(db, email="Forgetful@Example.org", full_name="Frances Forgetful")

    page = ask_for_reset(client, "forgetful@example.org").get_data(as_text=True)

    assert RESET_SENT in page
    [message] = smtp.messages
    assert message["To"] == "Forgetful@Example.org"
    assert "Reset your password" in message["Subject"]
    assert "Frances Forgetful" in text_of(message)
    html = message.get_body(("html",)).get_content()
    assert '<html lang="en">' in html and "Choose a new password" in html
    link = link_in(message)

    form = client.get(link.removeprefix("http://localhost"))
    assert form.status_code == 200
    assert 'autocomplete="new-password"' in form.get_data(as_text=True)

    response = choose_password(client, link)
    assert response.status_code == 302
    db.refresh(user)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)
    assert client.get("/account").status_code == 200, "the reset logs the learner in"

    AuthActions(client).logout()
    assert AuthActions(client).login("forgetful@example.org", NEW_PASSWORD).status_code == 302


def test_a_reset_link_works_once(client: FlaskClient, db: Session, smtp: Inbox):
    create_user(db, email="once@example.org")
    ask_for_reset(client, "once@example.org")
    link = link_in(smtp.messages[0])
    choose_password(client, link)

    second = client.get(link.removeprefix("http://localhost"))

    assert second.status_code == 410
    assert "expired or was already used" in second.get_data(as_text=True)


def test_unknown_email_gets_the_same_answer_and_a_mail_without_a_link(
    client, db: Session, smtp: Inbox
):
    page = ask_for_reset(client, "stranger@example.org").get_data(as_text=True)

    assert RESET_SENT in page
    [message] = smtp.messages
    assert message["To"] == "stranger@example.org"
    text = message.get_body(("plain",)).get_content()
    assert "no active account uses it" in text and "/reset-password/" not in text


def test_expired_link_is_refused(client: FlaskClient, db: Session, smtp: Inbox):
    user = create_user(db, email="slow@example.org")
    ask_for_reset(client, "slow@example.org")
    link = link_in(smtp.messages[0])
    token = db.scalars(select(PasswordResetToken).filter_by(user_id=user.id)).one()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.flush()

    assert client.get(link.removeprefix("http://localhost")).status_code == 410
    assert choose_password(client, link).status_code == 410
    db.refresh(user)
    assert not passwords.verify_password(user.password_hash, NEW_PASSWORD)


def test_using_a_link_voids_the_other_links(client: FlaskClient, db: Session, smtp: Inbox):
    create_user(db, email="twice@example.org")
    ask_for_reset(client, "twice@example.org")
    ask_for_reset(client, "twice@example.org")
    first, second = (link_in(m) for m in smtp.messages)

    choose_password(client, second)

    assert client.get(first.removeprefix("http://localhost")).status_code == 410


def test_reset_logs_out_other_sessions(app: Flask, client: FlaskClient, db: Session, smtp):
    create_user(db, email="stolen@example.org")
    other_device = app.test_client()
    AuthActions(other_device).login("stolen@example.org")

    ask_for_reset(client, "stolen@example.org")
    choose_password(client, link_in(smtp.messages[0]))

    assert other_device.get("/account").status_code == 302


def test_only_a_hash_of_the_token_is_stored(app: Flask, db: Session):
    user = create_user(db)
    with app.test_request_context():
        token = create_reset_token(db, user)

    stored = db.scalars(select(PasswordResetToken.token_hash)).all()
    assert token not in stored
    assert len(stored) == 1 and len(stored[0]) == 64


def test_made_up_token_is_refused(client: FlaskClient, db: Session):
    assert client.get("/reset-password/not-a-real-token").status_code == 410


def test_without_a_mail_server_the_mail_lands_in_the_outbox(app, db: Session, mail_outbox: Path):
    user = create_user(db, email="outbox@example.org")

    with app.test_request_context():
        send_password_reset(db, user)
        db.commit()  # queued mail goes out after the commit

    [eml] = list(mail_outbox.glob("*.eml"))
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "outbox@example.org"
    assert LINK.search(text_of(message))


def test_a_failing_mail_server_still_gets_the_neutral_answer_and_a_retry(
    client, db, app, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    create_user(db, email="unlucky@example.org")

    page = ask_for_reset(client, "unlucky@example.org").get_data(as_text=True)

    assert RESET_SENT in page
    [queued] = db.scalars(select(OutgoingMail)).all()
    assert (queued.status, queued.attempts) == (MailStatus.QUEUED, 1)
    assert "could not send mail" in queued.last_error
    assert queued.next_attempt_at > utcnow(), "the next try waits (back-off)"
