"""The issuer and accrediting body of a course's certificates (``certificate:`` in course.yaml)."""

from __future__ import annotations

import re

from course_engine.content import messages
from course_engine.content.fields import Fields
from course_engine.content.objects import Accreditation, Issuer

ISSUER_KEYS = ("name", "url", "email", "logo")
ACCREDITATION_KEYS = ("body", "url", "provider_number", "statement")
#: An absolute http(s) address with a host and no spaces.
URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)
#: One @, something on both sides, a dot in the domain, no spaces.
EMAIL_RE = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")


def read_issuer(section: Fields) -> Issuer | None:
    """The ``issuer:`` mapping of a certificate section (None when absent or unusable)."""
    issuer = section.mapping("issuer", ISSUER_KEYS)
    if issuer is None:
        return None
    name = issuer.string("name", required=True)
    url = _url(issuer, "url")
    email = issuer.string("email")
    if email is not None and not EMAIL_RE.match(email):
        issuer.error("email", messages.BAD_EMAIL.format(key="email", value=email))
        email = None
    logo = _url(issuer, "logo")
    if name is None:
        return None
    return Issuer(name=name, url=url, email=email, logo=logo)


def read_accreditation(section: Fields) -> Accreditation | None:
    """The ``accreditation:`` mapping of a certificate section (None when absent or unusable)."""
    accreditation = section.mapping("accreditation", ACCREDITATION_KEYS)
    if accreditation is None:
        return None
    body = accreditation.string("body", required=True)
    url = _url(accreditation, "url")
    provider_number = accreditation.string("provider_number")
    statement = accreditation.string("statement")
    if body is None:
        return None
    return Accreditation(body=body, url=url, provider_number=provider_number, statement=statement)


def _url(fields: Fields, key: str) -> str | None:
    value = fields.string(key)
    if value is not None and not URL_RE.match(value):
        fields.error(key, messages.BAD_URL.format(key=key, value=value))
        return None
    return value
