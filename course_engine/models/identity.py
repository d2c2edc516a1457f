"""Ways into an account other than its password: OpenID Connect and LTI identities."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class IdentityKind(enum.StrEnum):
    """Where an external identity comes from."""

    OIDC = "oidc"
    LTI = "lti"


class ExternalIdentity(Model):
    """An account at an OpenID provider or an LMS (issuer + subject) that signs in as a user."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The user this identity signs in as.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: oidc or lti.
    kind: Mapped[IdentityKind] = mapped_column(Enum(IdentityKind, native_enum=False, length=10))
    #: The configured provider's or platform's name, for display ("google", "Canvas").
    provider: Mapped[str] = mapped_column(String(100))
    #: The id_token's ``iss``.
    issuer: Mapped[str] = mapped_column(String(500))
    #: The id_token's ``sub``: stable for the person at that issuer.
    subject: Mapped[str] = mapped_column(String(255))
    #: The verified address the issuer gave when the identity was linked ("" when none).
    email: Mapped[str] = mapped_column(String(254), default="")
    #: When it was linked.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When it was last used to sign in.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")
