"""Reflection prompts: a private text box on the page, saved on Next to the learner's journal."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.admin.operations import delete_user
from course_engine.content import Course, Module
from course_engine.models import AccessRole, JournalEntry, User
from course_engine.progress.journal import MAX_REFLECTION, reflection_count
from tests.factories import create_user
from tests.learn.test_course_views import COURSE, ready_learner
from tests.support.forms import csrf_token, login_as

SECRET = "My cousin's story <script>alert(1)</script> stays with me"


def reflect_page(course: Course) -> tuple[Module, int]:
    """The first module page with a reflection prompt."""
    for module in course.visible_modules():
        for page in module.pages:
            if reflection_count(page.html):
                return module, page.number
    raise AssertionError("the bundled course has no reflection prompt")


def open_reflect_page(client: FlaskClient, db: Session, course: Course, user: User) -> str:
    """Enrol ``user``, read up to the first reflection page; return its URL."""
    ready_learner(db, course, user)
    module, number = reflect_page(course)
    base = f"{COURSE}modules/{module.id}/"
    for earlier in range(1, number):
        client.post(f"{base}{earlier}/next", data={"csrf_token": csrf_token(client, base + "1")})
    return f"{base}{number}"


def press_next(client: FlaskClient, url: str, text: str) -> None:
    """Type ``text`` into the page's first reflection box and press its Next button."""
    data = {"csrf_token": csrf_token(client, url), "reflection-1": text}
    assert client.post(url + "/next", data=data).status_code == 302


def test_the_prompt_has_a_labelled_box_that_belongs_to_the_next_form(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    page = client.get(open_reflect_page(client, db, course, learner)).text
    assert '<label for="reflection-1">Your reflection</label>' in page
    assert 'name="reflection-1" form="page-next"' in page and 'id="page-next"' in page
    assert "Private: only you can see it" in page


def test_next_saves_the_answer_and_the_page_shows_it_again(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    url = open_reflect_page(client, db, course, learner)
    press_next(client, url, SECRET)
    page = client.get(url).text
    assert "My cousin&#39;s story &lt;script&gt;alert(1)&lt;/script&gt; stays with me" in page
    assert "<script>alert(1)</script>" not in page
    press_next(client, url, "   ")  # emptied: the entry goes
    assert db.scalar(select(func.count()).select_from(JournalEntry)) == 0


def test_answers_are_cut_to_the_limit_and_lose_control_characters(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    url = open_reflect_page(client, db, course, learner)
    press_next(client, url, "a\x00b\x07" + "c" * (MAX_REFLECTION * 2))
    entry = db.scalars(select(JournalEntry)).one()
    assert entry.text.startswith("abc") and len(entry.text) == MAX_REFLECTION


def test_a_box_the_page_does_not_have_is_ignored(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    url = open_reflect_page(client, db, course, learner)
    data = {"csrf_token": csrf_token(client, url), "reflection-9": "forged"}
    client.post(url + "/next", data=data)
    assert db.scalar(select(func.count()).select_from(JournalEntry)) == 0


def test_the_journal_is_on_the_learners_transcript_and_in_their_export_only(
    app: Flask, client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    url = open_reflect_page(client, db, course, learner)
    press_next(client, url, SECRET)
    transcript = client.get("/account/transcript").text
    assert "Your journal" in transcript and "My cousin&#39;s story" in transcript
    export = json.loads(client.get("/account/export.json").data)
    assert [line["text"] for line in export["journal"]] == [SECRET]
    other = app.test_client()
    login_as(other, create_user(db, email="other@example.org"))
    assert "My cousin" not in other.get("/account/transcript").text
    assert "My cousin" not in other.get(url).text
    admin = app.test_client()
    login_as(admin, create_user(db, email="boss@example.org", access_role=AccessRole.ADMIN))
    for path in (f"/admin/learners/{learner.id}", "/admin/learners/?q=learner"):
        response = admin.get(path)
        assert response.status_code == 200 and "My cousin" not in response.text


def test_deleting_the_account_deletes_the_journal(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    press_next(client, open_reflect_page(client, db, course, learner), SECRET)
    delete_user(db, learner, None)
    assert db.scalar(select(func.count()).select_from(JournalEntry)) == 0
