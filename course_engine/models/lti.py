"""LTI 1.3 platforms (LMSs) registered by administrators, and the launches already used."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from course_engine.database import Model
from course_engine.models.types import UTCDateTime, utcnow


class LtiPlatform(Model):
    """An LMS (Canvas, Schoology, Moodle, ...) allowed to launch the course."""

    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What administrators call it ("Lincoln District Canvas").
    name: Mapped[str] = mapped_column(String(200))
    #: The platform's ``iss``.
    issuer: Mapped[str] = mapped_column(String(500))
    #: The client id the platform gave this tool.
    client_id: Mapped[str] = mapped_column(String(255))
    #: Deployment ids the platform may launch with.
    deployment_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The platform's OIDC authorization endpoint (where login initiation sends the browser).
    auth_login_url: Mapped[str] = mapped_column(String(500))
    #: The platform's OAuth 2 token endpoint (for grades and rosters).
    auth_token_url: Mapped[str] = mapped_column(String(500))
    #: The platform's public key set (JWKS) URL.
    key_set_url: Mapped[str] = mapped_column(String(500))
    #: Learners launched from this platform join this organization.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    #: ... and this cohort.
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"))
    #: When it was registered.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LtiLaunchNonce(Model):
    """An id_token nonce already launched with: the same id_token posted again is refused."""

    __tablename__ = "lti_launch_nonces"
    __table_args__ = (UniqueConstraint("issuer", "nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The platform's ``iss``.
    issuer: Mapped[str] = mapped_column(String(500))
    #: The id_token's ``nonce``.
    nonce: Mapped[str] = mapped_column(String(255))
    #: When it was used.
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class LtiLaunchState(Model):
    """pylti1p3's launch data storage: nonces, states and launch data between its two requests.

    Kept here, not in the Flask session, because the session cookie (SameSite=Lax) is not sent on
    the LMS's cross-site launch POST; the library's own cookie (SameSite=None) names the entry.
    """

    __tablename__ = "lti_launch_states"

    #: The library's key (prefix, browser id, kind, value).
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    #: What it stored (JSON).
    value: Mapped[object] = mapped_column(JSON)
    #: After this the entry is ignored (and may be deleted).
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
