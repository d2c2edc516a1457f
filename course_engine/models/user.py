"""Accounts: a person who logs in, their password-reset tokens and registrations to confirm."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from course_engine.database import Model
from course_engine.lookalikes import address_skeleton
from course_engine.models.types import UTCDateTime, utcnow


class AccessRole(enum.StrEnum):
    """What a user may do in the application."""

    LEARNER = "learner"
    AUTHOR = "author"
    ORG_ADMIN = "org_admin"
    ADMIN = "admin"


class User(Model):
    """Someone with an account: a learner, author or administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The address as typed, for display and mail.
    email: Mapped[str] = mapped_column(String(254))
    #: The address lower-cased: unique, used for lookups.
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    #: TR39 skeleton of ``email_key`` (set with it): a new address that looks like one is refused.
    email_skeleton: Mapped[str | None] = mapped_column(String(254), index=True)
    #: argon2 hash of the password.
    password_hash: Mapped[str] = mapped_column(String(255))
    #: The name printed on certificates.
    full_name: Mapped[str] = mapped_column(String(200))
    #: Job role: teacher, school_staff, ... (see course_engine.auth.choices).
    role: Mapped[str] = mapped_column(String(40), index=True)
    #: Kind of organization the learner works for: school, health_center, other.
    organization_kind: Mapped[str] = mapped_column(String(40), index=True)
    #: Organization name as the learner typed it.
    organization_name: Mapped[str] = mapped_column(String(200), default="")
    #: Two-letter US state or territory code.
    state: Mapped[str] = mapped_column(String(2), index=True)
    #: learner, author, org_admin or admin.
    access_role: Mapped[AccessRole] = mapped_column(
        Enum(AccessRole, native_enum=False, length=20), default=AccessRole.LEARNER
    )
    #: Organization the user belongs to (set by invite or an administrator).
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    #: Cohort the learner joined through an invite code.
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), index=True
    )
    #: False when an administrator deactivated the account.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Bumped at password change: sessions carrying the old value are logged out.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    #: Interface language the learner chose ('en', 'es'); None: the browser's Accept-Language.
    locale: Mapped[str | None] = mapped_column(String(8))
    #: When the account was created.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the user last logged in.
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When an administrator deleted the account (its personal data is then anonymized).
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization = relationship("Organization")
    cohort = relationship("Cohort")

    @validates("email_key")
    def _keep_skeleton(self, _key: str, value: str) -> str:
        """Every new lookup address brings its look-alike skeleton along."""
        self.email_skeleton = address_skeleton(value)[:254]
        return value

    # Flask-Login protocol.
    @property
    def is_authenticated(self) -> bool:
        """Always true for a loaded user."""
        return True

    @property
    def is_anonymous(self) -> bool:
        """Never anonymous."""
        return False

    def get_id(self) -> str:
        """The account part of a session identity (login adds the session's secret)."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return self.access_role == AccessRole.ADMIN


class PasswordResetToken(Model):
    """A single-use, expiring password-reset link (only its hash is stored)."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The account the link resets.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token in the link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: When the link was sent.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: After this the link no longer works.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When the link was used (a used link never works again).
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RegistrationRequest(Model):
    """A registration waiting for its address to be confirmed (the account is made then).

    The form's answers wait here, the password already hashed; only the link's SHA-256 is kept.
    """

    __tablename__ = "registration_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the token in the confirmation link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The address as typed (normalized), and its lookup form.
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254), index=True)
    #: argon2 hash of the chosen password.
    password_hash: Mapped[str] = mapped_column(String(255))
    #: The profile answers (see course_engine.auth.accounts.Profile).
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    organization_kind: Mapped[str] = mapped_column(String(40))
    organization_name: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(2))
    #: The invite code typed, claimed only when the account is made.
    invite_code: Mapped[str] = mapped_column(String(64), default="")
    #: Where to go after confirming (checked again when used).
    next_url: Mapped[str] = mapped_column(String(500), default="")
    #: When the form was sent.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: After this the link no longer works.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: When the account was made from it (a used link never works again).
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
