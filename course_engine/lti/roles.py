"""LMS roles to the application's roles: a context's instructors administer its organization.

The LMS says who teaches the course (context roles ``Instructor`` and ``Administrator``, read
with pylti1p3's role checks, which look at context roles first as Canvas requires); such a
person becomes an organization administrator of the organization the platform is registered
for, and only of it. Everyone else is a learner. A launch never makes anyone a site
administrator, and never lowers a role given here by an administrator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pylti1p3.roles import TeacherRole
from sqlalchemy.orm import Session

from course_engine.models import AccessRole, LtiPlatform, User


def teaches(launch: Mapping[str, Any]) -> bool:
    """True when the launch's roles make the person an instructor or administrator here."""
    return TeacherRole(launch).check()


def apply_roles(
    session: Session, user: User, platform: LtiPlatform, launch: Mapping[str, Any]
) -> AccessRole:
    """Raise a learner who teaches the context to organization administrator; the role now."""
    if (
        teaches(launch)
        and user.access_role == AccessRole.LEARNER
        and platform.organization_id is not None
        and user.organization_id == platform.organization_id
    ):
        user.access_role = AccessRole.ORG_ADMIN
        session.flush()
    return user.access_role
