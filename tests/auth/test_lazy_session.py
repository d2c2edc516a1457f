"""The session cookie is decoded only where a request reads it, and re-signed only then.

Pages that never ask who is logged in (static files, the health check) leave the cookie alone;
every page that does still checks the session on the server, refreshes the idle clock and
enforces CSRF, and the rate limits on login still count.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine import live_content
from course_engine.content import ContentError
from course_engine.models import User, UserSession
from course_engine.models.types import utcnow
from tests.factories import create_user
from tests.support.forms import AuthActions, csrf_token


def test_a_request_that_reads_no_session_sets_no_cookie_and_keeps_the_login(
    client: FlaskClient, learner: User
) -> None:
    for path in ("/static/css/site.css", "/healthz"):
        response = client.get(path)
        response.close()
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
        assert "Cookie" not in response.headers.get("Vary", ""), path
    assert client.get("/dashboard").status_code == 200  # still signed in


def test_a_page_that_loads_the_user_refreshes_the_idle_clock(
    client: FlaskClient, learner: User
) -> None:
    stale = int(time.time()) - 600
    with client.session_transaction() as session:
        session["seen"] = stale
    response = client.get("/dashboard")
    assert response.status_code == 200
    assert "Cookie" in response.headers.get("Vary", "")
    with client.session_transaction() as session:
        assert session["seen"] > stale


def test_an_idle_session_is_still_refused(app: Flask, client: FlaskClient, learner: User) -> None:
    idle = app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    with client.session_transaction() as session:
        session["seen"] = int(time.time() - idle - 5)
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_forged_session_cookie_opens_nothing(client: FlaskClient, learner: User) -> None:
    client.set_cookie("session", "eyJfdXNlcl9pZCI6IjE6MDp4In0.forged.signature")
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/static/css/site.css").status_code == 200


def test_login_logout_and_login_again_through_the_forms(
    client: FlaskClient, db: Session, auth: AuthActions
) -> None:
    user = create_user(db, email="again@example.org")
    assert auth.login(user.email).status_code == 302
    assert client.get("/dashboard").status_code == 200
    client.get("/static/css/site.css").close()
    assert client.get("/dashboard").status_code == 200
    auth.logout()
    assert client.get("/dashboard").status_code == 302
    assert auth.login(user.email).status_code == 302
    assert client.get("/dashboard").status_code == 200


def test_a_post_without_its_csrf_token_is_still_refused(client: FlaskClient, learner: User) -> None:
    response = client.post("/courses/heart-collaboration/modules/community-resilience/1/next")
    assert response.status_code == 400


def test_limits_still_count_on_login_and_unlimited_pages_carry_no_limit_headers(
    client: FlaskClient, db: Session, auth: AuthActions
) -> None:
    user = create_user(db, email="limited@example.org")
    assert "X-RateLimit-Limit" not in client.get("/").headers
    response = auth.login(user.email, password="wrong password")
    assert "X-RateLimit-Limit" in response.headers


def test_a_reload_requested_here_is_seen_on_the_next_request(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    reloads: list[int] = []
    original = live_content.reload_content

    def counting() -> list[ContentError]:
        reloads.append(1)
        return original()

    monkeypatch.setattr(live_content, "reload_content", counting)
    client.get("/").close()
    live_content.request_reload(Path(app.instance_path))
    client.get("/").close()
    client.get("/").close()
    assert reloads == [1]  # at once, and once


def test_a_post_notes_the_session_activity_when_due_and_only_then(
    client: FlaskClient, db: Session, learner: User
) -> None:
    row = db.scalars(select(UserSession).where(UserSession.user_id == learner.id)).one()
    row.last_seen_at = utcnow() - timedelta(minutes=10)
    db.flush()
    token = csrf_token(client, "/courses/heart-collaboration/")
    assert (
        client.post("/courses/heart-collaboration/enrol", data={"csrf_token": token}).status_code
        == 302
    )
    db.refresh(row)
    noted = row.last_seen_at
    assert noted > utcnow() - timedelta(minutes=1)
    token = csrf_token(client, "/courses/heart-collaboration/")
    again = client.post("/courses/heart-collaboration/enrol", data={"csrf_token": token})
    assert again.status_code == 302  # a second write that succeeds
    db.refresh(row)
    assert row.last_seen_at == noted  # noted a moment ago: not written again
