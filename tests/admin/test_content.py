"""The content status page, "Reload now", and drafts seen by authors but never by learners."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import AccessRole
from tests.admin.conftest import LoginAs, People, audit_actions, post
from tests.factories import create_user
from tests.support.databases import sessions_joining

VALID = Path(__file__).resolve().parent.parent / "content" / "fixtures" / "valid"


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    """The valid fixture tree plus a draft module in ``demo`` and a draft course ``demo-draft``."""
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    (root / "modules/demo/03-draft-ideas.md").write_text(
        "---\ntitle: Draft Ideas\ndraft: true\n---\nNot ready yet.\n", encoding="utf-8"
    )
    shutil.copytree(root / "modules/demo", root / "modules/demo-draft")
    shutil.copytree(root / "quizzes/demo", root / "quizzes/demo-draft")
    course_file = root / "modules/demo-draft/course.yaml"
    course_file.write_text(
        course_file.read_text(encoding="utf-8").replace(
            "slug: demo\ntitle: Demo Course",
            "slug: demo-draft\ntitle: Unfinished Course\ndraft: true",
        ),
        encoding="utf-8",
    )
    return root


@pytest.fixture
def draft_app(
    make_app: Callable[..., Flask], content_root: Path, db: Session, tmp_path: Path
) -> Iterator[Flask]:
    """An app on ``content_root`` whose requests share the test's rolled-back transaction."""
    app = make_app(CONTENT_ROOT=str(content_root), INSTANCE_PATH=str(tmp_path / "instance"))
    with sessions_joining(app, db.connection()):
        yield app


def test_content_status_lists_courses_hashes_and_drafts(
    draft_app: Flask, db: Session, login_as: LoginAs
) -> None:
    client = draft_app.test_client()
    login_as(client, create_user(db, access_role=AccessRole.AUTHOR))
    page = client.get("/admin/content/").get_data(as_text=True)
    current = draft_app.extensions["content"].catalog
    assert "Demo Course" in page and "Unfinished Course" in page
    assert current.course("demo").content_hash[:12] in page
    assert current.content_hash[:12] in page
    assert "Draft Ideas" in page and "Draft" in page
    assert "None: the last reload found no errors." in page


def test_reload_now_shows_errors_with_path_and_line_and_keeps_the_last_content(
    draft_app: Flask, db: Session, content_root: Path, login_as: LoginAs
) -> None:
    client = draft_app.test_client()
    author = create_user(db, access_role=AccessRole.AUTHOR)
    login_as(client, author)
    (content_root / "modules/demo/02-practice.md").write_text(
        "---\ntitle: Practice\nquiz: no-such-quiz\n---\nText.\n", encoding="utf-8"
    )
    response = post(client, "/admin/content/reload")
    assert response.status_code == 302
    page = client.get("/admin/content/").get_data(as_text=True)
    assert "The reload found 1 error(s)" in page
    assert "modules/demo/02-practice.md" in page and "no-such-quiz" in page
    assert "Demo Course" in page  # the last good content is still loaded
    (content_root / "modules/demo/02-practice.md").write_text(
        "---\ntitle: Practice Again\nprerequisites:\n  - welcome\nquiz: check-practice\n---\nOK\n",
        encoding="utf-8",
    )
    post(client, "/admin/content/reload")
    page = client.get("/admin/content/").get_data(as_text=True)
    assert "Content reloaded without errors." in page and "Practice Again" in page
    assert audit_actions(db) == ["content.reloaded", "content.reloaded"]


def test_reload_now_needs_a_csrf_token(
    client: FlaskClient, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.author)
    assert client.post("/admin/content/reload").status_code == 400


@pytest.mark.parametrize("role", [AccessRole.AUTHOR, AccessRole.ADMIN])
def test_authors_see_draft_courses_and_modules_marked_as_drafts(
    draft_app: Flask, db: Session, login_as: LoginAs, role: AccessRole
) -> None:
    client = draft_app.test_client()
    login_as(client, create_user(db, access_role=role))
    home = client.get("/").get_data(as_text=True)
    assert "Unfinished Course" in home and "Draft" in home
    course = client.get("/courses/demo/").get_data(as_text=True)
    assert "Draft Ideas" in course and 'class="tag tag-draft">Draft' in course
    draft = client.get("/courses/demo-draft/")
    assert draft.status_code == 200
    text = draft.get_data(as_text=True)
    assert "This course is a draft" in text and "Enrol in this course" not in text


@pytest.mark.parametrize("role", [None, AccessRole.LEARNER, AccessRole.ORG_ADMIN])
def test_learners_never_see_drafts(
    draft_app: Flask, db: Session, login_as: LoginAs, role: AccessRole | None
) -> None:
    client = draft_app.test_client()
    if role is not None:
        login_as(client, create_user(db, access_role=role))
    home = client.get("/").get_data(as_text=True)
    assert "Demo Course" in home and "Unfinished Course" not in home and "Draft" not in home
    course = client.get("/courses/demo/").get_data(as_text=True)
    assert "Practice" in course and "Draft Ideas" not in course
    assert client.get("/courses/demo-draft/").status_code == 404
    assert client.get("/courses/demo/modules/draft-ideas/1").status_code in (302, 404)
