"""Issuing, revoking and reissuing certificates: each change flushed and audited, not committed."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.certificates.queries import current_certificate
from course_engine.content import CertificateSettings, Course
from course_engine.models import (
    Certificate,
    CertificateAction,
    CertificateEvent,
    Enrolment,
    User,
)
from course_engine.models.types import utcnow
from course_engine.progress.state import CourseProgress

#: Serials look like HEART-2026-000123 unless the app sets CERTIFICATE_SERIAL_PREFIX.
DEFAULT_SERIAL_PREFIX = "HEART"
#: Called with (session, certificate, action) in the transaction of every issue, revoke and
#: reissue (the credentials package signs the credential and keeps the status list here).
on_certificate_changed: list[Callable[[Session, Certificate, CertificateAction], None]] = []


def _changed(session: Session, certificate: Certificate, action: CertificateAction) -> None:
    for hook in on_certificate_changed:
        hook(session, certificate, action)


def new_verification_code() -> str:
    """A random, URL-safe code of 144 bits."""
    return secrets.token_urlsafe(18)


def issuer_record(settings: CertificateSettings) -> dict[str, Any] | None:
    """The issuer and accrediting body as stored on a certificate (None: none named)."""
    if settings.issuer is None:
        return None
    record = dataclasses.asdict(settings.issuer)
    accreditation = settings.accreditation
    record["accreditation"] = dataclasses.asdict(accreditation) if accreditation else None
    return record


def format_serial(prefix: str, year: int, number: int) -> str:
    """PREFIX-YEAR-000123: readable, and unique because ``number`` is the row id."""
    return f"{prefix.upper()}-{year}-{number:06d}"


def issue_certificate(
    session: Session,
    progress: CourseProgress,
    *,
    serial_prefix: str = DEFAULT_SERIAL_PREFIX,
    reason: str = "course completed",
) -> Certificate | None:
    """Issue the certificate of a completed enrolment once; return it (None: course has none).

    Safe under concurrent calls: the insert runs in a SAVEPOINT and the partial unique index
    on the enrolment's current certificate turns a lost race into "already issued".
    """
    return issue_for_enrolment(
        session, progress.enrolment, progress.course, serial_prefix=serial_prefix, reason=reason
    )


def issue_for_enrolment(
    session: Session,
    enrolment: Enrolment,
    course: Course,
    *,
    serial_prefix: str = DEFAULT_SERIAL_PREFIX,
    reason: str = "course completed",
) -> Certificate | None:
    """Issue the certificate of a completed enrolment unless it has a current one."""
    settings = course.certificate
    if settings is None or enrolment.completed_at is None:
        return None
    existing = current_certificate(session, enrolment.id)
    if existing is not None:
        return existing
    user = session.get(User, enrolment.user_id)
    assert user is not None
    completed = enrolment.completed_at
    expires = None
    if settings.valid_for_days:
        expires = completed.date() + timedelta(days=settings.valid_for_days)
    certificate = Certificate(
        enrolment_id=enrolment.id,
        user_id=user.id,
        course_slug=course.slug,
        learner_name=user.full_name,
        course_title=course.title,
        course_version=course.version,
        content_version=enrolment.completed_version or course.content_version,
        hours=course.hours,
        completed_at=completed,
        expires_on=expires,
        template=settings.template,
        signatory_name=settings.signatory_name,
        signatory_title=settings.signatory_title,
        issuer=issuer_record(settings),
    )
    try:
        _insert(session, certificate, serial_prefix, CertificateAction.ISSUED, reason, None)
    except IntegrityError:  # a concurrent request issued it first
        found = current_certificate(session, enrolment.id)
        if found is None:
            raise
        return found
    return certificate


def revoke(
    session: Session, certificate: Certificate, reason: str, actor: User | None
) -> Certificate:
    """Revoke a valid certificate (it then verifies as revoked, with date and reason)."""
    now = utcnow()
    certificate.revoke(reason, now)
    session.add(
        CertificateEvent(
            certificate_id=certificate.id,
            action=CertificateAction.REVOKED,
            reason=reason,
            actor_user_id=actor.id if actor else None,
            at=now,
        )
    )
    session.flush()
    _changed(session, certificate, CertificateAction.REVOKED)
    return certificate


def reissue(
    session: Session,
    certificate: Certificate,
    actor: User | None,
    *,
    reason: str = "learner's name changed",
    serial_prefix: str = DEFAULT_SERIAL_PREFIX,
) -> Certificate:
    """Replace a valid certificate by a new one in the learner's current name.

    The old one becomes superseded and points to the new one; the completion facts (course,
    hours, dates, signatory) are carried over unchanged.
    """
    user = session.get(User, certificate.user_id)
    assert user is not None
    now = utcnow()
    certificate.supersede(now)
    session.flush()  # leaves the partial unique index before the replacement enters it
    replacement = Certificate(
        enrolment_id=certificate.enrolment_id,
        user_id=user.id,
        course_slug=certificate.course_slug,
        learner_name=user.full_name,
        course_title=certificate.course_title,
        course_version=certificate.course_version,
        hours=certificate.hours,
        completed_at=certificate.completed_at,
        expires_on=certificate.expires_on,
        template=certificate.template,
        signatory_name=certificate.signatory_name,
        signatory_title=certificate.signatory_title,
        issuer=certificate.issuer,
    )
    actor_id = actor.id if actor else None
    _insert(
        session,
        replacement,
        serial_prefix,
        CertificateAction.ISSUED,
        f"reissue of {certificate.serial}",
        actor_id,
    )
    certificate.superseded_by = replacement
    session.add(
        CertificateEvent(
            certificate_id=certificate.id,
            action=CertificateAction.REISSUED,
            reason=f"{reason}; superseded by {replacement.serial}",
            actor_user_id=actor_id,
            at=now,
        )
    )
    session.flush()
    _changed(session, certificate, CertificateAction.REISSUED)
    return replacement


def _insert(
    session: Session,
    certificate: Certificate,
    serial_prefix: str,
    action: CertificateAction,
    reason: str,
    actor_id: int | None,
) -> None:
    """Insert with a unique placeholder serial, then derive the serial from the new id."""
    now = utcnow()
    certificate.issued_at = now
    certificate.verification_code = new_verification_code()
    certificate.serial = f"pending-{certificate.verification_code}"
    with session.begin_nested():
        session.add(certificate)
        session.flush()
        certificate.serial = format_serial(
            serial_prefix, certificate.completed_at.year, certificate.id
        )
        session.add(
            CertificateEvent(
                certificate_id=certificate.id,
                action=action,
                reason=reason,
                actor_user_id=actor_id,
                at=now,
            )
        )
    _changed(session, certificate, action)
