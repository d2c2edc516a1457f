"""Who may open the administration pages, and which learners they may see."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from course_engine.admin.scope import can_manage_user
from course_engine.extensions import db, login_manager
from course_engine.models import AccessRole, User

F = TypeVar("F", bound=Callable[..., Any])

#: Roles that may use the learner-management and report pages.
STAFF = (AccessRole.ADMIN, AccessRole.ORG_ADMIN)
#: Roles that may see the content status page and draft content.
AUTHORS = (AccessRole.ADMIN, AccessRole.AUTHOR)
#: Roles that may open the administration home page.
BACK_OFFICE = (AccessRole.ADMIN, AccessRole.ORG_ADMIN, AccessRole.AUTHOR)
#: Administrators only: roles, deletion, revocation, organizations, invites, the audit log.
ADMINS = (AccessRole.ADMIN,)


def roles_required(*roles: AccessRole) -> Callable[[F], F]:
    """Anonymous visitors go to the login page; signed-in users without a role get 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.access_role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def can_preview_drafts(viewer: Any) -> bool:
    """True for signed-in authors and administrators, who see draft courses and modules."""
    return bool(viewer.is_authenticated and viewer.access_role in AUTHORS)


def acting_user() -> User:
    """The signed-in user as a model object (for operations and the audit log)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def managed_user_or_404(user_id: int) -> User:
    """The user the signed-in viewer may manage, or 404 (as if other users did not exist)."""
    user = db.session.get(User, user_id)
    if user is None or not can_manage_user(acting_user(), user):
        abort(404)
    return user
