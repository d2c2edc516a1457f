"""Account operations: register, authenticate, change password, edit profile.

Each takes a SQLAlchemy session, changes objects and flushes; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.auth import emails, passwords
from course_engine.auth.invites import InviteError, claim_invite, usable_invite
from course_engine.lookalikes import address_skeleton
from course_engine.models import AccessRole, InviteCode, PasswordResetToken, User, UserSession
from course_engine.models.types import utcnow

#: Registration modes (config REGISTRATION_MODE).
OPEN, INVITE, DOMAIN = "open", "invite", "domain"

#: Said for a taken address: true for the person who owns it, no proof for anyone else.
DUPLICATE_EMAIL = (
    "An account with this email may already exist. Log in, or reset your password if you "
    "have forgotten it."
)
#: Said for an address that looks like a registered one (TR39 skeleton): shown only to whoever
#: opens the confirmation mail, never on the registration page.
LOOKALIKE_EMAIL = (
    "This address looks the same as one already registered here (some of its letters come "
    "from another alphabet, or read alike). Register with another address."
)
INVITE_REQUIRED = "Enter the invite code from your invitation."


class RegistrationError(Exception):
    """Registration refused; ``field`` names the form field the ``message`` belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Profile:
    """What learners say about themselves (used in reports and on certificates)."""

    full_name: str
    role: str
    organization_kind: str
    state: str
    organization_name: str = ""


def email_key(email: str) -> str:
    """The lookup form of an address (see course_engine.auth.emails)."""
    return emails.email_key(email)


def find_user_by_email(session: Session, email: str) -> User | None:
    """The account registered with this address (any letter case), or None."""
    return session.scalars(select(User).where(User.email_key == email_key(email))).first()


def find_lookalike(session: Session, email: str) -> User | None:
    """Another account whose address looks like this one (same TR39 skeleton), or None."""
    key = email_key(email)
    return session.scalars(
        select(User).where(
            User.email_skeleton == address_skeleton(key)[:254], User.email_key != key
        )
    ).first()


def register(
    session: Session,
    *,
    email: str,
    password: str = "",
    password_hash: str = "",
    profile: Profile,
    invite_code: str = "",
    mode: str = OPEN,
    allowed_domains: tuple[str, ...] = (),
) -> User:
    """Create a learner account (from a password or its hash); on RegistrationError nothing is
    left changed (savepoint)."""
    with session.begin_nested():
        return _register(
            session,
            emails.normalize_email(email),
            password_hash or passwords.hash_password(password),
            profile,
            invite_code.strip(),
            mode,
            allowed_domains,
        )


def _register(
    session: Session,
    email: str,
    password_hash: str,
    profile: Profile,
    invite_code: str,
    mode: str,
    allowed_domains: tuple[str, ...],
) -> User:
    """The steps of ``register``, in order: domain, invite code, address, insert."""
    invite = check_form(session, email, invite_code, mode, allowed_domains)
    if find_user_by_email(session, email) is not None:
        raise RegistrationError("email", DUPLICATE_EMAIL)
    if find_lookalike(session, email) is not None:
        raise RegistrationError("email", LOOKALIKE_EMAIL)
    user = User(
        email=email,
        email_key=email_key(email),
        password_hash=password_hash,
        access_role=AccessRole.LEARNER,
    )
    _apply_profile(user, profile)
    if invite is not None:
        try:
            claim_invite(session, invite)
        except InviteError as error:
            raise RegistrationError("invite_code", str(error)) from None
        user.organization_id = invite.organization_id
        user.cohort_id = invite.cohort_id
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError:  # registered a moment ago by a concurrent request
        raise RegistrationError("email", DUPLICATE_EMAIL) from None
    return user


def check_form(
    session: Session, email: str, invite_code: str, mode: str, allowed_domains: tuple[str, ...]
) -> InviteCode | None:
    """What the registration form itself must get right (the domain, the invite code): the
    usable invite or None; RegistrationError says what is wrong (nothing about other people)."""
    if mode == DOMAIN and not _domain_allowed(email, allowed_domains):
        raise RegistrationError(
            "email",
            "Registration is open to addresses ending in "
            + ", ".join(f"@{d}" for d in allowed_domains)
            + " only.",
        )
    if not invite_code and mode != INVITE:
        return None
    if not invite_code:
        raise RegistrationError("invite_code", INVITE_REQUIRED)
    try:
        return usable_invite(session, invite_code)
    except InviteError as error:
        raise RegistrationError("invite_code", str(error)) from None


def _domain_allowed(email: str, allowed_domains: tuple[str, ...]) -> bool:
    """True when the address's domain is one of the allowed ones."""
    domain = email.rpartition("@")[2].lower()
    return domain in {d.lower() for d in allowed_domains}


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active account with these credentials, or None (same work whether it exists)."""
    user = find_user_by_email(session, email)
    if user is None:
        passwords.verify_dummy(password)
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.is_active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        session.flush()
    return user


def record_login(session: Session, user: User) -> None:
    """Remember when the user logged in."""
    user.last_login_at = utcnow()
    session.flush()


def set_password(session: Session, user: User, new_password: str) -> None:
    """Set a new password, log out every session and void unused reset links."""
    user.password_hash = passwords.hash_password(new_password)
    user.session_version = (user.session_version or 1) + 1
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()


def change_password(session: Session, user: User, current_password: str, new: str) -> bool:
    """Change the password if ``current_password`` is right; False (nothing changed) if not."""
    if not passwords.verify_password(user.password_hash, current_password):
        return False
    set_password(session, user, new)
    return True


def update_profile(session: Session, user: User, profile: Profile) -> None:
    """Save the learner's name, role, organization and state."""
    _apply_profile(user, profile)
    session.flush()


def _apply_profile(user: User, profile: Profile) -> None:
    """Copy the profile onto the user, trimmed."""
    user.full_name = profile.full_name.strip()
    user.role = profile.role
    user.organization_kind = profile.organization_kind
    user.organization_name = profile.organization_name.strip()
    user.state = profile.state
