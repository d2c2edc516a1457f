"""Registration: the three modes, invite codes, duplicate emails, password rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth import passwords
from course_engine.auth.invites import EXPIRED, NOT_FOUND, USED_UP
from course_engine.models import AccessRole, InviteCode, User
from course_engine.models.types import utcnow
from tests.factories import create_cohort, create_invite_code, create_organization, create_user


def user_named(db: Session, email: str) -> User | None:
    """The account registered with ``email`` (any case)."""
    return db.scalars(select(User).where(User.email_key == email.lower())).first()


@pytest.fixture
def mode(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Set REGISTRATION_MODE (and REGISTRATION_DOMAINS) for one test."""

    def set_mode(name: str, domains: tuple[str, ...] = ()) -> None:
        monkeypatch.setitem(app.config, "REGISTRATION_MODE", name)
        monkeypatch.setitem(app.config, "REGISTRATION_DOMAINS", domains)

    return set_mode


def test_open_registration_creates_a_logged_in_learner(auth, client: FlaskClient, db: Session):
    response = auth.register("Ada.Lovelace@Example.org", full_name="  Ada Lovelace  ", state="PR")

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    user = user_named(db, "ada.lovelace@example.org")
    assert user is not None
    assert user.email == "Ada.Lovelace@example.org"  # the domain normalized, the local part kept
    assert user.email_key == "ada.lovelace@example.org"
    assert user.full_name == "Ada Lovelace"
    assert (user.role, user.organization_kind, user.state) == ("teacher", "school", "PR")
    assert user.access_role == AccessRole.LEARNER
    assert user.last_login_at is not None
    assert "Log out" in client.get("/account").get_data(as_text=True)


def test_password_is_stored_as_an_argon2id_hash(auth, db: Session):
    auth.register("hash@example.org", "a long enough secret")

    user = user_named(db, "hash@example.org")
    assert user is not None
    assert user.password_hash.startswith("$argon2id$")
    assert "a long enough secret" not in user.password_hash
    assert passwords.verify_password(user.password_hash, "a long enough secret")


def test_email_taken_in_another_case_is_refused_without_saying_so(auth, db: Session):
    create_user(db, email="taken@example.org")

    response = auth.register("TAKEN@Example.ORG")

    assert (response.status_code, response.headers["Location"]) == (303, "/register/sent")
    assert len(db.scalars(select(User).where(User.email_key == "taken@example.org")).all()) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "short", "confirm": "short"}, "Use between 10 and 256 characters."),
        ({"confirm": "something else entirely"}, "The two passwords do not match."),
        (
            {"password": "Same@Example.org", "confirm": "Same@Example.org"},
            "Choose a password that is not your email address.",
        ),
        ({"full_name": "   "}, "Enter your full name."),
        ({"full_name": "x" * 201}, "Names have at most 200 characters."),
        ({"role": "wizard"}, "Not a valid choice."),
        ({"state": ""}, "Choose your state or territory."),
        ({"organization_kind": ""}, "Choose where you work or study."),
    ],
)
def test_invalid_answers_are_shown_next_to_their_fields(auth, db: Session, fields, message):
    response = auth.register("same@example.org", **fields)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert user_named(db, "same@example.org") is None


def test_errors_are_tied_to_fields_and_summarised(auth):
    page = auth.register("not-an-email").get_data(as_text=True)

    assert 'data-error-summary tabindex="-1"' in page
    assert 'href="#email"' in page
    assert 'id="email-error"' in page
    assert 'aria-describedby="email-error"' in page
    assert 'aria-invalid="true"' in page
    assert "<title>Error: " in page


def test_form_fields_are_labelled_with_autocomplete(client: FlaskClient):
    page = client.get("/register").get_data(as_text=True)

    for name in ("email", "password", "confirm", "full_name", "role", "state", "invite_code"):
        assert f'<label for="{name}"' in page
    assert 'autocomplete="email"' in page
    assert 'autocomplete="new-password"' in page
    assert 'autocomplete="name"' in page
    assert '<option value="school_mental_health_staff">School mental health staff</option>' in page
    assert '<option value="DC">District of Columbia</option>' in page


def test_invite_mode_requires_a_code(auth, db: Session, mode):
    mode("invite")

    response = auth.register("nocode@example.org")

    assert "Enter the invite code from your invitation." in response.get_data(as_text=True)
    assert user_named(db, "nocode@example.org") is None


