"""Login throttling: failed attempts counted per client address and per account."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

from course_engine.extensions import limiter

F = TypeVar("F", bound=Callable[..., object])


def login_rate_limit() -> str:
    """The limit from config LOGIN_RATE_LIMIT, read per request (tests can lower it)."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def account_key() -> str:
    """The account a login attempt is for: the submitted email, lower-cased."""
    email = request.form.get("email", "").strip().lower()
    return f"account:{email}" if email else ""


def mark_failed() -> None:
    """Count this request against the login limits."""
    g.login_failed = True


def _failed(_response: Response) -> bool:
    """Deduct only for attempts the view marked as failed."""
    return bool(g.get("login_failed", False))


def throttle_failures(view: F) -> F:
    """Limit failed POSTs to ``view`` per client address and per submitted email."""
    per_address = limiter.limit(
        login_rate_limit, key_func=get_remote_address, methods=["POST"], deduct_when=_failed
    )
    per_account = limiter.limit(
        login_rate_limit, key_func=account_key, methods=["POST"], deduct_when=_failed
    )
    return per_address(per_account(view))  # type: ignore[return-value]


def throttle_requests(view: F) -> F:
    """Limit every POST to ``view`` per client address and per submitted email."""
    per_address = limiter.limit(login_rate_limit, key_func=get_remote_address, methods=["POST"])
    per_account = limiter.limit(login_rate_limit, key_func=account_key, methods=["POST"])
    return per_address(per_account(view))  # type: ignore[return-value]
