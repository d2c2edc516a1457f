"""Choosing the interface language: Accept-Language, the switcher, the learner's stored choice."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import User
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.support.forms import csrf_token

SPANISH = {"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


def choose_language(client: FlaskClient, language: str, next_path: str = "/help"):
    """Press the switcher's button (as on the help page) with ``next_path`` as where to return."""
    token = csrf_token(client, "/help")
    return client.post(
        "/language", data={"language": language, "next": next_path, "csrf_token": token}
    )


def test_a_spanish_browser_gets_spanish_pages_and_a_switch_to_english(client: FlaskClient):
    page = client.get("/help", headers=SPANISH).get_data(as_text=True)

    assert '<html lang="es">' in page
    assert "Saltar al contenido principal" in page
    assert 'value="en" lang="en">English</button>' in page


def test_an_english_browser_gets_english_pages_and_a_switch_to_spanish(client: FlaskClient):
    page = client.get("/help", headers=ENGLISH).get_data(as_text=True)

    assert '<html lang="en">' in page
    assert "Skip to main content" in page
    assert 'value="es" lang="es">Español</button>' in page


def test_a_browser_asking_for_neither_language_gets_english(client: FlaskClient):
    page = client.get("/help", headers={"Accept-Language": "de-DE,fr;q=0.8"}).get_data(True)

    assert '<html lang="en">' in page


def test_the_switcher_keeps_a_visitors_choice_over_accept_language(client: FlaskClient):
    response = choose_language(client, "es", "/accessibility?from=footer")

    assert response.status_code == 303
    assert response.headers["Location"] == "/accessibility?from=footer"
    page = client.get("/help", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="es">' in page


def test_a_signed_in_learners_choice_is_kept_on_the_account(
    app: Flask, client: FlaskClient, db: Session
):
    learner = create_user(db, email="idioma@example.org")
    db.commit()
    client.post(
        "/login",
        data={
            "email": learner.email,
            "password": DEFAULT_PASSWORD,
            "csrf_token": csrf_token(client, "/login"),
        },
    )
    choose_language(client, "es")
    db.expire_all()
    assert db.get(User, learner.id).locale == "es"

    other_device = app.test_client()
    other_device.post(
        "/login",
        data={
            "email": learner.email,
            "password": DEFAULT_PASSWORD,
            "csrf_token": csrf_token(other_device, "/login"),
        },
    )
    page = other_device.get("/help", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="es">' in page


def test_an_unknown_language_changes_nothing(client: FlaskClient):
    choose_language(client, "xx")

    assert '<html lang="en">' in client.get("/help", headers=ENGLISH).get_data(as_text=True)


def test_the_switcher_never_sends_the_learner_off_the_site(client: FlaskClient):
    response = choose_language(client, "es", "//evil.example/phish")

    assert response.headers["Location"] == "/"


def test_switching_language_needs_the_forms_csrf_token(client: FlaskClient):
    response = client.post("/language", data={"language": "es", "next": "/help"})

    assert response.status_code == 400
    assert '<html lang="en">' in client.get("/help", headers=ENGLISH).get_data(as_text=True)


def test_a_get_of_the_switcher_changes_nothing(client: FlaskClient):
    response = client.get("/language?language=es")

    assert response.status_code == 405
    assert '<html lang="en">' in client.get("/help", headers=ENGLISH).get_data(as_text=True)
