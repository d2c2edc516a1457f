"""Reminders for learners who stopped and certificates about to expire; one-click unsubscribe."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine import notifications, reminders
from course_engine.certificates.pdf import long_date
from course_engine.content import Course
from course_engine.models import Enrolment, MailStatus, OutgoingMail, User
from course_engine.models.types import utcnow
from course_engine.progress.enrolment import enrol
from course_engine.reminder_tasks import queue_due_reminders
from tests.certificates.conftest import completed_enrolment
from tests.factories import create_user


def stopped(db: Session, course: Course, days_ago: int, **user: object) -> Enrolment:
    """An enrolment whose learner was last on page 2 of the first module ``days_ago`` days ago."""
    enrolment = enrol(db, create_user(db, **user), course)
    module = course.visible_modules()[0]
    enrolment.last_module_id, enrolment.last_page = module.id, 2
    enrolment.last_active_at = utcnow() - timedelta(days=days_ago)
    db.flush()
    return enrolment


def run_reminders(app: Flask, db: Session) -> tuple[int, int]:
    """What the hourly task does, committed (queued mail is sent at once in the tests)."""
    with app.app_context():
        counts = queue_due_reminders()
    db.expire_all()
    return counts


def received(outbox: Path) -> list[EmailMessage]:
    """The mails written to the outbox folder, oldest first."""
    return [
        message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for p in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    ]


def age_reminders(db: Session, days: int) -> None:
    """Make every reminder sent so far ``days`` older."""
    for row in db.scalars(select(OutgoingMail)):
        row.created_at -= timedelta(days=days)
    db.flush()


def test_a_learner_who_stopped_gets_at_most_two_reminders_linking_where_they_stopped(
    app: Flask, db: Session, course: Course, mail_outbox: Path
) -> None:
    enrolment = stopped(db, course, days_ago=8, email="idle@example.org")
    module = course.visible_modules()[0]

    assert run_reminders(app, db) == (1, 0)
    assert run_reminders(app, db) == (0, 0), "the same reason never mails twice"
    [message] = received(mail_outbox)
    text = message.get_body(("plain",)).get_content()
    assert f"/courses/{course.slug}/modules/{module.id}/2" in text
    assert message["List-Unsubscribe"].strip().startswith("<http") and "/unsubscribe/" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    age_reminders(db, 8)
    assert run_reminders(app, db) == (1, 0)
    age_reminders(db, 8)
    assert run_reminders(app, db) == (0, 0), "REMINDER_MAX_COUNT is 2"
    keys = db.scalars(select(OutgoingMail.dedupe_key).order_by(OutgoingMail.id)).all()
    assert keys == [f"reminder_inactive:{enrolment.id}:1", f"reminder_inactive:{enrolment.id}:2"]


def test_recent_finished_deactivated_deleted_and_opted_out_learners_get_no_reminder(
    app: Flask, db: Session, course: Course, mail_outbox: Path
) -> None:
    stopped(db, course, days_ago=3)
    stopped(db, course, days_ago=30, is_active=False)
    stopped(db, course, days_ago=30).completed_at = utcnow()
    gone = stopped(db, course, days_ago=30)
    db.get(User, gone.user_id).deleted_at = utcnow()
    opted_out = stopped(db, course, days_ago=30)
    reminders.set_reminders(db, db.get(User, opted_out.user_id), False)

    assert run_reminders(app, db) == (0, 0)
    assert received(mail_outbox) == []


def test_a_reminder_for_an_account_deleted_meanwhile_is_dropped_and_logged(
    app: Flask, db: Session, course: Course, mail_outbox: Path, caplog: pytest.LogCaptureFixture
) -> None:
    enrolment = stopped(db, course, days_ago=9)
    user = db.get(User, enrolment.user_id)
    with app.app_context():
        [due] = reminders.due_inactive(db, utcnow(), days=7, max_count=2)
        notifications.inactivity_reminder(db, due, course, 7)
        user.deleted_at = utcnow()  # deleted between queueing and sending
        with caplog.at_level(logging.INFO):
            db.commit()

    [row] = db.scalars(select(OutgoingMail)).all()
    assert row.status == MailStatus.FAILED and "deleted" in row.last_error
    assert received(mail_outbox) == []
    assert "dropped" in caplog.text


def test_a_certificate_about_to_expire_gets_one_notice_with_how_to_renew(
    app: Flask, db: Session, course: Course, mail_outbox: Path
) -> None:
    from tests.certificates.test_issuing import issue_for_enrolment

    enrolment = completed_enrolment(db, course, email="holder@example.org")
    certificate = issue_for_enrolment(db, enrolment, course)
    certificate.expires_on = date.today() + timedelta(days=20)
    db.flush()

    assert run_reminders(app, db) == (0, 1)
    assert run_reminders(app, db) == (0, 0)
    [message] = received(mail_outbox)
    assert long_date(certificate.expires_on) in message["Subject"]  # March 3, 2026
    assert "renew" in message.get_body(("plain",)).get_content()


def unsubscribe_path(app: Flask, user: User) -> str:
    with app.test_request_context():
        return f"/unsubscribe/{notifications.unsubscribe_token(user)}"


def test_one_click_unsubscribe_is_a_post_without_session_or_csrf_token(
    app: Flask, client: FlaskClient, db: Session
) -> None:
    user = create_user(db)
    path = unsubscribe_path(app, user)

    assert client.get(path).status_code == 200
    assert reminders.wants_reminders(db, user), "opening the link changes nothing"
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    db.expire_all()
    assert not reminders.wants_reminders(db, user)


def test_a_forged_or_tampered_unsubscribe_token_changes_nothing(
    app: Flask, client: FlaskClient, db: Session
) -> None:
    victim = create_user(db)
    path = unsubscribe_path(app, victim)
    with app.test_request_context():
        from itsdangerous import URLSafeSerializer

        forged = URLSafeSerializer("guessed-key", salt=notifications.UNSUBSCRIBE_SALT)
        forged_path = f"/unsubscribe/{forged.dumps({'user': victim.id})}"

    assert client.post(path[:-3] + "xyz").status_code == 404
    assert client.post(forged_path).status_code == 404
    assert reminders.wants_reminders(db, victim)


def test_the_account_page_turns_reminders_off_and_on(
    client: FlaskClient, db: Session, learner: User
) -> None:
    from tests.support.forms import csrf_token

    assert "Email preferences" in client.get("/account").get_data(as_text=True)
    token = csrf_token(client, "/account/email")
    assert client.post("/account/email", data={"csrf_token": token}).status_code == 302
    assert not reminders.wants_reminders(db, learner)
    client.post("/account/email", data={"csrf_token": token, "reminders": "y"})
    db.expire_all()
    assert reminders.wants_reminders(db, learner)
