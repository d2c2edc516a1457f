"""The course in Spanish over HTTP: translated pages, English ones marked, a quiz switched."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine import live_content
from course_engine.content import Course
from course_engine.models import Enrolment, User
from course_engine.models.types import utcnow
from course_engine.progress.enrolment import enrol
from course_engine.progress.pages import record_page
from tests.factories import create_user
from tests.learn.test_quiz_views import start
from tests.support.forms import csrf_token

FIELDS = re.compile(r'name="(q-[^"]+)"')


def enrolled(db: Session, course: Course, client: FlaskClient, login_as: Callable) -> Enrolment:
    """A logged-in learner in the course, the pre-test skipped and module 1 read."""
    user: User = create_user(db)
    login_as(client, user)
    enrolment = enrol(db, user, course)
    enrolment.pretest_skipped_at = utcnow()
    module = course.visible_modules()[0]
    for number in range(1, len(module.pages) + 1):
        record_page(db, enrolment, course, module, number)
    db.flush()
    return enrolment


def switch(client: FlaskClient, language: str, back_to: str) -> None:
    """Press the language switcher on ``back_to``."""
    token = csrf_token(client, back_to)
    response = client.post(
        "/language", data={"language": language, "next": back_to, "csrf_token": token}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == back_to


def test_a_translated_module_is_served_in_spanish(
    client: FlaskClient, db: Session, course: Course, login_as: Callable
):
    enrolled(db, course, client, login_as)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = client.get(f"/courses/{course.slug}/modules/community-resilience/1").get_data(True)

    assert '<html lang="es">' in page
    assert "El trauma y la resiliencia comunitaria" in page
    assert "Bienvenida al HEART Collective" in page
    assert "todavía no está traducido" not in page


def test_a_module_without_a_translation_is_marked_as_english_with_a_spanish_notice(
    client: FlaskClient,
    db: Session,
    course: Course,
    login_as: Callable,
    monkeypatch: pytest.MonkeyPatch,
):
    catalog = client.application.extensions["content"].catalog
    assert catalog is not None
    spanish = catalog.translation(course.slug, "es")
    assert spanish is not None
    english_first = (course.modules[0], *spanish.modules[1:])  # module 1 as if untranslated
    partial = dataclasses.replace(spanish, modules=english_first)
    patched = dataclasses.replace(catalog, translations={"es": {course.slug: partial}})
    monkeypatch.setattr(live_content, "current_catalog", lambda: patched)
    enrolled(db, course, client, login_as)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = client.get(f"/courses/{course.slug}/modules/community-resilience/1").get_data(True)

    assert "Este módulo todavía no está traducido: se muestra en inglés." in page
    assert '<h1 lang="en">Trauma and Community Resilience</h1>' in page
    assert '<div lang="en"><h2' in page  # the English passage is marked as English


def test_switching_language_mid_quiz_keeps_the_attempt_and_its_layout(
    client: FlaskClient, db: Session, course: Course, login_as: Callable
):
    enrolled(db, course, client, login_as)
    quiz = course.quizzes["community-resilience-check"]
    attempt_id = start(client, course, quiz)
    url = f"/courses/{course.slug}/attempts/{attempt_id}"
    english = client.get(url).get_data(as_text=True)

    switch(client, "es", url)
    spanish = client.get(url).get_data(as_text=True)

    assert start(client, course, quiz) == attempt_id  # the same attempt resumes
    assert FIELDS.findall(spanish) == FIELDS.findall(english)  # same questions, same order
    values = re.compile(r'name="(q-[^"]+)" value="([^"]+)"')
    assert values.findall(spanish) == values.findall(english)  # same choices, same order
    assert '<html lang="es">' in spanish
    assert "Relacione cada objetivo del Community Resiliency Model®" in spanish
    assert "Match each aim" not in spanish
