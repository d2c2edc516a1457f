"""Send an email: by SMTP when MAIL_SERVER is set, else into the MAIL_OUTBOX folder as .eml."""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)

#: Seconds to wait for the SMTP server before giving up.
SMTP_TIMEOUT = 15


class MailError(Exception):
    """The message could not be handed to the mail server."""


def build_message(to: str, subject: str, body: str, *, sender: str) -> EmailMessage:
    """A plain-text message with the headers mail servers expect."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(body)
    return message


def send_email(to: str, subject: str, body: str) -> EmailMessage:
    """Send a plain-text email (raises MailError when the SMTP server refuses it)."""
    config = current_app.config
    message = build_message(to, subject, body, sender=config["MAIL_SENDER"])
    if config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        path = write_to_outbox(message, Path(config["MAIL_OUTBOX"]))
        log.info("MAIL_SERVER is not set: mail to %s written to %s", to, path)
    return message


def _send_smtp(message: EmailMessage) -> None:
    """Hand the message to the configured SMTP server."""
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"could not send mail via {config['MAIL_SERVER']}: {error}") from error
    log.info("Mail to %s sent via %s", message["To"], config["MAIL_SERVER"])


def write_to_outbox(message: EmailMessage, outbox: Path) -> Path:
    """Write the message as a new .eml file in ``outbox`` and return its path."""
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
    path.write_bytes(message.as_bytes())
    return path
