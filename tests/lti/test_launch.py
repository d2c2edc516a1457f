"""Launching from an LMS (lti1p3platform as the platform): login initiation, id_token, learner."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlsplit

import httpx
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.models import Enrolment, ExternalIdentity, LtiPlatform, User
from tests.factories import create_user
from tests.lti.platform import LmsPeer

TEACHER = {"sub": "lms-user-7", "name": "Rosa Parks", "email": "rosa@district.example"}


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def id_token_for(
    client: FlaskClient, lms: LmsPeer, person: dict[str, Any], **custom: str
) -> dict[str, Any]:
    """Login initiation at the tool, then the LMS's authorization answer (id_token, state)."""
    response = client.get(path_of(lms.login_url(person, **custom)))
    assert response.status_code == 302, response.get_data(as_text=True)
    answer = httpx.get(response.headers["Location"], timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def launch(client: FlaskClient, form: dict[str, Any]) -> Any:
    return client.post("/lti/launch", data={"id_token": form["id_token"], "state": form["state"]})


def test_a_launch_provisions_the_learner_enrolled_in_the_platforms_organization_and_cohort(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    form = id_token_for(
        client, lms, TEACHER, course="heart-collaboration", module="community-resilience"
    )
    response = launch(client, form)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(
        "/courses/heart-collaboration/modules/community-resilience"
    )
    user = db.scalars(select(User).where(User.email_key == "rosa@district.example")).one()
    assert user.full_name == "Rosa Parks"
    assert (user.organization_id, user.cohort_id) == (
        registered.organization_id,
        registered.cohort_id,
    )
    assert db.scalars(select(Enrolment).where(Enrolment.user_id == user.id)).one()
    identity = db.scalars(select(ExternalIdentity).where(ExternalIdentity.user_id == user.id)).one()
    assert (identity.issuer, identity.subject) == (lms.issuer, "lms-user-7")
    assert client.get("/dashboard").status_code == 200


def test_a_replayed_launch_is_refused(
    app: Flask, client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    """An attacker who copied the browser's cookies before the launch posts the same id_token:
    the state cookie and the session's nonce match, so the library accepts it; our store refuses."""
    form = id_token_for(client, lms, TEACHER, course="heart-collaboration")
    attacker = app.test_client()
    for cookie in client._cookies.values():
        attacker.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    assert launch(client, form).status_code == 302
    replay = launch(attacker, form)
    assert replay.status_code == 403
    assert "already used" in replay.get_data(as_text=True)
    assert attacker.get("/dashboard").status_code == 302  # the replay signed nobody in


def test_a_tampered_id_token_is_refused(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    form = id_token_for(client, lms, TEACHER, course="heart-collaboration")
    header, body, signature = form["id_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    response = launch(client, {**form, "id_token": f"{header}.{forged}.{signature}"})
    assert response.status_code == 403
    assert db.scalars(select(User).where(User.email_key == "rosa@district.example")).first() is None


def test_a_token_for_another_audience_is_refused(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    """A genuine id_token of this LMS, but issued to another tool."""
    person = {**TEACHER, "claims": {"aud": "some-other-tool", "azp": "some-other-tool"}}
    response = launch(client, id_token_for(client, lms, person, course="heart-collaboration"))
    assert response.status_code == 403
    assert db.scalars(select(User).where(User.email_key == "rosa@district.example")).first() is None


def test_a_login_for_an_unregistered_client_id_is_refused(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    lms.overrides = {"client_id": "some-other-tool"}
    response = client.get(path_of(lms.login_url(TEACHER, course="heart-collaboration")))
    assert response.status_code == 403  # no such registration: a page, and a log entry


def test_a_launch_with_a_forged_state_is_refused(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    """The launch is exempt from CSRF tokens because state protects it: a forged one fails."""
    form = id_token_for(client, lms, TEACHER, course="heart-collaboration")
    response = launch(client, {**form, "state": "state-forged"})
    assert response.status_code == 403
    assert client.get("/dashboard").status_code == 302


def test_an_unknown_deployment_is_refused(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    lms.overrides = {"deployment_id": "not-registered"}
    form = id_token_for(client, lms, TEACHER, course="heart-collaboration")
    response = launch(client, form)
    assert response.status_code == 403
    assert db.scalars(select(User).where(User.email_key == "rosa@district.example")).first() is None


def test_a_launch_from_an_unregistered_platform_shows_a_clear_page(
    client: FlaskClient, db: Session, lms: LmsPeer
) -> None:
    response = client.get(path_of(lms.login_url(TEACHER)))
    assert response.status_code == 403
    assert "not set up for your learning platform" in response.get_data(as_text=True)


def test_a_launch_links_to_an_existing_account_only_after_its_password(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    owner = create_user(db, email="rosa@district.example")
    response = launch(client, id_token_for(client, lms, TEACHER, course="heart-collaboration"))
    assert response.headers["Location"].endswith("/login/sso/link")
    assert db.scalars(select(ExternalIdentity)).first() is None
    assert owner.id


def test_sso_lti_and_one_email_stay_one_account(
    client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    """A learner who first signed in by SSO (no password here) launches from the LMS."""
    from course_engine.auth.identities import NO_PASSWORD
    from tests.factories import create_identity

    learner = create_user(db, email="rosa@district.example", password_hash=NO_PASSWORD)
    create_identity(db, learner, provider="district")
    response = launch(client, id_token_for(client, lms, TEACHER, course="heart-collaboration"))
    assert response.status_code == 302
    assert db.scalars(select(User).where(User.email_key == "rosa@district.example")).all() == [
        learner
    ]
    kinds = sorted(
        i.kind.value
        for i in db.scalars(select(ExternalIdentity).where(ExternalIdentity.user_id == learner.id))
    )
    assert kinds == ["lti", "oidc"]
    assert "Lincoln Canvas" in client.get("/account").get_data(as_text=True)
