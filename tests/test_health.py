"""The health endpoint a load balancer polls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient


def test_healthz_reports_database_and_content(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["content"] == "ok"
    assert len(body["content_hash"]) == 64


def test_healthz_is_503_when_the_database_is_unreachable(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    app = make_app(DATABASE_URL=f"sqlite:///{missing}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"].startswith("unreachable")


def test_healthz_is_503_when_no_content_loaded(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app(CONTENT_ROOT=str(tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["content"] == "not loaded"
