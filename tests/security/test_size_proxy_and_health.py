"""Request size limits, HSTS, ProxyFix through one hop, and what /healthz tells the public."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from config import ProductionConfig
from course_engine.models import AccessRole
from tests.factories import create_user
from tests.security.conftest import LoginAs
from tests.support.forms import csrf_token

OUTSIDER = "203.0.113.7"


def test_a_50_megabyte_form_body_is_refused_before_it_is_read(client: FlaskClient) -> None:
    token = csrf_token(client, "/login")
    body = b"csrf_token=" + token.encode() + b"&email=a%40b.org&password=" + b"x" * (50 << 20)
    response = client.post("/login", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_hsts_is_sent_when_the_site_is_https(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ProductionConfig.HSTS_SECONDS >= 31536000
    monkeypatch.setitem(app.config, "HSTS_SECONDS", 31536000)
    assert "Strict-Transport-Security" not in client.get("/").headers  # http BASE_URL
    monkeypatch.setitem(app.config, "BASE_URL", "https://learn.example.org")
    hsts = client.get("/").headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains"


def test_healthz_tells_the_public_only_ok(client: FlaskClient) -> None:
    client.environ_base["REMOTE_ADDR"] = OUTSIDER
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_through_a_proxy_from_localhost_tells_only_ok(client: FlaskClient) -> None:
    response = client.get("/healthz", headers={"X-Forwarded-For": OUTSIDER})
    assert response.get_json() == {"status": "ok"}


def test_healthz_gives_details_to_administrators_and_localhost(
    client: FlaskClient, db: Session, login_as: LoginAs
) -> None:
    local = client.get("/healthz").get_json()
    assert local["database"] == "ok" and len(local["content_hash"]) == 64
    assert local["rate_limits"] == "ok"
    client.environ_base["REMOTE_ADDR"] = OUTSIDER
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    assert client.get("/healthz").get_json()["content"] == "ok"
    login_as(client, create_user(db))
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_proxy_fix_takes_the_client_address_from_one_trusted_hop(
    make_app: Callable[..., Flask],
) -> None:
    behind_proxy = make_app(PROXY_FIX=1, LOGIN_RATE_LIMIT="2 per minute")
    direct = make_app(LOGIN_RATE_LIMIT="2 per minute")
    for app, expected in ((behind_proxy, [200, 200, 200, 200]), (direct, [200, 200, 429, 429])):
        codes = []
        for n in range(4):  # four clients behind one proxy, each trying once
            client = app.test_client()
            headers = {"X-Forwarded-For": f"6.6.6.6, 198.51.100.{n + 1}"}  # first is forged
            token = csrf_token(client, "/login")
            codes.append(
                client.post(
                    "/login",
                    headers=headers,
                    data={
                        "csrf_token": token,
                        "email": f"someone{n}@example.org",
                        "password": "wrong pass",
                    },
                ).status_code
            )
        assert codes == expected, app.config["PROXY_FIX"]
