"""Registration tells nobody who has an account: a taken address, a new one and a look-alike
get the same answer (the owner of a taken address gets a mail instead), and the account is made
only from the link mailed to the address, once."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth import passwords
from course_engine.models import RegistrationRequest, User
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.support.forms import (
    AuthActions,
    confirmation_link,
    csrf_token,
    newest_mail_id,
    registration_mails,
)

ATTACKER_PASSWORD = "attacker chosen words"
TOKEN_VALUE = re.compile(r'name="csrf_token"[^>]*value="[^"]+"')


def accounts_of(db: Session, key: str) -> list[User]:
    db.expire_all()
    return list(db.scalars(select(User).where(User.email_key == key)))


def answer(app: Flask, email: str) -> tuple[int, str, list[str], str]:
    """A new visitor registers ``email``: (status, where it leads, cookie names, that page)."""
    client = app.test_client()
    response = AuthActions(client).register(email, ATTACKER_PASSWORD, follow_mail=False)
    cookies = sorted(c.split("=")[0] for c in response.headers.getlist("Set-Cookie"))
    landing = client.get(response.headers.get("Location", "/register"))
    page = TOKEN_VALUE.sub("", landing.get_data(as_text=True))
    return response.status_code, response.headers.get("Location", ""), cookies, page


def test_a_taken_address_gets_the_same_answer_as_a_new_one(app: Flask, db: Session) -> None:
    owner = create_user(db, email="known@example.org", full_name="Known Owner")
    before = newest_mail_id(app.test_client())
    taken, new = answer(app, "KNOWN@example.org"), answer(app, "unknown@example.org")
    assert taken == new
    assert taken[:2] == (303, "/register/sent")
    assert "Check your email" in taken[3] and "known" not in taken[3]
    mails = registration_mails(app.test_client(), after=before)
    assert [(kind, to) for kind, to, _ in mails] == [
        ("registration_taken", "known@example.org"),  # the owner hears of it
        ("registration_confirm", "unknown@example.org"),
    ]
    told = mails[0][2]
    assert "you already" in told and "/reset-password" in told and "/register/confirm" not in told
    assert accounts_of(db, "known@example.org") == [owner]  # nothing changed for the owner
    db.refresh(owner)
    assert passwords.verify_password(owner.password_hash, DEFAULT_PASSWORD)
    assert accounts_of(db, "unknown@example.org") == []  # not until the link is confirmed


def test_the_login_does_not_reveal_an_unconfirmed_registration(app: Flask, db: Session) -> None:
    """The attacker registers an address and tries the password they chose: the answer is the
    one any unknown address gets (no account exists until its mailbox confirms)."""
    create_user(db, email="known@example.org")
    answer(app, "fresh@example.org")
    answer(app, "known@example.org")
    pages = set()
    for email in ("fresh@example.org", "known@example.org", "never@example.org"):
        response = AuthActions(app.test_client()).login(email, ATTACKER_PASSWORD)
        assert response.status_code == 200
        text = TOKEN_VALUE.sub("", response.get_data(as_text=True))
        pages.add(re.sub(r"(fresh|known|never)@example\.org", "@", text))
    assert len(pages) == 1
    assert "Email or password is incorrect." in pages.pop()


def test_the_mailed_link_makes_the_account_once_by_post_only(
    app: Flask, client: FlaskClient, db: Session
) -> None:
    auth = AuthActions(client)
    before = newest_mail_id(client)
    auth.register("fresh@example.org", follow_mail=False, next="/courses/heart-collaboration/")
    link = confirmation_link(client, after=before)
    assert link is not None
    stored = db.scalars(select(RegistrationRequest)).one()
    assert link.rsplit("/", 1)[1] not in stored.token_hash  # only the hash is kept
    assert stored.password_hash.startswith("$argon2id$")

    tampered = link[:-1] + ("A" if link[-1] != "A" else "B")
    assert client.get(tampered).status_code == 410
    assert client.get(link).status_code == 200  # a GET only shows the button
    assert client.post(link, data={}).status_code == 400  # no CSRF token: nothing made
    assert accounts_of(db, "fresh@example.org") == []

    made = auth.confirm(link)
    assert made.status_code == 302
    assert made.headers["Location"] == "/courses/heart-collaboration/"
    assert len(accounts_of(db, "fresh@example.org")) == 1
    assert client.get("/account").status_code == 200  # signed in

    other = app.test_client()
    assert other.get(link).status_code == 410  # used: gone for everyone
    assert other.post(link, data={"csrf_token": csrf_token(other, "/login")}).status_code == 410


def test_a_late_link_makes_nothing(app: Flask, client: FlaskClient, db: Session) -> None:
    from datetime import timedelta

    from course_engine.models.types import utcnow

    before = newest_mail_id(client)
    AuthActions(client).register("late@example.org", follow_mail=False)
    link = confirmation_link(client, after=before)
    assert link
    for pending in db.scalars(select(RegistrationRequest)):
        pending.expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    assert client.get(link).status_code == 410
    assert accounts_of(db, "late@example.org") == []


def test_a_lookalike_address_gets_the_same_answer_and_no_account(app: Flask, db: Session) -> None:
    """``аdmin@example.org`` with a Cyrillic а, and ``admin@ехample.org`` with a Cyrillic
    domain, look like the administrator's address in every list: refused, by mail."""
    create_user(db, email="admin@example.org")
    before = newest_mail_id(app.test_client())
    plain = answer(app, "someone@example.org")
    for lookalike in (
        "\u0430dmin@example.org",
        "admin@\u0435\u0445ample.org",
        "adrnin@example.org",
    ):
        assert answer(app, lookalike) == plain
    mails = registration_mails(app.test_client(), after=before)
    kinds = [kind for kind, _to, _text in mails]
    assert kinds == ["registration_confirm"] + ["registration_lookalike"] * 3
    assert "looks the same as an address already registered" in mails[1][2]
    assert "/register/confirm" not in mails[1][2]
    db.expire_all()
    assert db.scalars(select(RegistrationRequest.email_key)).all() == ["someone@example.org"]


def test_a_lookalike_registered_while_a_link_waits_is_refused_at_confirmation(
    client: FlaskClient, db: Session
) -> None:
    auth = AuthActions(client)
    before = newest_mail_id(client)
    auth.register("\u0430dmin@example.org", follow_mail=False)
    link = confirmation_link(client, after=before)
    assert link
    create_user(db, email="admin@example.org")  # the look-alike came first after all
    db.commit()
    refused = auth.confirm(link)
    assert refused.status_code == 409
    assert "looks the same as one already registered" in refused.get_data(as_text=True)
    assert accounts_of(db, "\u0430dmin@example.org") == []
    assert client.get(link).status_code == 410  # used up


def test_confirming_an_address_registered_meanwhile_makes_no_second_account(
    client: FlaskClient, db: Session
) -> None:
    auth = AuthActions(client)
    before = newest_mail_id(client)
    auth.register("twice@example.org", follow_mail=False)
    link = confirmation_link(client, after=before)
    assert link
    first = create_user(db, email="twice@example.org")
    db.commit()
    assert auth.confirm(link).status_code == 409
    assert accounts_of(db, "twice@example.org") == [first]
