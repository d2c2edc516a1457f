"""Completing a course queues one "your certificate is ready" email with its links."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.certificates import ISSUED_INFO
from course_engine.content import Course
from course_engine.models import Certificate, OutgoingMail
from course_engine.progress.completion import refresh_completion
from course_engine.progress.enrolment import enrol
from tests.certificates.conftest import do_everything
from tests.factories import create_user


def test_completion_sends_one_certificate_ready_email_with_download_and_verify_links(
    app: Flask, db: Session, course: Course, mail_outbox: Path
) -> None:
    user = create_user(db, email="done@example.org", full_name="Dana Done")
    enrolment = enrol(db, user, course)
    db.flush()
    do_everything(db, enrolment, course)
    with app.app_context():
        refresh_completion(db, enrolment, course)
        refresh_completion(db, enrolment, course)  # completing again queues nothing new
        db.commit()

    certificate = db.scalars(select(Certificate).where(Certificate.user_id == user.id)).one()
    [row] = db.scalars(select(OutgoingMail).where(OutgoingMail.user_id == user.id)).all()
    assert row.kind == "certificate_ready"
    [eml] = list(mail_outbox.glob("*.eml"))
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    assert f"/certificates/{certificate.id}.pdf" in text
    assert f"/verify/{certificate.verification_code}" in text
    assert certificate.serial in message.get_body(("html",)).get_content()


def test_a_rolled_back_completion_queues_no_ready_email(
    app: Flask, db: Session, course: Course, mail_outbox: Path
) -> None:
    user = create_user(db, email="undone@example.org")
    enrolment = enrol(db, user, course)
    db.commit()
    with app.app_context():
        do_everything(db, enrolment, course)
        refresh_completion(db, enrolment, course)
        assert db.scalars(select(Certificate).where(Certificate.user_id == user.id)).all()
        db.rollback()
        assert ISSUED_INFO not in db.info  # forgotten with the transaction
        db.commit()

    assert db.scalars(select(Certificate).where(Certificate.user_id == user.id)).all() == []
    assert db.scalars(select(OutgoingMail).where(OutgoingMail.user_id == user.id)).all() == []
    assert list(mail_outbox.glob("*.eml")) == []
