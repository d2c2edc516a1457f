"""Factories: make a user, organization, cohort or invite code in one call."""

from __future__ import annotations

import itertools
import secrets
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from course_engine.auth import passwords
from course_engine.models import AccessRole, Cohort, InviteCode, Organization, User

#: The password every factory user has unless told otherwise.
DEFAULT_PASSWORD = "correct horse battery staple"

_numbers = itertools.count(1)


@cache
def _hash(password: str) -> str:
    """An argon2 hash of ``password``, computed once per test run (hashing is slow on purpose)."""
    return passwords.hash_password(password)


def create_user(
    session: Session,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    access_role: AccessRole = AccessRole.LEARNER,
    **kw: Any,
) -> User:
    """A user with a full profile; any column can be given as a keyword."""
    number = next(_numbers)
    email = email or f"learner{number}@example.org"
    values: dict[str, Any] = {
        "full_name": f"Learner {number}",
        "role": "teacher",
        "organization_kind": "school",
        "organization_name": "Lincoln Elementary",
        "state": "MD",
    }
    values.update(kw)
    values.setdefault("password_hash", _hash(password))
    user = User(email=email, email_key=email.strip().lower(), access_role=access_role, **values)
    session.add(user)
    session.flush()
    return user


def create_organization(session: Session, name: str | None = None, **kw: Any) -> Organization:
    """An organization (a school unless ``kind`` says otherwise)."""
    values: dict[str, Any] = {"kind": "school", "state": "MD"}
    values.update(kw)
    organization = Organization(name=name or f"School {next(_numbers)}", **values)
    session.add(organization)
    session.flush()
    return organization


def create_cohort(
    session: Session, name: str | None = None, organization: Organization | None = None, **kw: Any
) -> Cohort:
    """A cohort, in ``organization`` if given."""
    cohort = Cohort(
        name=name or f"Cohort {next(_numbers)}",
        organization_id=organization.id if organization else None,
        **kw,
    )
    session.add(cohort)
    session.flush()
    return cohort


def create_invite_code(
    session: Session,
    code: str | None = None,
    *,
    organization: Organization | None = None,
    cohort: Cohort | None = None,
    expires_at: datetime | None = None,
    max_uses: int | None = None,
    uses: int = 0,
) -> InviteCode:
    """An invite code placing new learners in ``organization`` and ``cohort``."""
    invite = InviteCode(
        code=code or secrets.token_urlsafe(8),
        organization_id=organization.id if organization else None,
        cohort_id=cohort.id if cohort else None,
        expires_at=expires_at,
        max_uses=max_uses,
        uses=uses,
    )
    session.add(invite)
    session.flush()
    return invite
