"""Emailing an invite code: queued in the outbox, sent by the worker, never twice, admins only."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.admin.organization_operations import create_invite
from course_engine.models import InviteCode, OutgoingMail
from tests.admin.conftest import LoginAs, People, audit_actions, post


def an_invite(db: Session, people: People) -> InviteCode:
    invite = create_invite(
        db,
        people.admin,
        organization=people.org,
        cohort=None,
        code="WELCOME-2026",
        max_uses=None,
        expires_at=None,
    )
    db.commit()
    return invite


def send(client: FlaskClient, invite: InviteCode, addresses: str) -> str:
    url = f"/admin/invites/{invite.id}/email"
    response = post(client, url, {"addresses": addresses}, token_from=url)
    if response.status_code == 302:
        return client.get(response.headers["Location"]).get_data(as_text=True)
    return response.get_data(as_text=True)


def messages(folder: Path) -> list:
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def test_each_address_gets_one_invitation_with_the_registration_link(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, mail_outbox: Path
) -> None:
    invite = an_invite(db, people)
    login_as(client, people.admin)

    page = send(client, invite, "ada@example.org\nGrace@Example.org, ada@example.org")

    assert "2 invitation(s) to code WELCOME-2026 queued for sending." in page
    sent = messages(mail_outbox)
    assert sorted(message["To"] for message in sent) == ["Grace@example.org", "ada@example.org"]
    message = sent[0]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "/register?code=WELCOME-2026" in text and "/register?code=WELCOME-2026" in html
    assert people.org.name in text and '<html lang="en">' in html
    assert "invite.emailed" in audit_actions(db, invite.id)


def test_an_address_is_never_invited_twice_with_the_same_code(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, mail_outbox: Path
) -> None:
    invite = an_invite(db, people)
    login_as(client, people.admin)
    send(client, invite, "ada@example.org")

    page = send(client, invite, "ADA@example.org\nnew@example.org")

    assert "1 invitation(s)" in page and "1 address(es) already had this invitation." in page
    assert len(messages(mail_outbox)) == 2
    assert len(db.scalars(select(OutgoingMail).where(OutgoingMail.kind == "invitation")).all()) == 2


def test_a_list_with_a_bad_address_queues_nothing_and_names_it(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, mail_outbox: Path
) -> None:
    invite = an_invite(db, people)
    login_as(client, people.admin)

    page = send(client, invite, "ada@example.org\nnot-an-address\n<script>@x")

    assert "Not an email address: not-an-address, &lt;script&gt;@x" in page
    assert db.scalars(select(OutgoingMail)).all() == []


def test_organization_administrators_and_learners_cannot_email_invites(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, mail_outbox: Path
) -> None:
    invite = an_invite(db, people)
    for user in (people.org_admin, people.learner):
        login_as(client, user)
        response = post(client, f"/admin/invites/{invite.id}/email", {"addresses": "a@example.org"})
        assert response.status_code in (403, 404), user.access_role
    assert db.scalars(select(OutgoingMail)).all() == []


def test_an_invitation_without_the_csrf_token_is_refused(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs, mail_outbox: Path
) -> None:
    invite = an_invite(db, people)
    login_as(client, people.admin)
    response = client.post(f"/admin/invites/{invite.id}/email", data={"addresses": "a@example.org"})
    assert response.status_code == 400
    assert db.scalars(select(OutgoingMail)).all() == []


def test_an_unknown_invite_is_not_found(
    client: FlaskClient, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    assert client.get("/admin/invites/999999/email").status_code == 404
