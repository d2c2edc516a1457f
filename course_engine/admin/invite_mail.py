"""Emailing an invite code: one invitation per address, queued in the outbox, sent by a worker."""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy.orm import Session
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from course_engine import outbox
from course_engine.auth.emails import InvalidEmail, check_email
from course_engine.models import InviteCode, OutgoingMail, User
from course_engine.safe_forms import SafeForm
from course_engine.urls import external_url

#: Addresses one form may invite at once.
MAX_ADDRESSES = 200


class InviteEmailForm(SafeForm):
    """Addresses to send an invite code's registration link to."""

    addresses = TextAreaField(
        "Email addresses",
        description=f"One address a line (or separated by commas), at most {MAX_ADDRESSES}.",
        validators=[DataRequired(message="Enter at least one address."), Length(max=60000)],
    )

    #: The valid addresses, normalized and each once (after validation).
    checked: list[str]

    def validate_addresses(self, field: TextAreaField) -> None:
        """Every address valid, at most MAX_ADDRESSES; ``checked`` holds them."""
        text = (field.data or "").replace(",", "\n").replace(";", "\n")
        wanted = [line.strip() for line in text.splitlines() if line.strip()]
        if len(wanted) > MAX_ADDRESSES:
            raise ValidationError(f"At most {MAX_ADDRESSES} addresses at once.")
        bad = []
        for address in wanted:
            try:
                check_email(address)
            except InvalidEmail:
                bad.append(address)
        if bad:
            raise ValidationError("Not an email address: " + ", ".join(bad[:10]))
        self.checked = list(dict.fromkeys(check_email(address) for address in wanted))


def queue_invitations(
    session: Session, invite: InviteCode, addresses: list[str], sender: User
) -> int:
    """Queue one invitation per address (never twice for the same code and address)."""
    site = current_app.config["SITE_NAME"]
    subject = f"You are invited to {site}"
    context = {
        "subject": subject,
        "link": external_url("auth.register", code=invite.code),
        "code": invite.code,
        "organization": invite.organization.name if invite.organization else None,
        "expires_at": invite.expires_at,
        "sender": sender,
        "site_url": external_url("learn.home"),
    }
    queued = 0
    for address in addresses:
        row: OutgoingMail | None = outbox.queue_mail(
            session,
            to=address,
            subject=subject,
            kind="invitation",
            dedupe_key=f"invitation:{invite.id}:{address.lower()}",
            text=render_template("email/invitation.txt", **context),
            html=render_template("email/invitation.html", **context),
        )
        queued += row is not None
    return queued
