"""One person, several ways in: external identities (OIDC, LTI) found, linked, created, unlinked.

Plain functions over a session: they flush, never commit. The rules:

* an identity already linked (same issuer and subject) signs in as its user;
* otherwise only a *verified* email may match or create an account;
* an existing account with a password is linked only after its owner proves the password
  (``LinkNeeded``), unless the provider is authoritative for the address's domain;
* an account without a password (made by SSO or LTI) links on the verified email;
* a new account is made from the verified claims, in the organization the claims map to.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.auth.accounts import email_key, find_user_by_email
from course_engine.models import AccessRole, ExternalIdentity, IdentityKind, Organization, User
from course_engine.models.types import utcnow

#: password_hash of accounts made by SSO or LTI: no password verifies against it.
NO_PASSWORD = "!external"  # noqa: S105  # nosec B105


class SignInRefused(Exception):
    """The claims may not sign anyone in; ``message`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LinkNeeded(Exception):
    """An account with this email exists and has a password: its owner must prove it first."""

    def __init__(self, user: User) -> None:
        super().__init__(user.email)
        self.user = user


@dataclass(frozen=True)
class VerifiedClaims:
    """What a checked id_token says about the person (email only when verified)."""

    kind: IdentityKind
    provider: str
    issuer: str
    subject: str
    email: str = ""
    name: str = ""
    organization_name: str = ""


def has_password(user: User) -> bool:
    """True when the account can sign in with a password."""
    return not user.password_hash.startswith("!")


def find_identity(session: Session, issuer: str, subject: str) -> ExternalIdentity | None:
    """The identity with this issuer and subject, or None."""
    return session.scalars(
        select(ExternalIdentity).where(
            ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject
        )
    ).first()


def identities_of(session: Session, user: User) -> list[ExternalIdentity]:
    """The user's linked identities, oldest first."""
    return list(
        session.scalars(
            select(ExternalIdentity)
            .where(ExternalIdentity.user_id == user.id)
            .order_by(ExternalIdentity.id)
        )
    )


def sign_in(session: Session, claims: VerifiedClaims, *, authoritative: bool = False) -> User:
    """The user these claims sign in as (created or linked); raise LinkNeeded or SignInRefused."""
    identity = find_identity(session, claims.issuer, claims.subject)
    if identity is not None:
        user = session.get(User, identity.user_id)
        if user is None or not user.is_active or user.deleted_at is not None:
            raise SignInRefused("This account is closed. Ask your administrator.")
        identity.last_used_at = utcnow()
        _place_in_organization(session, user, claims)
        session.flush()
        return user
    if not claims.email:
        raise SignInRefused(
            "Your provider did not confirm your email address, so no account can be made or "
            "found for it. Ask your administrator."
        )
    user = find_user_by_email(session, claims.email)
    if user is None:
        user = _create_user(session, claims)
    elif not user.is_active or user.deleted_at is not None:
        raise SignInRefused("This account is closed. Ask your administrator.")
    elif has_password(user) and not authoritative:
        raise LinkNeeded(user)
    link(session, user, claims)
    _place_in_organization(session, user, claims)
    return user


def link(session: Session, user: User, claims: VerifiedClaims) -> ExternalIdentity:
    """Link the identity in ``claims`` to ``user`` (the caller has checked it may)."""
    identity = ExternalIdentity(
        user_id=user.id,
        kind=claims.kind,
        provider=claims.provider,
        issuer=claims.issuer,
        subject=claims.subject,
        email=claims.email,
        last_used_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(identity)
            session.flush()
    except IntegrityError:  # linked a moment ago by a concurrent sign-in
        raise SignInRefused("This sign-in is already linked. Try again.") from None
    return identity


def owned_identity(session: Session, user: User, identity_id: int) -> ExternalIdentity | None:
    """The user's own identity with this id, or None (someone else's is None too)."""
    identity = session.get(ExternalIdentity, identity_id)
    return identity if identity is not None and identity.user_id == user.id else None


def unlink(session: Session, user: User, identity: ExternalIdentity) -> bool:
    """Remove one of the user's identities unless it is their last way in; True if removed."""
    others = session.scalar(
        select(func.count())
        .select_from(ExternalIdentity)
        .where(ExternalIdentity.user_id == user.id, ExternalIdentity.id != identity.id)
    )
    if not has_password(user) and not others:
        return False
    session.delete(identity)
    session.flush()
    return True


def _create_user(session: Session, claims: VerifiedClaims) -> User:
    """A learner from verified claims; the profile's other fields are asked for afterwards."""
    user = User(
        email=claims.email,
        email_key=email_key(claims.email),
        password_hash=NO_PASSWORD,
        full_name=(claims.name or claims.email.partition("@")[0])[:200],
        role="",
        organization_kind="",
        organization_name="",
        state="",
        access_role=AccessRole.LEARNER,
    )
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError:  # created a moment ago by a concurrent sign-in
        raise SignInRefused("Your account was being created at the same time. Try again.") from None
    return user


def _place_in_organization(session: Session, user: User, claims: VerifiedClaims) -> None:
    """Put a learner with no organization in the one the claims map to (if it exists)."""
    if user.organization_id is not None or not claims.organization_name:
        return
    organization = session.scalars(
        select(Organization).where(Organization.name == claims.organization_name)
    ).first()
    if organization is not None:
        user.organization_id = organization.id
        if not user.organization_name:
            user.organization_name = organization.name
        session.flush()
