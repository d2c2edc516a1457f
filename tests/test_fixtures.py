"""The shared fixtures still hold after a test builds (and drops) an app of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from course_engine import create_app
from course_engine.database import engine_of
from course_engine.extensions import limiter
from course_engine.ratelimit_store import DatabaseStorage
from course_engine.schema import upgrade
from tests.support.databases import app_settings, scratch_database
from tests.support.forms import csrf_token


def test_an_app_built_on_a_dropped_database_leaves_the_next_tests_limiter_working(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    request.getfixturevalue("_session_app")  # built first, as in a whole run
    # bench.harness.prepare does this: an app with the production limit store on a scratch
    # database. Flask-Limiter keeps one storage for the last app it was bound to.
    with scratch_database(request.config.getoption("--db"), tmp_path) as url:
        upgrade(url)
        other = create_app(app_settings(url, RATELIMIT_STORAGE_URI="database://"))
        assert isinstance(limiter.storage, DatabaseStorage)
        engine_of(other).dispose()
        limiter.storage.engine.dispose()

    app: Flask = request.getfixturevalue("app")

    assert not isinstance(limiter.storage, DatabaseStorage)  # the session app's memory://
    assert limiter.storage.check()
    assert app.test_client().get("/").status_code == 200


def test_an_app_built_without_limits_leaves_the_next_tests_limiter_counting(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    request.getfixturevalue("_session_app")
    # tests/security/xss_browser.py serves an app with RATELIMIT_ENABLED off: Flask-Limiter then
    # switches itself off and keeps the storage it had, so the storage alone does not show it.
    with scratch_database(request.config.getoption("--db"), tmp_path) as url:
        upgrade(url)
        other = create_app(app_settings(url, RATELIMIT_ENABLED=False))
        assert not limiter.enabled
        engine_of(other).dispose()

    app: Flask = request.getfixturevalue("app")

    assert limiter.enabled
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "198.51.100.99"
    with app.app_context():
        limit = int(str(app.config["LOGIN_RATE_LIMIT"]).split()[0])
    token = csrf_token(client, "/login")
    statuses = {
        client.post(
            "/login", data={"email": f"g{n}@example.org", "password": "x", "csrf_token": token}
        ).status_code
        for n in range(limit + 1)
    }
    assert 429 in statuses
