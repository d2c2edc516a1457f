"""Send an email: by SMTP when MAIL_SERVER is set, else into the MAIL_OUTBOX folder as .eml.

Requests never call this: they queue mail with ``course_engine.outbox`` and a worker sends it.
The worker's task passes the settings in (``MailSettings.from_config``).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Seconds to wait for the SMTP server before giving up.
SMTP_TIMEOUT = 15


class MailError(Exception):
    """The message could not be handed to the mail server."""


@dataclass(frozen=True)
class MailSettings:
    """Where mail goes: an SMTP server, else (no server) a folder of .eml files."""

    server: str | None
    port: int = 25
    use_tls: bool = False
    username: str | None = None
    password: str | None = None
    outbox: Path | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        """The MAIL_* settings of an application's config."""
        outbox = config.get("MAIL_OUTBOX")
        return cls(
            server=config.get("MAIL_SERVER") or None,
            port=int(config.get("MAIL_PORT") or 25),
            use_tls=bool(config.get("MAIL_USE_TLS")),
            username=config.get("MAIL_USERNAME") or None,
            password=config.get("MAIL_PASSWORD") or None,
            outbox=Path(outbox) if outbox else None,
        )


def build_message(
    to: str,
    subject: str,
    body: str,
    *,
    sender: str,
    html: str | None = None,
    headers: Mapping[str, str] | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """A plain-text message (with an HTML alternative when given) and the usual headers."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    # A fixed Message-ID per queued mail: a receiver can drop a copy sent twice.
    message["Message-ID"] = f"<{message_id}@{domain}>" if message_id else make_msgid(domain=domain)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def send_message(message: EmailMessage, settings: MailSettings) -> None:
    """Hand a built message to SMTP, or to the outbox folder without a server."""
    if settings.server:
        _send_smtp(message, settings.server, settings)
    elif settings.outbox is None:
        raise MailError("MAIL_SERVER and MAIL_OUTBOX are both unset: nowhere to send mail")
    else:
        path = write_to_outbox(message, settings.outbox)
        log.info("MAIL_SERVER is not set: mail to %s written to %s", message["To"], path)


def _send_smtp(message: EmailMessage, server: str, settings: MailSettings) -> None:
    """Hand the message to the configured SMTP server."""
    try:
        with smtplib.SMTP(server, settings.port, timeout=SMTP_TIMEOUT) as smtp:
            if settings.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"could not send mail via {server}: {error}") from error
    log.info("Mail to %s sent via %s", message["To"], server)


def write_to_outbox(message: EmailMessage, outbox: Path) -> Path:
    """Write the message as a new .eml file in ``outbox`` and return its path."""
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
    path.write_bytes(message.as_bytes())
    return path
