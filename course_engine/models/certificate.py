"""Certificates of completion and the audit trail of what was done to them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Enum, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class CertificateStatus(enum.StrEnum):
    """What became of a certificate (expiry is computed from ``expires_on``, not stored)."""

    VALID = "valid"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


class CertificateState(enum.StrEnum):
    """What a verifier is told: the stored status, with expiry applied."""

    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


class CertificateAction(enum.StrEnum):
    """An entry of a certificate's audit trail."""

    ISSUED = "issued"
    REVOKED = "revoked"
    REISSUED = "reissued"


class IllegalTransition(Exception):
    """A certificate was asked to change in a way its status does not allow."""


#: At most one certificate per enrolment that is not superseded (Enum columns store names).
_CURRENT = text("status <> 'SUPERSEDED'")


class Certificate(Model):
    """A certificate of completion: the facts as they were when it was issued."""

    __tablename__ = "certificates"
    __table_args__ = (
        Index(
            "uq_certificates_current_enrolment",
            "enrolment_id",
            unique=True,
            sqlite_where=_CURRENT,
            postgresql_where=_CURRENT,
        ),
        {"sqlite_autoincrement": True},  # ids, hence serials, are never reused
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The enrolment whose completion it certifies.
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    #: The learner (owner of the PDF download).
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: Stable id of the course.
    course_slug: Mapped[str] = mapped_column(String(100), index=True)
    #: Human-readable, unique: PREFIX-YEAR-000123 (from the id, so safe under concurrency).
    serial: Mapped[str] = mapped_column(String(60), unique=True)
    #: Random, URL-safe code (144 bits) in the public verification link.
    verification_code: Mapped[str] = mapped_column(String(64), unique=True)
    #: valid, revoked or superseded.
    status: Mapped[CertificateStatus] = mapped_column(
        Enum(CertificateStatus, native_enum=False, length=20),
        default=CertificateStatus.VALID,
    )
    #: The learner's full name as it was when the certificate was issued.
    learner_name: Mapped[str] = mapped_column(String(200))
    #: The course title as it was at completion.
    course_title: Mapped[str] = mapped_column(String(300))
    #: The course version completed.
    course_version: Mapped[str] = mapped_column(String(40))
    #: The content version (``course.yaml`` version + content hash) completed.
    content_version: Mapped[str | None] = mapped_column(String(80))
    #: Contact hours of continuing education.
    hours: Mapped[float] = mapped_column(Float)
    #: When the course was completed.
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The day the certificate stops being valid (None: never expires).
    expires_on: Mapped[date | None] = mapped_column(Date)
    #: Certificate template id (certificates/<id>.yaml) the PDF is rendered from.
    template: Mapped[str] = mapped_column(String(100), default="default")
    #: Who signs, as the course named them at completion.
    signatory_name: Mapped[str | None] = mapped_column(String(200))
    #: The signatory's title.
    signatory_title: Mapped[str | None] = mapped_column(String(200))
    #: The issuing organization and accrediting body as course.yaml named them at issue:
    #: {"name", "url", "email", "logo", "accreditation": {"body", "url", "provider_number",
    #: "statement"} | None} (None: the course named no issuer).
    issuer: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    #: The signed Open Badges 3.0 credential of this certificate (None: issued before
    #: credentials existed; `flask credentials issue-missing` adds them).
    credential: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    #: When the certificate was issued.
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When it was revoked.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why it was revoked (shown on the verification page).
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    #: The certificate that replaced this one (status superseded).
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="SET NULL")
    )
    #: When it was superseded.
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    superseded_by = relationship("Certificate", remote_side=[id], lazy="joined", join_depth=1)

    def state(self, today: date) -> CertificateState:
        """Valid, expired (a valid one past ``expires_on``), revoked or superseded."""
        if self.status == CertificateStatus.VALID:
            if self.expires_on is not None and today >= self.expires_on:
                return CertificateState.EXPIRED
            return CertificateState.VALID
        return CertificateState(self.status.value)

    def revoke(self, reason: str, at: datetime) -> None:
        """Mark revoked; only a valid certificate can be."""
        if self.status != CertificateStatus.VALID:
            raise IllegalTransition(f"certificate {self.serial} is {self.status}, not valid")
        self.status = CertificateStatus.REVOKED
        self.revoked_at = at
        self.revoke_reason = reason

    def supersede(self, at: datetime) -> None:
        """Mark superseded (the replacement is linked once it has an id)."""
        if self.status != CertificateStatus.VALID:
            raise IllegalTransition(f"certificate {self.serial} is {self.status}, not valid")
        self.status = CertificateStatus.SUPERSEDED
        self.superseded_at = at


class CertificateEvent(Model):
    """Who issued, revoked or reissued a certificate, and when."""

    __tablename__ = "certificate_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The certificate acted on.
    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificates.id", ondelete="CASCADE"), index=True
    )
    #: issued, revoked or reissued.
    action: Mapped[CertificateAction] = mapped_column(
        Enum(CertificateAction, native_enum=False, length=20)
    )
    #: Why (revocation reason, reissue reason, what issued it).
    reason: Mapped[str | None] = mapped_column(Text)
    #: Who did it (None: the system or the command line).
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: When.
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
