"""Which people a staff member may see: the one scoping rule of learner pages and reports.

Plain query functions (no Flask): an administrator sees every account; an organization
administrator sees the learners of their own organization and never its staff accounts
(other organization administrators, authors, administrators, nor themselves); anyone else
sees nobody.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from course_engine.models import AccessRole, Cohort, Organization, User


def scope_learners(query: Select[Any], viewer: User) -> Select[Any]:
    """Limit a query that involves ``User`` to the people ``viewer`` may see."""
    if viewer.access_role == AccessRole.ADMIN:
        return query
    if viewer.access_role == AccessRole.ORG_ADMIN and viewer.organization_id is not None:
        return query.where(
            User.organization_id == viewer.organization_id,
            User.access_role == AccessRole.LEARNER,
        )
    return query.where(false())


def can_manage_user(viewer: User, user: User) -> bool:
    """True when ``user`` is one of the people ``scope_learners`` lets ``viewer`` see."""
    if viewer.access_role == AccessRole.ADMIN:
        return True
    return (
        viewer.access_role == AccessRole.ORG_ADMIN
        and viewer.organization_id is not None
        and viewer.organization_id == user.organization_id
        and user.access_role == AccessRole.LEARNER
    )


def visible_organizations(session: Session, viewer: User) -> list[tuple[int, str]]:
    """(id, name) of the organizations ``viewer`` may choose (an org admin: their own)."""
    query = select(Organization.id, Organization.name).order_by(Organization.name)
    if viewer.access_role != AccessRole.ADMIN:
        query = query.where(Organization.id == viewer.organization_id)
    return [(row.id, row.name) for row in session.execute(query)]


def visible_cohorts(session: Session, viewer: User) -> list[tuple[int, str]]:
    """(id, name) of the cohorts ``viewer`` may choose (an org admin: their organization's)."""
    query = select(Cohort.id, Cohort.name).order_by(Cohort.name)
    if viewer.access_role != AccessRole.ADMIN:
        query = query.where(Cohort.organization_id == viewer.organization_id)
    return [(row.id, row.name) for row in session.execute(query)]
