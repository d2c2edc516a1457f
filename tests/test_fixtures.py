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
