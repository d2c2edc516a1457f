"""Finding learners and acting on their accounts, over HTTP with CSRF tokens."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import AccessRole, AuditEntry, Certificate, CertificateStatus, User
from tests.admin.conftest import LoginAs, People, audit_actions, certify, post
from tests.factories import create_cohort, create_user
from tests.support.forms import AuthActions


def test_search_finds_learners_by_name_or_email(
    client: FlaskClient, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    page = client.get("/admin/learners/?q=maria").get_data(as_text=True)
    assert "Maria Member" in page and "Paul Plain" not in page
    page = client.get("/admin/learners/?q=PLAIN@example").get_data(as_text=True)
    assert "Paul Plain" in page and "Maria Member" not in page


def test_search_filters_by_organization_cohort_and_status(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    cohort = create_cohort(db, "June collaborative", organization=people.org)
    in_cohort = create_user(
        db, full_name="Carla Cohort", organization_id=people.org.id, cohort_id=cohort.id
    )
    create_user(db, full_name="Dora Deactivated", is_active=False)
    login_as(client, people.admin)
    page = client.get(f"/admin/learners/?organization={people.org.id}").get_data(as_text=True)
    assert "Maria Member" in page and "Paul Plain" not in page
    page = client.get(f"/admin/learners/?cohort={cohort.id}").get_data(as_text=True)
    assert in_cohort.full_name in page and "Maria Member" not in page
    page = client.get("/admin/learners/?status=deactivated").get_data(as_text=True)
    assert "Dora Deactivated" in page and "Maria Member" not in page


def test_search_filters_by_course_progress(
    client: FlaskClient, db: Session, people: People, course: Course, login_as: LoginAs
) -> None:
    certify(db, people.member, course)
    login_as(client, people.admin)
    complete = client.get("/admin/learners/?progress=complete").get_data(as_text=True)
    assert "Maria Member" in complete and "Paul Plain" not in complete
    not_started = client.get("/admin/learners/?progress=not_started").get_data(as_text=True)
    assert "Paul Plain" in not_started and "Maria Member" not in not_started


def test_search_is_paginated(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    for number in range(30):
        create_user(db, full_name=f"Zed {number:02d}")
    login_as(client, people.admin)
    first = client.get("/admin/learners/?q=Zed").get_data(as_text=True)
    assert 'aria-label="Pages of learners"' in first and "Page 1 of 2" in first
    second = client.get("/admin/learners/?q=Zed&page=2").get_data(as_text=True)
    assert "Zed 29" in second and "Zed 00" not in second


def test_org_admin_search_returns_only_their_organizations_learners(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    outsider = create_user(db, full_name="Olga Outsider", organization_id=people.other_org.id)
    login_as(client, people.org_admin)
    page = client.get("/admin/learners/").get_data(as_text=True)
    assert "Maria Member" in page
    assert outsider.full_name not in page and "Paul Plain" not in page
    # asking for the other organization does not widen the scope
    page = client.get(f"/admin/learners/?organization={people.other_org.id}").get_data(as_text=True)
    assert outsider.full_name not in page


def test_org_admin_gets_404_for_another_organizations_learner(
    client: FlaskClient, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.other_org_admin)
    assert client.get(f"/admin/learners/{people.member.id}").status_code == 404
    login_as(client, people.org_admin)
    assert client.get(f"/admin/learners/{people.admin.id}").status_code == 404  # not a learner


def test_learner_page_shows_progress_attempts_and_certificates(
    client: FlaskClient, db: Session, people: People, course: Course, login_as: LoginAs
) -> None:
    certificate = certify(db, people.member, course)
    login_as(client, people.org_admin)
    page = client.get(f"/admin/learners/{people.member.id}").get_data(as_text=True)
    assert course.title in page and course.visible_modules()[0].title in page
    assert "Progress per module" in page and "Quiz attempts" in page and "60%" in page
    assert certificate.serial in page and "Valid" in page


def test_admin_changes_a_role_and_it_is_audited(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    response = post(client, f"/admin/learners/{people.member.id}/role", {"access_role": "author"})
    assert response.status_code == 302
    db.expire_all()
    assert people.member.access_role == AccessRole.AUTHOR
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "user.role_changed")).one()
    assert (entry.actor_id, entry.target_id) == (people.admin.id, people.member.id)
    assert entry.details == {"old": "learner", "new": "author"}


def test_admins_cannot_change_their_own_role(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    post(client, f"/admin/learners/{people.admin.id}/role", {"access_role": "learner"})
    db.expire_all()
    assert people.admin.access_role == AccessRole.ADMIN


def test_org_admins_cannot_change_roles(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.org_admin)
    response = post(client, f"/admin/learners/{people.member.id}/role", {"access_role": "admin"})
    assert response.status_code == 403


def test_deactivated_learner_cannot_log_in_and_is_logged_out(
    client: FlaskClient,
    db: Session,
    people: People,
    login_as: LoginAs,
    auth: AuthActions,
) -> None:
    learner_client = client.application.test_client()
    login_as(learner_client, people.member)
    assert learner_client.get("/account").status_code == 200
    login_as(client, people.org_admin)
    post(client, f"/admin/learners/{people.member.id}/deactivate")
    assert audit_actions(db, people.member.id) == ["user.deactivated"]
    assert learner_client.get("/account").status_code == 302  # the open session ended
    auth.logout()
    response = auth.login("member@example.org")
    assert "Email or password is incorrect." in response.get_data(as_text=True)
    login_as(client, people.org_admin)
    post(client, f"/admin/learners/{people.member.id}/reactivate")
    auth.logout()
    assert auth.login("member@example.org").status_code == 302


def test_name_correction_reissues_the_valid_certificate(
    client: FlaskClient,
    db: Session,
    people: People,
    certificate: Certificate,
    login_as: LoginAs,
) -> None:
    login_as(client, people.org_admin)
    url = f"/admin/learners/{people.member.id}/name"
    response = post(client, url, {"full_name": "María Membreño", "reissue": "y"}, token_from=url)
    assert response.status_code == 302
    db.expire_all()
    assert people.member.full_name == "María Membreño"
    assert certificate.status == CertificateStatus.SUPERSEDED
    replacement = certificate.superseded_by
    assert replacement.learner_name == "María Membreño"
    assert replacement.status == CertificateStatus.VALID
    assert audit_actions(db) == ["user.name_corrected", "certificate.reissued"]
    page = client.get(f"/admin/learners/{people.member.id}").get_data(as_text=True)
    assert replacement.serial in page and "1 certificate(s) reissued" in page


def test_name_correction_without_reissue_keeps_the_certificate(
    client: FlaskClient,
    db: Session,
    people: People,
    certificate: Certificate,
    login_as: LoginAs,
) -> None:
    login_as(client, people.admin)
    url = f"/admin/learners/{people.member.id}/name"
    post(client, url, {"full_name": "Maria B. Member"}, token_from=url)
    db.expire_all()
    assert people.member.full_name == "Maria B. Member"
    assert certificate.status == CertificateStatus.VALID


def test_password_reset_link_is_sent_and_audited(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, mail_outbox: Path
) -> None:
    login_as(client, people.org_admin)
    post(client, f"/admin/learners/{people.member.id}/password-reset")
    messages = list(mail_outbox.glob("*.eml"))
    assert len(messages) == 1
    text = messages[0].read_text()
    assert "member@example.org" in text and "/reset-password/" in text
    assert audit_actions(db, people.member.id) == ["user.password_reset_sent"]


def test_admin_revokes_with_a_reason_then_cannot_reissue_it(
    client: FlaskClient,
    db: Session,
    people: People,
    certificate: Certificate,
    login_as: LoginAs,
) -> None:
    login_as(client, people.admin)
    url = f"/admin/learners/{people.member.id}/certificates/{certificate.id}/revoke"
    page = client.get(url).get_data(as_text=True)
    assert "Revoke certificate" in page and "Reason for revoking" in page
    assert post(client, url, {"reason": ""}, token_from=url).status_code == 200  # reason needed
    post(client, url, {"reason": "Issued in error"}, token_from=url)
    db.expire_all()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoke_reason == "Issued in error"
    post(client, f"/admin/learners/{people.member.id}/certificates/{certificate.id}/reissue")
    db.expire_all()
    assert certificate.status == CertificateStatus.REVOKED
    assert audit_actions(db, certificate.id) == ["certificate.revoked"]


def test_admin_reissues_a_certificate(
    client: FlaskClient,
    db: Session,
    people: People,
    certificate: Certificate,
    login_as: LoginAs,
) -> None:
    login_as(client, people.admin)
    post(client, f"/admin/learners/{people.member.id}/certificates/{certificate.id}/reissue")
    db.expire_all()
    assert certificate.status == CertificateStatus.SUPERSEDED
    assert audit_actions(db, certificate.id) == ["certificate.reissued"]


def test_a_certificate_of_another_learner_is_404(
    client: FlaskClient,
    db: Session,
    people: People,
    certificate: Certificate,
    login_as: LoginAs,
) -> None:
    login_as(client, people.admin)
    url = f"/admin/learners/{people.learner.id}/certificates/{certificate.id}/revoke"
    assert client.get(url).status_code == 404


def test_placement_puts_a_user_in_an_organization_and_cohort(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    cohort = create_cohort(db, organization=people.other_org)
    login_as(client, people.admin)
    post(
        client,
        f"/admin/learners/{people.learner.id}/placement",
        {"organization": str(people.other_org.id), "cohort": str(cohort.id)},
    )
    db.expire_all()
    user = db.get(User, people.learner.id)
    assert (user.organization_id, user.cohort_id) == (people.other_org.id, cohort.id)
    assert audit_actions(db, user.id) == ["user.placement_changed"]
