"""From a validated launch to a learner: identity, account, organization, cohort, enrolment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.auth.identities import VerifiedClaims, sign_in
from course_engine.lti.roles import apply_roles
from course_engine.models import IdentityKind, LtiLaunchNonce, LtiPlatform, Organization, User

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


class LaunchReplayed(Exception):
    """This id_token (its nonce) has launched before."""


def use_nonce(session: Session, issuer: str, nonce: str) -> None:
    """Record the launch's nonce; raise LaunchReplayed when it was used already."""
    try:
        with session.begin_nested():
            session.add(LtiLaunchNonce(issuer=issuer, nonce=nonce[:255]))
            session.flush()
    except IntegrityError:
        raise LaunchReplayed(nonce) from None


def launched_learner(session: Session, platform: LtiPlatform, launch: Mapping[str, Any]) -> User:
    """The learner the launch names: found by (iss, sub), or linked/created from its claims.

    The LMS's email is trusted as verified only because an administrator registered the
    platform; an account with a password still needs that password to link (SignIn rules).
    """
    organization = (
        session.get(Organization, platform.organization_id) if (platform.organization_id) else None
    )
    claims = VerifiedClaims(
        kind=IdentityKind.LTI,
        provider=platform.name[:100],
        issuer=str(launch["iss"]),
        subject=str(launch["sub"]),
        email=str(launch.get("email") or "").strip(),
        name=str(launch.get("name") or "").strip(),
        organization_name=organization.name if organization else "",
    )
    user = sign_in(session, claims)
    if user.cohort_id is None and platform.cohort_id is not None:
        user.cohort_id = platform.cohort_id
        session.flush()
    apply_roles(session, user, platform, launch)
    return user


def target_of(launch: Mapping[str, Any]) -> tuple[str, str]:
    """(course slug, module id or "") from the launch's custom parameters or target link."""
    custom = launch.get(CLAIM + "custom") or {}
    course = str(custom.get("course") or "")
    module = str(custom.get("module") or "")
    if not course:
        link = str(launch.get(CLAIM + "target_link_uri") or "")
        parts = [p for p in link.split("?")[0].split("/") if p]
        if "courses" in parts and parts.index("courses") + 1 < len(parts):
            course = parts[parts.index("courses") + 1]
            if "modules" in parts and parts.index("modules") + 1 < len(parts):
                module = parts[parts.index("modules") + 1]
    return course, module
