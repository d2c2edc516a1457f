"""Rate limiting only where a limit is set: unlimited routes skip Flask-Limiter's checks.

Flask-Limiter looks for limits before every request (resolving the view's limits, its
blueprint's, exemptions and defaults) even though this app sets limits on a few views only
(login, password reset, verification pages) and no default or application-wide limit.
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_qualified_name


def init_app(app: Flask, limiter: Limiter) -> None:
    """Put a check in front of the limiter's hook that lets unlimited routes pass at once."""
    original = limiter._check_request_limit
    names: dict[str, str] = {}

    def may_be_limited() -> bool:
        manager = limiter.limit_manager
        if (
            manager._application_limits
            or manager._default_limits
            or manager._blueprint_limits
            or limiter._storage_dead
        ):
            return True  # limits that apply beyond single views: let Flask-Limiter decide
        endpoint = request.endpoint or ""
        name = names.get(endpoint)
        if name is None:
            view = app.view_functions.get(endpoint)
            name = names[endpoint] = get_qualified_name(view) if view else ""
        return name in limiter._marked_for_limiting or manager.has_hints(endpoint)

    def check_request_limit() -> None:
        """Flask-Limiter's check, for routes that have a limit."""
        if may_be_limited():
            original()

    hooks = app.before_request_funcs.setdefault(None, [])
    hooks[:] = [check_request_limit if hook == original else hook for hook in hooks]
