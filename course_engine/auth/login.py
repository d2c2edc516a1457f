"""Who is logged in: the Flask-Login wiring, starting and ending sessions, safe redirects."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from typing import TypeGuard

from flask import Flask, Response, current_app, g, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.routing import BuildError

from course_engine.auth import sessions
from course_engine.extensions import db, login_manager
from course_engine.models import User

#: Where learners land after logging in when no (safe) ``next`` was given.
DASHBOARD_PATH = "/dashboard"


def init_app(app: Flask) -> None:
    """Tell Flask-Login how to load users and where the login page is."""
    app.config.setdefault("REMEMBER_COOKIE_DURATION", timedelta(days=30))
    app.config.setdefault("SESSION_IDLE_TIMEOUT", timedelta(hours=2))
    app.config.setdefault("SESSION_ABSOLUTE_TIMEOUT", timedelta(days=30))
    app.after_request(_note_activity)
    _refresh_remember_cookie_only_when_read(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to continue."
    login_manager.login_message_category = "info"


def load_user(identity: str) -> User | None:
    """The user of a live server-side session (not ended, not idle or too old, account active)."""
    seen = session.get("seen")
    idle = _seconds(current_app.config["SESSION_IDLE_TIMEOUT"])
    if isinstance(seen, int) and seen + idle <= time.time():
        return None  # idle too long (a remember-me cookie alone starts afresh)
    found = sessions.session_and_user(
        db.session, identity, _timedelta(current_app.config["SESSION_ABSOLUTE_TIMEOUT"])
    )
    if found is None:
        return None
    g.session_last_seen_at = found[0].last_seen_at  # _note_activity writes only when due
    return found[1]


def _seconds(value: timedelta | int) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _timedelta(value: timedelta | int) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def _refresh_remember_cookie_only_when_read(app: Flask) -> None:
    """Flask-Login's remember-me hook reads the session: skip it when the request did not.

    Only a request that read the session can have asked for the remember-me cookie to be set or
    cleared, so a request that never decoded its session cookie has nothing for the hook to do.
    """
    original = login_manager._update_remember_cookie
    hooks = app.after_request_funcs.setdefault(None, [])

    def update_remember_cookie(response: Response) -> Response:
        if getattr(session, "loaded", True):
            return original(response)
        return response

    hooks[:] = [update_remember_cookie if hook == original else hook for hook in hooks]


def _note_activity(response: Response) -> Response:
    """Refresh the idle clock in the cookie; note activity on the server for unsafe requests.

    A page that never asked who is logged in (a safe request that did not load the user) leaves
    the session alone: no user query, no cookie decode or re-sign.
    """
    unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
    if not unsafe and "_login_user" not in g:
        return response
    identity = session.get("_user_id")
    if identity and current_user.is_authenticated:
        now = int(time.time())
        if now - int(session.get("seen") or 0) >= 60:
            session["seen"] = now
        last_seen = g.get("session_last_seen_at")
        due = last_seen is None or sessions.needs_touch(last_seen)
        if unsafe and response.status_code < 400 and due:  # no second transaction otherwise
            sessions.touch(db.session, identity)
            db.session.commit()
    return response


def current_identity() -> str:
    """The identity of this request's session ("" when anonymous)."""
    return str(session.get("_user_id") or "")


def start_session(user: User, *, remember: bool = False) -> None:
    """Log ``user`` in with a brand-new session, recorded on the server (and committed)."""
    _forget_session()
    identity = sessions.open_session(db.session, user, request.headers.get("User-Agent", ""))
    db.session.commit()
    login_user(user, remember=remember)
    session["_user_id"] = identity  # what both cookies carry: this session's secret
    session["seen"] = int(time.time())
    session["nonce"] = secrets.token_urlsafe(16)


def end_session() -> None:
    """Log out: end the session on the server, forget it and the remember-me cookie."""
    identity = current_identity()
    if identity:
        sessions.close_session(db.session, identity)
        db.session.commit()
    _forget_session()
    logout_user()  # after clear(): it marks the remember-me cookie for deletion


def _forget_session() -> None:
    """Empty the session, and the CSRF token this request cached from it."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def is_remembered() -> bool:
    """True when the browser sent a remember-me cookie."""
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """True for a path on this site: one leading '/', no scheme, host, backslash or control."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    return not any(ch == "\\" or ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target)


def dashboard_url() -> str:
    """The learner's dashboard ("My courses")."""
    try:
        return url_for("learn.dashboard")
    except BuildError:
        return DASHBOARD_PATH


def next_url() -> str:
    """Where to go after logging in: the form's or query's ``next`` if safe, else dashboard."""
    target = request.form.get("next") or request.args.get("next")
    return target if is_safe_next(target) else dashboard_url()
