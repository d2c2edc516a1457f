"""The application factory, settings, security headers and the content commands."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from config import ProductionConfig
from course_engine import create_app
from course_engine.models import AccessRole, Enrolment
from tests.factories import create_user
from tests.support.databases import ROOT, app_settings, rolled_back_session
from tests.support.forms import login_as


def break_course_file(root: Path) -> str:
    """Give the course a negative number of hours; return the error's path:line prefix."""
    course_file = root / "modules/heart-collaboration/course.yaml"
    lines = course_file.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("hours:"))
    lines[number] = "hours: -1"
    course_file.write_text("\n".join(lines) + "\n")
    return f"modules/heart-collaboration/course.yaml:{number + 1}:"


def copy_content(target: Path) -> Path:
    """A private copy of the bundled content that a test may edit."""
    for folder in ("modules", "quizzes", "certificates"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def test_production_refuses_to_start_without_a_secret_key(database_url: str) -> None:
    settings = app_settings(database_url, SECRET_KEY=None)
    settings.update({k: getattr(ProductionConfig, k) for k in ("CONTENT_STRICT",)})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(settings)


def test_production_refuses_to_start_with_broken_content(
    make_app: Callable[..., Flask], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_content(tmp_path)
    where = break_course_file(root)
    with pytest.raises(SystemExit, match="refusing to start"):
        make_app(CONTENT_ROOT=str(root), CONTENT_STRICT=True)
    assert where in capsys.readouterr().err


def test_development_starts_with_broken_content_and_shows_the_errors_to_authors_only(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    root = copy_content(tmp_path)
    where = break_course_file(root)
    app = make_app(CONTENT_ROOT=str(root), CONTENT_AUTO_RELOAD=True)
    with rolled_back_session(app) as session:
        learner = create_user(session)
        session.add(Enrolment(user_id=learner.id, course_slug="heart-collaboration"))
        author = create_user(session, access_role=AccessRole.AUTHOR)
        anonymous = app.test_client()
        assert anonymous.get("/_content/errors").status_code == 404
        assert "content reload found" not in anonymous.get("/").text

        client = app.test_client()
        login_as(client, learner)
        dashboard = client.get("/dashboard").text
        assert "You are not enrolled" not in dashboard
        assert "The course content failed to load" in dashboard and "progress are kept" in dashboard
        assert "content reload found" not in dashboard
        assert client.get("/_content/errors").status_code == 404
        assert client.get("/courses/heart-collaboration/").status_code == 503

        login_as(client, author)
        banner = client.get("/dashboard").text
        assert "no content has loaded, so learners see no courses" in banner
        assert "previous content is still shown" not in banner
        assert where.rstrip(":") in client.get("/_content/errors").text


def test_every_response_carries_the_security_headers(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_content_check_command_prints_the_summary(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "OK: 1 course, 6 modules" in result.output


def test_content_check_command_strict_json_fails_on_warnings(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    root = tmp_path / "aligned"
    shutil.copytree(ROOT / "tests/content/fixtures/aligned", root)
    app = make_app(CONTENT_ROOT=str(root))
    result = app.test_cli_runner().invoke(args=["content", "check", "--strict", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ok"] is True
    module = root / "modules/aligned/01-signs.md"
    module.write_text(module.read_text().replace("minutes: 4", "minutes: 40"))
    result = app.test_cli_runner().invoke(args=["content", "check", "--strict", "--format", "json"])
    assert result.exit_code == 1
    [warning] = json.loads(result.output)["warnings"]
    assert (warning["path"], warning["line"], warning["code"]) == (
        "modules/aligned/01-signs.md",
        3,
        "seat-time",
    )
    result = app.test_cli_runner().invoke(args=["content", "check", "--reading-grade", "-5"])
    assert result.exit_code == 0 and "[reading-grade]" in result.output


def test_content_check_command_lists_errors_and_exits_1(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    root = copy_content(tmp_path)
    app = make_app(CONTENT_ROOT=str(root))
    where = break_course_file(root)
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert where in result.output


def test_content_reload_command_asks_running_instances_to_reload(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    root = copy_content(tmp_path)
    instance = tmp_path / "instance"
    app = make_app(CONTENT_ROOT=str(root), INSTANCE_PATH=str(instance))
    course_file = root / "modules/heart-collaboration/course.yaml"
    course_file.write_text(course_file.read_text().replace('title: "', 'title: "Reloaded: ', 1))
    assert "Reloaded" not in app.test_client().get("/").get_data(as_text=True)
    with rolled_back_session(app):  # the release it records is rolled back after
        asked = app.test_cli_runner().invoke(args=["content", "reload"])
        assert asked.exit_code == 1 and "confirm in a terminal, or pass --yes" in asked.output
        assert "Reloaded" not in app.test_client().get("/").get_data(as_text=True)
        result = app.test_cli_runner().invoke(args=["content", "reload", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Reloaded" in app.test_client().get("/").get_data(as_text=True)


def _touch_later(path: Path) -> None:
    """Make sure the edit gets a new modification time even on coarse clocks."""
    import os

    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_editing_a_module_file_changes_the_page_on_the_next_request_in_development(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    root = copy_content(tmp_path)
    app = make_app(CONTENT_ROOT=str(root), CONTENT_AUTO_RELOAD=True)
    client = app.test_client()
    module_file = next((root / "modules/heart-collaboration").glob("01-*.md"))
    assert "Edited while running" not in client.get("/courses/heart-collaboration/").text
    text = module_file.read_text()
    module_file.write_text(text.replace("title: ", "title: Edited while running - ", 1))
    _touch_later(module_file)
    assert "Edited while running" in client.get("/courses/heart-collaboration/").text


def test_a_broken_edit_keeps_the_last_good_content_and_reports_the_error(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    root = copy_content(tmp_path)
    app = make_app(CONTENT_ROOT=str(root), CONTENT_AUTO_RELOAD=True)
    client = app.test_client()
    before = client.get("/courses/heart-collaboration/").text
    where = break_course_file(root)
    _touch_later(root / "modules/heart-collaboration/course.yaml")
    response = client.get("/courses/heart-collaboration/")
    assert response.status_code == 200
    assert "content reload found" not in response.text  # learners see no author banner
    assert response.text.count("contact hours") == before.count("contact hours")
    with rolled_back_session(app) as session:
        login_as(client, create_user(session, access_role=AccessRole.AUTHOR))
        page = client.get("/courses/heart-collaboration/").text
        assert "The last content reload found 1 error(s); learners still see the last" in page
        assert where.rstrip(":") in client.get("/_content/errors").text


def test_a_fresh_checkout_gets_its_instance_folder(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    instance = tmp_path / "not-yet" / "instance"
    make_app(INSTANCE_PATH=str(instance))
    assert instance.is_dir()
