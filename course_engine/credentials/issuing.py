"""Signing a certificate's credential and keeping its status list bit: flushed, never committed."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cached_property

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.credentials import proof, status_list
from course_engine.credentials.badge import build_credential, timestamp
from course_engine.credentials.did import did_document, did_web, method_id
from course_engine.credentials.keys import SigningKey
from course_engine.models import Certificate, CertificateStatus, StatusList, User
from course_engine.models.types import utcnow

#: Paths (below the base URL) of what the credentials point to.
STATUS_PATH = "/credentials/status/{number}"
CREDENTIAL_PATH = "/verify/{code}/credential.json"
ACHIEVEMENT_PATH = "/courses/{slug}"


@dataclass(frozen=True)
class IssuerKeys:
    """The public base URL the issuer's DID is made from, and its keys (the last one signs)."""

    base_url: str
    keys: tuple[SigningKey, ...]

    @cached_property
    def did(self) -> str:
        """did:web of the base URL."""
        return did_web(self.base_url)

    @property
    def signing_key(self) -> SigningKey:
        """The newest key."""
        return self.keys[-1]

    def url(self, path: str) -> str:
        """An absolute URL below the base URL."""
        return self.base_url.rstrip("/") + path

    def status_list_url(self, number: int) -> str:
        """The public URL of status list ``number``."""
        return self.url(STATUS_PATH.format(number=number))

    def public_key(self, verification_method: str) -> Ed25519PublicKey | None:
        """The public key of one of this issuer's verification methods (None: not ours)."""
        for key in self.keys:
            if method_id(self.did, key) == verification_method:
                return key.private.public_key()
        return None

    def did_document(self) -> dict[str, object]:
        """The DID document listing every key."""
        return did_document(self.did, list(self.keys))


def attach_credential(
    session: Session, certificate: Certificate, issuer: IssuerKeys, course: Course | None
) -> None:
    """Sign the certificate's OpenBadgeCredential and store it; make sure its status list exists."""
    user = session.get(User, certificate.user_id)
    assert user is not None
    number, index = status_list.position(certificate.id)
    list_url = issuer.status_list_url(number)
    unsigned = build_credential(
        certificate,
        email=user.email,
        did=issuer.did,
        credential_id=issuer.url(CREDENTIAL_PATH.format(code=certificate.verification_code)),
        achievement_id=issuer.url(ACHIEVEMENT_PATH.format(slug=certificate.course_slug)),
        status=status_list.entry(list_url, index),
        course=course,
    )
    key = issuer.signing_key
    certificate.credential = proof.sign(
        unsigned, key, method_id(issuer.did, key), certificate.issued_at
    )
    _ensure_list(session, number, issuer)
    if certificate.status != CertificateStatus.VALID:
        refresh_status(session, certificate, issuer)
    session.flush()


def refresh_status(session: Session, certificate: Certificate, issuer: IssuerKeys) -> None:
    """Set the certificate's bit to its status (revoked or superseded: set) and re-sign the list."""
    number, index = status_list.position(certificate.id)
    _ensure_list(session, number, issuer)
    locked = select(StatusList).where(StatusList.id == number).with_for_update()
    # populate_existing: the bits as committed by whoever held the lock before us.
    row = session.scalars(locked.execution_options(populate_existing=True)).one()
    revoked = certificate.status != CertificateStatus.VALID
    if status_list.bit(row.bits, index) == revoked:
        return
    row.bits = status_list.with_bit(row.bits, index, revoked)
    row.updated_at = utcnow()
    row.credential = _signed_list(number, row.bits, row, issuer)
    session.flush()


def resign_lists(session: Session, issuer: IssuerKeys) -> int:
    """Sign every status list again (after a key rotation or a base URL change); the count."""
    rows = session.scalars(select(StatusList).order_by(StatusList.id)).all()
    for row in rows:
        row.credential = _signed_list(row.id, row.bits, row, issuer)
    session.flush()
    return len(rows)


def _signed_list(
    number: int, bits: bytes, row: StatusList, issuer: IssuerKeys
) -> dict[str, object]:
    url = issuer.status_list_url(number)
    unsigned = status_list.list_credential(url, issuer.did, bits, timestamp(row.updated_at))
    key = issuer.signing_key
    return proof.sign(unsigned, key, method_id(issuer.did, key), row.updated_at)


def _ensure_list(session: Session, number: int, issuer: IssuerKeys) -> None:
    """Create status list ``number`` (all bits clear) unless it exists; safe under races."""
    if session.get(StatusList, number) is not None:
        return
    now = utcnow()
    row = StatusList(id=number, bits=status_list.empty_bits(), updated_at=now, credential={})
    row.credential = _signed_list(number, row.bits, row, issuer)
    # A concurrent transaction may create it first: its savepoint then rolls back alone.
    with contextlib.suppress(IntegrityError), session.begin_nested():
        session.add(row)
