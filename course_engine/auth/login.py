"""Who is logged in: the Flask-Login wiring, starting and ending sessions, safe redirects."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, current_app, g, request, session, url_for
from flask_login import login_user, logout_user
from werkzeug.routing import BuildError

from course_engine.extensions import db, login_manager
from course_engine.models import User

#: Where learners land after logging in when no (safe) ``next`` was given.
DASHBOARD_PATH = "/dashboard"


def init_app(app: Flask) -> None:
    """Tell Flask-Login how to load users and where the login page is."""
    app.config.setdefault("REMEMBER_COOKIE_DURATION", timedelta(days=30))
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to continue."
    login_manager.login_message_category = "info"


def load_user(identity: str) -> User | None:
    """The user for a session identity "id:session_version" if it is current and active."""
    user_id, _, version = identity.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def start_session(user: User, *, remember: bool = False) -> None:
    """Log ``user`` in with a brand-new session (nothing of the old one survives)."""
    _forget_session()
    login_user(user, remember=remember)
    session["nonce"] = secrets.token_urlsafe(16)


def end_session() -> None:
    """Log out: forget the session and the remember-me cookie."""
    _forget_session()
    logout_user()  # after clear(): it marks the remember-me cookie for deletion


def _forget_session() -> None:
    """Empty the session, and the CSRF token this request cached from it."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def is_remembered() -> bool:
    """True when the browser sent a remember-me cookie."""
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def is_safe_next(target: str | None) -> bool:
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
