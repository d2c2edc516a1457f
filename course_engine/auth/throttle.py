"""Login and reset throttling, counted in the shared limit store before any password is checked.

Three counters, in this order (NIST SP 800-63B §5.2.2, OWASP ASVS V6):

1. per client address, every POST (``LOGIN_RATE_LIMIT``): stops guessing and spraying from one
   place; a successful login gives its attempt back, so a school behind one address can log in;
2. per account *and* address (``LOGIN_ACCOUNT_ADDRESS_LIMIT``): one address can spend only this
   much of an account's allowance;
3. per account from anywhere (``LOGIN_ACCOUNT_LIMIT``, at most 100 in a row): only many
   addresses together reach it, a successful login or a password reset clears it, and the
   reset page is never blocked by it, so the owner always has a way in.

The first two are Flask-Limiter decorators (so its in-memory fallback covers an unreachable
store); the third is counted in the view, only for attempts the first two let through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many

from course_engine.auth.emails import email_key
from course_engine.extensions import limiter

F = TypeVar("F", bound=Callable[..., object])
log = logging.getLogger(__name__)
#: Scope of the per-account counter in the store.
ACCOUNT_SCOPE = "login-account"


def login_rate_limit() -> str:
    """Per address: config LOGIN_RATE_LIMIT, read per request (tests can lower it)."""
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def account_address_limit() -> str:
    """Per account and address: config LOGIN_ACCOUNT_ADDRESS_LIMIT."""
    return str(current_app.config["LOGIN_ACCOUNT_ADDRESS_LIMIT"])


def submitted_account() -> str:
    """The account a form is about: the submitted email, normalized."""
    return email_key(request.form.get("email", ""))[:254]


def account_and_address_key() -> str:
    """``account|address`` for the per-account-and-address counter ("" skips the limit)."""
    account = submitted_account()
    return f"{account}|{get_remote_address()}" if account else ""


def throttle_logins(view: F) -> F:
    """Count every login POST per address and per account-and-address before the view runs."""
    per_address = limiter.limit(login_rate_limit, key_func=get_remote_address, methods=["POST"])
    per_account_address = limiter.limit(
        account_address_limit, key_func=account_and_address_key, methods=["POST"]
    )
    return per_address(per_account_address(view))  # type: ignore[return-value]


def throttle_requests(view: F) -> F:
    """Limit every POST to ``view`` per address and per account-and-address (reset requests)."""
    per_address = limiter.limit(login_rate_limit, key_func=get_remote_address, methods=["POST"])
    per_account_address = limiter.limit(
        login_rate_limit, key_func=account_and_address_key, methods=["POST"]
    )
    return per_address(per_account_address(view))  # type: ignore[return-value]


def _account_items() -> list[RateLimitItem]:
    """The per-account limits from config LOGIN_ACCOUNT_LIMIT."""
    return list(parse_many(current_app.config["LOGIN_ACCOUNT_LIMIT"]))


def _prefix() -> str:
    return current_app.config.get("RATELIMIT_KEY_PREFIX") or "course_engine"


def account_allows_attempt(account: str) -> bool:
    """Count an attempt on ``account``; False when it already had too many (answer 429)."""
    if not account or not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    try:
        return all(
            limiter.limiter.hit(item, _prefix(), ACCOUNT_SCOPE, account)
            for item in _account_items()
        )
    except Exception:  # noqa: BLE001 - the store went away mid-request: let the attempt through
        log.warning("Rate limit store unreachable while counting a login for an account")
        return True


def forget_account_attempts(account: str) -> None:
    """Clear the per-account counter (after a successful login or a password reset)."""
    if not account:
        return
    try:
        for item in _account_items():
            limiter.limiter.clear(item, _prefix(), ACCOUNT_SCOPE, account)
    except Exception:  # noqa: BLE001 - counters expire by themselves
        log.warning("Rate limit store unreachable while clearing an account's counter")


def give_back_attempt() -> None:
    """A successful login returns the attempt it spent from the decorators' counters."""
    try:
        for spent in limiter.current_limits:
            limiter.limiter.storage.incr(spent.key, spent.limit.get_expiry(), amount=-1)
    except Exception:  # noqa: BLE001 - the counter only stays one higher
        log.warning("Rate limit store unreachable while giving back a login attempt")
