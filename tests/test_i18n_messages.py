"""What the code says, in Spanish: flash messages, form errors, emails, the verify JSON, CLI."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth.reset import send_password_reset
from course_engine.i18n import cli_language, say
from course_engine.models import OutgoingMail
from tests.factories import create_user
from tests.support.forms import AuthActions

SPANISH = "es-MX,es;q=0.9"


@pytest.fixture
def spanish(client: FlaskClient) -> FlaskClient:
    """A browser that asks for Spanish."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = SPANISH
    return client


def test_logging_in_greets_a_spanish_reader_in_spanish(spanish: FlaskClient, db: Session):
    learner = create_user(db, email="nuevo@example.org")
    db.commit()
    response = AuthActions(spanish).login(learner.email)

    assert response.status_code == 302
    page = spanish.get(response.headers["Location"]).get_data(as_text=True)
    assert "Inició sesión." in page


def test_a_wrong_password_is_refused_in_spanish(spanish: FlaskClient, db: Session):
    learner = create_user(db, email="otra@example.org")
    db.commit()
    page = AuthActions(spanish).login(learner.email, "not the password").get_data(as_text=True)

    assert "El correo electrónico o la contraseña no son correctos." in page


def test_form_errors_and_labels_are_in_spanish(spanish: FlaskClient, db: Session):
    response = AuthActions(spanish).register(
        email="no-es-un-correo", password="corta", full_name=""
    )

    page = response.get_data(as_text=True)
    assert "Escriba un correo electrónico como nombre@example.org." in page
    assert "Use entre 10 y 256 caracteres." in page
    assert "Escriba su nombre completo." in page
    assert "Enter your full name." not in page


def test_the_reset_email_is_written_in_the_learners_language(app: Flask, db: Session):
    learner = create_user(db, email="madre@example.org", full_name="Rosa Díaz")
    learner.locale = "es"
    db.flush()
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        send_password_reset(db, learner)
    [mail] = db.scalars(select(OutgoingMail)).all()

    assert mail.subject.startswith("Restablezca su contraseña de ")
    assert "Hola, Rosa Díaz:" in mail.text_body
    assert "El enlace funciona una sola vez." in mail.text_body
    assert 'lang="es"' in mail.html_body


def test_a_learner_who_never_chose_gets_mail_in_the_language_of_their_request(
    app: Flask, db: Session
):
    learner = create_user(db, email="padre@example.org")
    with app.test_request_context("/", headers={"Accept-Language": SPANISH}):
        send_password_reset(db, learner)
    [mail] = db.scalars(select(OutgoingMail)).all()

    assert mail.subject.startswith("Restablezca su contraseña")


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({"LANG": "es_US.UTF-8"}, "es"),
        ({"LANGUAGE": "es:en", "LANG": "en_US.UTF-8"}, "es"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_commands_speak_the_administrators_language(
    app: Flask, monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], language: str
):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert cli_language() == language
    with app.app_context():
        said = say("Administrator account %(email)s created.", email="a@example.org")
    expected = {
        "es": "Se creó la cuenta de administrador a@example.org.",
        "en": "Administrator account a@example.org created.",
    }
    assert said == expected[language]


def test_flask_users_create_admin_answers_in_spanish(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "jefa@example.org", "--password-stdin"],
        input="una contraseña bastante larga\n",
    )

    assert "Se creó la cuenta de administrador jefa@example.org." in result.output
