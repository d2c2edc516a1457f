"""Finding certificates: by enrolment, learner, serial or verification code."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from course_engine.models import Certificate, CertificateStatus, Enrolment

#: Verification codes are URL-safe base64; anything else is rejected before a query.
CODE_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


#: Built once: the course page and the dashboard read these.
CURRENT_OF_ENROLMENT = select(Certificate).where(
    Certificate.enrolment_id == bindparam("enrolment_id"),
    Certificate.status != CertificateStatus.SUPERSEDED,
)
CURRENT_OF_USER = select(Certificate).where(
    Certificate.user_id == bindparam("user_id"),
    Certificate.status != CertificateStatus.SUPERSEDED,
)


def current_certificate(session: Session, enrolment_id: int) -> Certificate | None:
    """The enrolment's certificate that is not superseded (valid or revoked), if any."""
    return session.scalar(CURRENT_OF_ENROLMENT, {"enrolment_id": enrolment_id})


def certificates_by_course(session: Session, user_id: int) -> dict[str, Certificate]:
    """A learner's current certificates, keyed by course slug (for the dashboard)."""
    rows = session.scalars(CURRENT_OF_USER, {"user_id": user_id})
    return {certificate.course_slug: certificate for certificate in rows}


def certificate_by_code(session: Session, code: str) -> Certificate | None:
    """The certificate with this verification code (None for unknown or malformed codes)."""
    if not code or len(code) > 64 or not set(code) <= CODE_ALPHABET:
        return None
    return session.scalar(select(Certificate).where(Certificate.verification_code == code))


def certificate_by_serial(session: Session, serial: str) -> Certificate | None:
    """The certificate with this serial (case and surrounding spaces ignored)."""
    wanted = serial.strip().upper()
    if not wanted or len(wanted) > 60:
        return None
    return session.scalar(select(Certificate).where(Certificate.serial == wanted))


def find_certificate(session: Session, serial_or_code: str) -> Certificate | None:
    """What an employer typed: a serial, a verification code, or a pasted verification link."""
    text = serial_or_code.strip()
    if "/verify/" in text:
        text = text.rsplit("/verify/", 1)[1].split("?")[0].removesuffix(".json")
    return certificate_by_serial(session, text) or certificate_by_code(session, text)


def _folded(text: str) -> str:
    """``text`` compared loosely: compatibility-normalized, accents dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_matches(full_name: str, last_name: str) -> bool:
    """True when ``last_name`` is the name's last word or its first (family name first)."""
    words = _folded(full_name).replace("-", " ").split()
    wanted = _folded(last_name).replace("-", " ").split()
    if not words or not wanted:
        return False
    return wanted in (words[-len(wanted) :], words[: len(wanted)])


def initials(full_name: str) -> str:
    """ "Z. Å." for "Zoë Ångström-Łukasiewicz": the first letter of each word."""
    return " ".join(f"{word[0]}." for word in full_name.split() if word)


def valid_certificates(session: Session, course_slug: str) -> Sequence[Certificate]:
    """A course's certificates whose status is valid (expired ones included), by serial."""
    return session.scalars(
        select(Certificate)
        .where(Certificate.course_slug == course_slug)
        .where(Certificate.status == CertificateStatus.VALID)
        .order_by(Certificate.id)
    ).all()


def completed_without_certificate(session: Session) -> Sequence[Enrolment]:
    """Completed enrolments with no current certificate (revoked ones count as current)."""
    has_current = exists().where(
        Certificate.enrolment_id == Enrolment.id,
        Certificate.status != CertificateStatus.SUPERSEDED,
    )
    return session.scalars(
        select(Enrolment)
        .where(Enrolment.completed_at.is_not(None), ~has_current)
        .order_by(Enrolment.id)
    ).all()
