"""Organizations, cohorts and invite codes: create, edit, expire (audited, never committed)."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine import audit
from course_engine.models import Cohort, InviteCode, Organization, User
from course_engine.models.types import utcnow

#: Kinds of organization (stored value, label).
ORGANIZATION_KINDS: tuple[tuple[str, str], ...] = (
    ("school", "School"),
    ("health_center", "Health center"),
    ("district", "District"),
    ("other", "Other"),
)


class NameTaken(Exception):
    """Another organization or cohort already has this name."""


def save_organization(
    session: Session,
    organization: Organization | None,
    actor: User | None,
    *,
    name: str,
    kind: str,
    state: str,
) -> Organization:
    """Create an organization (``organization`` None) or edit one; names are unique."""
    name = name.strip()
    _refuse_taken(session, Organization, name, organization)
    values = {"name": name, "kind": kind, "state": state}
    if organization is None:
        organization = Organization(**values)
        session.add(organization)
        session.flush()
        audit.record(
            session, actor, "organization.created", "organization", organization.id, **values
        )
        return organization
    changes = _apply(organization, values)
    if changes:
        audit.record(
            session, actor, "organization.updated", "organization", organization.id, **changes
        )
    return organization


def save_cohort(
    session: Session,
    cohort: Cohort | None,
    actor: User | None,
    *,
    name: str,
    organization: Organization | None,
    starts_on: date | None,
) -> Cohort:
    """Create a cohort (``cohort`` None) or edit one; names are unique."""
    name = name.strip()
    _refuse_taken(session, Cohort, name, cohort)
    values = {
        "name": name,
        "organization_id": organization.id if organization else None,
        "starts_on": starts_on,
    }
    if cohort is None:
        cohort = Cohort(**values)
        session.add(cohort)
        session.flush()
        audit.record(session, actor, "cohort.created", "cohort", cohort.id, **_plain(values))
        return cohort
    changes = _apply(cohort, values)
    if changes:
        audit.record(session, actor, "cohort.updated", "cohort", cohort.id, **changes)
        session.refresh(cohort, ["organization"])
    return cohort


def create_invite(
    session: Session,
    actor: User | None,
    *,
    organization: Organization | None,
    cohort: Cohort | None,
    code: str = "",
    expires_at: datetime | None = None,
    max_uses: int | None = None,
) -> InviteCode:
    """A new invite code for an organization and/or cohort (random when ``code`` is blank)."""
    if organization is None and cohort is not None and cohort.organization_id is not None:
        organization = session.get(Organization, cohort.organization_id)
    invite = InviteCode(
        code=code.strip() or new_invite_code(),
        organization_id=organization.id if organization else None,
        cohort_id=cohort.id if cohort else None,
        expires_at=expires_at,
        max_uses=max_uses,
        uses=0,
    )
    session.add(invite)
    session.flush()
    audit.record(
        session,
        actor,
        "invite.created",
        "invite",
        invite.id,
        code=invite.code,
        organization_id=invite.organization_id,
        cohort_id=invite.cohort_id,
        expires_at=expires_at.isoformat() if expires_at else None,
        max_uses=max_uses,
    )
    return invite


def expire_invite(session: Session, invite: InviteCode, actor: User | None) -> None:
    """Make the code stop working now (its uses stay counted)."""
    now = utcnow()
    if invite.expires_at is not None and invite.expires_at <= now:
        return
    invite.expires_at = now
    audit.record(session, actor, "invite.expired", "invite", invite.id, code=invite.code)


def new_invite_code() -> str:
    """A random code that is easy to type: 10 characters without look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def invite_code_taken(session: Session, code: str) -> bool:
    """True when an invite with this code exists."""
    return session.scalar(select(InviteCode.id).where(InviteCode.code == code.strip())) is not None


def _refuse_taken(
    session: Session,
    model: type[Organization] | type[Cohort],
    name: str,
    current: Organization | Cohort | None,
) -> None:
    """Raise NameTaken when another row of ``model`` has ``name``."""
    query = select(model.id).where(model.name == name)
    if current is not None:
        query = query.where(model.id != current.id)
    if session.scalar(query) is not None:
        raise NameTaken(name)


def _apply(row: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Set changed attributes; return them as {name: [old, new]} for the audit log."""
    changes = {}
    for key, value in values.items():
        old = getattr(row, key)
        if old != value:
            changes[key] = _plain({"old": old, "new": value})
            setattr(row, key, value)
    return changes


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text, so the audit details are JSON."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
