"""Deleting a learner anonymizes their personal data while the counts stay right."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.admin.operations import DELETED_NAME
from course_engine.content import Course
from course_engine.models import (
    AuditEntry,
    Certificate,
    CertificateStatus,
    Enrolment,
    PasswordResetToken,
    QuizAttempt,
    User,
)
from tests.admin.conftest import LoginAs, People, certify, enrolment_count, post
from tests.support.forms import AuthActions


def test_delete_asks_for_confirmation_first(
    client: FlaskClient, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    page = client.get(f"/admin/learners/{people.member.id}/delete").get_data(as_text=True)
    assert "cannot be undone" in page and 'type="submit"' in page
    assert people.member.deleted_at is None


def test_deleting_a_learner_removes_personal_data_and_keeps_counts(
    app: Flask,
    client: FlaskClient,
    db: Session,
    people: People,
    course: Course,
    login_as: LoginAs,
    auth: AuthActions,
) -> None:
    with app.app_context():  # the app signs the certificate's credential
        certificate = certify(db, people.member, course)
    assert certificate.credential is not None
    db.scalars(select(QuizAttempt)).first().answers = {"q1": "my colleague Jane at Lincoln"}
    db.add(
        PasswordResetToken(
            user_id=people.member.id, token_hash="x" * 64, expires_at=certificate.issued_at
        )
    )
    login_as(client, people.admin)
    url = f"/admin/learners/{people.member.id}/name"
    post(client, url, {"full_name": "Maria Q. Member"}, token_from=url)  # audited with names
    enrolments_before = enrolment_count(db)
    completed_before = db.scalar(select(func.count()).where(Enrolment.completed_at.is_not(None)))

    url = f"/admin/learners/{people.member.id}/delete"
    response = post(client, url, token_from=url)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/learners/"

    db.expire_all()
    user = db.get(User, people.member.id)
    assert user is not None and user.deleted_at is not None
    assert user.email == user.email_key == f"deleted-{user.id}@invalid"
    assert user.full_name == DELETED_NAME and user.organization_name == ""
    assert not user.is_active
    assert (user.role, user.state, user.organization_id) == ("teacher", "MD", people.org.id)
    assert enrolment_count(db) == enrolments_before
    assert (
        db.scalar(select(func.count()).where(Enrolment.completed_at.is_not(None)))
        == completed_before
    )
    attempt = db.scalars(select(QuizAttempt)).one()
    assert attempt.answers is None and attempt.percent == 60
    assert db.scalars(select(PasswordResetToken)).all() == []
    kept = db.scalars(select(Certificate).where(Certificate.user_id == user.id)).one()
    assert kept.status == CertificateStatus.REVOKED and kept.revoke_reason == "learner deleted"
    assert kept.learner_name == DELETED_NAME
    assert kept.credential is None  # the signed credential named the learner
    for entry in db.scalars(select(AuditEntry)):
        assert "Maria" not in str(entry.details) and "member@example.org" not in str(entry.details)
    assert "user.deleted" in db.scalars(select(AuditEntry.action)).all()

    page = client.get("/admin/learners/").get_data(as_text=True)
    assert "member@example.org" not in page
    page = client.get("/admin/learners/?status=deleted").get_data(as_text=True)
    assert DELETED_NAME in page
    auth.logout()
    response = auth.login("member@example.org")
    assert "Email or password is incorrect." in response.get_data(as_text=True)


def test_deleted_account_email_can_register_again(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, auth: AuthActions
) -> None:
    login_as(client, people.admin)
    url = f"/admin/learners/{people.member.id}/delete"
    post(client, url, token_from=url)
    auth.logout()
    assert auth.register("member@example.org").status_code == 302


def test_admins_cannot_delete_themselves(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    url = f"/admin/learners/{people.admin.id}/delete"
    post(client, url, token_from=url)
    db.expire_all()
    assert people.admin.deleted_at is None and people.admin.is_active
