"""Email addresses: one normalization for storing, looking up, throttling and comparing.

``email_key`` is the lookup form (NFKC, case folded, the domain in IDNA ASCII), used for the
unique column, logins, resets and rate-limit keys alike, so ``Ａdmin@EXAMPLE.org`` and
``admin@example.org`` are the same account everywhere.

``check_email`` is the one validator: registration, login, reset requests and
``flask users create-admin`` accept exactly the addresses it accepts.
"""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

from course_engine.texts import N_

#: Most characters an address may have (RFC 5321 path limit).
MAX_EMAIL = 254

#: Said for any address the validator refuses.
INVALID_EMAIL = N_("Enter an email address like name@example.org.")


class InvalidEmail(ValueError):
    """The address is not one the site accepts; ``str()`` is the message for the person."""


def check_email(address: str) -> str:
    """The normalized address, or InvalidEmail: the one rule for every entry point."""
    text = unicodedata.normalize("NFKC", address).strip()
    if not text or len(text) > MAX_EMAIL:
        raise InvalidEmail(INVALID_EMAIL if text else N_("Enter your email address."))
    try:
        valid = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        raise InvalidEmail(INVALID_EMAIL) from None
    return f"{valid.local_part}@{valid.ascii_domain}"


def normalize_email(address: str) -> str:
    """The address as stored for display and mail: NFKC, trimmed, domain lower-case ASCII."""
    text = unicodedata.normalize("NFKC", address).strip()
    try:
        valid = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        return text
    return f"{valid.local_part}@{valid.ascii_domain}"


def email_key(address: str) -> str:
    """The lookup form of an address: normalized, then case folded."""
    local, at, domain = normalize_email(address).rpartition("@")
    if not at:
        return domain.casefold()
    return f"{local.casefold()}@{domain.lower()}"
