"""Security headers on every page; cookie flags; a new session at login and at logout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from config import ProductionConfig
from tests.factories import create_user
from tests.security.test_access_matrix import MATRIX, world  # noqa: F401 - fixture
from tests.support.databases import sessions_joining
from tests.support.forms import AuthActions

FORBIDDEN_IN_POLICY = ("unsafe-inline", "unsafe-eval", "*")


def set_cookie_headers(response: Any) -> dict[str, str]:
    """Set-Cookie headers by cookie name."""
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def test_every_page_sends_the_security_headers(
    client: FlaskClient,
    world: dict[str, Any],  # noqa: F811 - fixture
    login_as: Callable[[FlaskClient, Any], None],
) -> None:
    login_as(client, world["people"]["admin"])
    for endpoint, route in MATRIX.items():
        if route.method != "GET":
            continue
        response = client.get(route.url(world["ids"]))
        response.close()
        headers = response.headers
        policy = headers.get("Content-Security-Policy", "")
        assert policy, endpoint
        assert not any(
            word in policy.split() or f"'{word}'" in policy for word in FORBIDDEN_IN_POLICY
        ), (endpoint, policy)
        assert "frame-ancestors 'none'" in policy or "sandbox" in policy, endpoint
        assert headers["X-Content-Type-Options"] == "nosniff", endpoint
        assert headers["Referrer-Policy"] == "same-origin", endpoint
        assert headers["X-Frame-Options"] == "DENY", endpoint


def test_session_cookies_are_httponly_and_samesite_lax(
    client: FlaskClient, db: Session, auth: AuthActions
) -> None:
    user = create_user(db)
    response = auth.login(user.email, remember=True)
    cookies = set_cookie_headers(response)
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name], name
        assert "SameSite=Lax" in cookies[name], name
        assert "Secure" not in cookies[name]  # plain HTTP in tests and development


def test_production_cookies_are_secure(make_app: Callable[..., Flask], db: Session) -> None:
    app = make_app(
        SESSION_COOKIE_SECURE=ProductionConfig.SESSION_COOKIE_SECURE,
        REMEMBER_COOKIE_SECURE=ProductionConfig.REMEMBER_COOKIE_SECURE,
    )
    user = create_user(db)
    with sessions_joining(app, db.connection()):
        client = app.test_client()
        response = AuthActions(client).login(user.email, remember=True)
    cookies = set_cookie_headers(response)
    assert "Secure" in cookies["session"] and "Secure" in cookies["remember_token"]


def test_the_session_is_replaced_at_login_and_at_logout(
    client: FlaskClient, db: Session, auth: AuthActions
) -> None:
    user = create_user(db)
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker before login"
        before = dict(session)
    auth.login(user.email)
    with client.session_transaction() as session:
        after_login = dict(session)
    assert "planted" not in after_login and after_login.get("_user_id")
    assert after_login.get("csrf_token") != before.get("csrf_token")
    auth.logout()
    with client.session_transaction() as session:
        after_logout = dict(session)
    assert "_user_id" not in after_logout
    assert after_logout.get("nonce") != after_login.get("nonce")
