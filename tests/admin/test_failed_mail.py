"""The failed-mail page: who, what and the error, and a Retry that sends it again."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import MailStatus
from tests.admin.conftest import LoginAs, People, audit_actions, post
from tests.factories import create_failed_mail


def test_failed_mail_shows_who_what_and_the_error(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    create_failed_mail(db, people.member, last_error="could not send mail: 554 rejected")
    login_as(client, people.admin)

    page = client.get("/admin/mail/").get_data(as_text=True)

    assert people.member.email in page
    assert "Reset your password" in page and "554 rejected" in page
    assert "Retry" in page


def test_retry_sends_the_failed_mail_again_and_is_audited(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, mail_outbox: Path
) -> None:
    row = create_failed_mail(db, people.member)
    login_as(client, people.admin)

    response = post(client, f"/admin/mail/{row.id}/retry")

    assert response.status_code == 302
    db.refresh(row)
    assert row.status == MailStatus.SENT and row.attempts == 1
    [eml] = list(mail_outbox.glob("*.eml"))
    assert people.member.email in eml.read_text()
    assert "mail.retried" in audit_actions(db, row.id)
    assert "No failed mail." in client.get("/admin/mail/").get_data(as_text=True)


def test_retry_without_a_csrf_token_is_refused(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    row = create_failed_mail(db, people.member)
    login_as(client, people.admin)

    assert client.post(f"/admin/mail/{row.id}/retry").status_code == 400
    db.refresh(row)
    assert row.status == MailStatus.FAILED