def test_invite_code_places_the_learner_and_counts_a_use(auth, db: Session, mode):
    mode("invite")
    organization = create_organization(db, name="Harbor Health Center", kind="health_center")
    cohort = create_cohort(db, name="June collaborative", organization=organization)
    invite = create_invite_code(
        db, "JUNE-2025", organization=organization, cohort=cohort, max_uses=5, uses=2
    )

    response = auth.register("invited@example.org", invite_code=" JUNE-2025 ")

    assert response.status_code == 302
    user = user_named(db, "invited@example.org")
    assert user is not None
    assert (user.organization_id, user.cohort_id) == (organization.id, cohort.id)
    db.refresh(invite)
    assert invite.uses == 3


def test_invite_link_prefills_the_code(client: FlaskClient, db: Session, mode):
    mode("invite")
    create_invite_code(db, "LINK-CODE")

    page = client.get("/register?code=LINK-CODE").get_data(as_text=True)

    assert 'value="LINK-CODE"' in page


@pytest.mark.parametrize(
    ("invite", "message"),
    [
        ({"expires_at_delta": -1}, EXPIRED),
        ({"max_uses": 3, "uses": 3}, USED_UP),
        (None, NOT_FOUND),
    ],
)
def test_unusable_invite_codes_are_refused(auth, db: Session, mode, invite, message):
    mode("invite")
    if invite is not None:
        delta = invite.pop("expires_at_delta", None)
        expires = utcnow() + timedelta(days=delta) if delta is not None else None
        create_invite_code(db, "OLD-CODE", expires_at=expires, **invite)

    response = auth.register("late@example.org", invite_code="OLD-CODE")

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert user_named(db, "late@example.org") is None


def test_last_use_of_an_invite_goes_to_one_learner_only(auth, client, db: Session, mode):
    mode("invite")
    invite = create_invite_code(db, "ONE-LEFT", max_uses=1)

    assert auth.register("first@example.org", invite_code="ONE-LEFT").status_code == 302
    auth.logout()
    response = auth.register("second@example.org", invite_code="ONE-LEFT")

    assert USED_UP in response.get_data(as_text=True)
    db.refresh(invite)
    assert invite.uses == 1


def test_open_mode_accepts_an_optional_invite_code(auth, db: Session, mode):
    mode("open")
    cohort = create_cohort(db)
    create_invite_code(db, "OPTIONAL", cohort=cohort)

    auth.register("without@example.org")
    auth.logout()
    auth.register("with@example.org", invite_code="OPTIONAL")

    assert user_named(db, "without@example.org").cohort_id is None
    assert user_named(db, "with@example.org").cohort_id == cohort.id


def test_open_mode_refuses_a_wrong_invite_code(auth, db: Session, mode):
    mode("open")

    response = auth.register("typo@example.org", invite_code="NO-SUCH-CODE")

    assert NOT_FOUND in response.get_data(as_text=True)


def test_domain_mode_accepts_only_listed_domains(auth, db: Session, mode):
    mode("domain", ("schools.example.gov",))

    refused = auth.register("someone@gmail.example")
    accepted = auth.register("teacher@Schools.Example.gov")

    assert "@schools.example.gov" in refused.get_data(as_text=True)
    assert user_named(db, "someone@gmail.example") is None
    assert accepted.status_code == 302
    assert user_named(db, "teacher@schools.example.gov") is not None


def test_registration_follows_a_safe_next(auth):
    response = auth.register("next@example.org", query="?next=/courses/heart-collaboration/")

    assert response.headers["Location"] == "/courses/heart-collaboration/"


def test_registration_ignores_an_offsite_next(auth):
    response = auth.register("offsite@example.org", query="?next=https://evil.example/")

    assert response.headers["Location"] == "/dashboard"


def test_logged_in_user_is_sent_to_the_dashboard(client: FlaskClient, learner):
    response = client.get("/register")

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_invite_codes_are_not_consumed_by_failed_registrations(auth, db: Session, mode):
    mode("invite")
    create_user(db, email="dup@example.org")
    invite = create_invite_code(db, "KEEP-ME", max_uses=1)

    auth.register("DUP@example.org", invite_code="KEEP-ME")

    db.refresh(invite)
    assert db.get(InviteCode, invite.id).uses == 0
