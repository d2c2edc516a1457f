"""Signing in with a real OpenID provider: the code flow with PKCE, state, nonce, id_token."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.models import ExternalIdentity, User
from tests.factories import create_organization, create_user
from tests.oidc.conftest import (
    CALLBACK,
    CLIENT_ID,
    CLIENT_SECRET,
    OpenIDProvider,
    callback_path,
    sign_in,
    sign_in_at_provider,
    start_sign_in,
)


def users_named(db: Session, email: str) -> list[User]:
    return list(db.scalars(select(User).where(User.email_key == email.lower())))


def logged_in(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def test_first_sign_in_creates_the_learner_from_verified_claims_in_the_mapped_organization(
    sso_client: FlaskClient, sso_db: Session
) -> None:
    district = create_organization(sso_db, "Lincoln School District")
    response = sign_in(sso_client, "district", "ada")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account")  # to finish the profile
    [user] = users_named(sso_db, "ada@district.example")
    assert user.full_name == "Ada Lovelace"
    assert user.organization_id == district.id
    [identity] = sso_db.scalars(select(ExternalIdentity).where(ExternalIdentity.user_id == user.id))
    assert identity.provider == "district" and identity.subject == "ada"
    assert logged_in(sso_client)


def test_the_next_sign_in_finds_the_same_account(sso_client: FlaskClient, sso_db: Session) -> None:
    sign_in(sso_client, "open", "grace")
    sso_client.post("/logout", data={"csrf_token": _token(sso_client)})
    assert not logged_in(sso_client)
    response = sign_in(sso_client, "open", "grace")
    assert response.status_code == 302
    assert len(users_named(sso_db, "grace@district.example")) == 1
    assert logged_in(sso_client)


def test_an_unverified_email_creates_no_account(sso_client: FlaskClient, sso_db: Session) -> None:
    response = sign_in(sso_client, "open", "unverified")
    assert response.status_code == 403
    assert "did not confirm your email" in response.get_data(as_text=True)
    assert users_named(sso_db, "mallory@district.example") == []
    assert not logged_in(sso_client)


def test_a_domain_outside_the_allow_list_is_refused(
    sso_client: FlaskClient, sso_db: Session
) -> None:
    response = sign_in(sso_client, "district", "outsider")
    assert response.status_code == 403
    assert "cannot sign in here" in response.get_data(as_text=True)
    assert users_named(sso_db, "eve@elsewhere.example") == []


def test_a_tenant_claim_maps_to_its_organization(sso_client: FlaskClient, sso_db: Session) -> None:
    clinic = create_organization(sso_db, "Partner Clinic", kind="health_center")
    assert sign_in(sso_client, "tenant", "member").status_code == 302
    [user] = users_named(sso_db, "member@partner.example")
    assert user.organization_id == clinic.id


def test_an_account_from_another_tenant_is_refused(
    sso_client: FlaskClient, sso_db: Session
) -> None:
    assert sign_in(sso_client, "tenant", "ada").status_code == 403
    assert users_named(sso_db, "ada@district.example") == []


def test_an_id_token_with_the_wrong_nonce_is_refused(
    sso_client: FlaskClient, sso_db: Session
) -> None:
    authorize_url = start_sign_in(sso_client, "open")
    with sso_client.session_transaction() as session:  # the nonce of another sign-in
        for key in [k for k in session if k.startswith("_state_open_")]:
            stored = dict(session[key])
            stored["data"] = {**stored["data"], "nonce": "a-nonce-from-another-sign-in"}
            session[key] = stored
    response = sso_client.get(callback_path(sign_in_at_provider(authorize_url, "grace")))
    assert response.status_code == 403
    assert users_named(sso_db, "grace@district.example") == []
    assert not logged_in(sso_client)


def test_an_expired_id_token_is_refused(
    sso_client: FlaskClient, sso_db: Session, stale_provider: OpenIDProvider
) -> None:
    response = sign_in(sso_client, "stale", "grace")
    assert response.status_code == 403
    assert users_named(sso_db, "grace@district.example") == []


def test_a_stolen_code_is_useless_without_the_pkce_verifier(
    sso_client: FlaskClient, sso_db: Session, openid_provider: OpenIDProvider
) -> None:
    """The authorization request carries state, nonce and an S256 code challenge. An attacker
    who reads the code off the callback URL (a log, a Referer) and even holds the client
    secret cannot exchange it: the verifier never left the tool."""
    authorize_url = start_sign_in(sso_client, "open")
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["response_type"] == ["code"] and query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43 and query["state"][0] and query["nonce"][0]
    code = parse_qs(urlsplit(sign_in_at_provider(authorize_url, "grace")).query)["code"][0]
    discovery = httpx.get(f"{openid_provider.issuer}/.well-known/openid-configuration").json()
    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK.format(name="open"),
    }
    for attempt in ({}, {"code_verifier": "a" * 43}):
        answer = httpx.post(
            discovery["token_endpoint"],
            data={**exchange, **attempt},
            auth=(CLIENT_ID, CLIENT_SECRET),
            timeout=10,
        )
        assert answer.status_code == 400, answer.text
        assert "access_token" not in answer.json() and "id_token" not in answer.json()
    assert users_named(sso_db, "grace@district.example") == []


def test_a_forged_state_is_refused(sso_client: FlaskClient, sso_db: Session) -> None:
    start_sign_in(sso_client, "open")
    response = sso_client.get("/login/sso/open/callback?code=stolen&state=forged-state")
    assert response.status_code == 403
    assert not logged_in(sso_client)


def test_a_callback_meant_for_another_browser_is_refused(
    sso_app, sso_client: FlaskClient, sso_db: Session
) -> None:
    """Login CSRF: the attacker's own callback URL, fed to the victim's browser."""
    attacker = sso_app.test_client()
    callback = sign_in_at_provider(start_sign_in(attacker, "open"), "grace")
    response = sso_client.get(callback_path(callback))
    assert response.status_code == 403
    assert not logged_in(sso_client)


def test_an_existing_account_links_only_after_its_password(
    sso_client: FlaskClient, sso_db: Session
) -> None:
    owner = create_user(sso_db, email="owner@example.org")
    response = sign_in(sso_client, "open", "password-owner")
    assert response.headers["Location"].endswith("/login/sso/link")
    assert not logged_in(sso_client)
    wrong = sso_client.post(
        "/login/sso/link",
        data={
            "csrf_token": _token(sso_client, "/login/sso/link"),
            "password": "not the password",
        },
    )
    assert "That password is not right" in wrong.get_data(as_text=True)
    assert sso_db.scalar(select(func.count()).select_from(ExternalIdentity)) == 0
    right = sso_client.post(
        "/login/sso/link",
        data={
            "csrf_token": _token(sso_client, "/login/sso/link"),
            "password": "correct horse battery staple",
        },
    )
    assert right.status_code == 302
    assert logged_in(sso_client)
    [identity] = sso_db.scalars(select(ExternalIdentity))
    assert identity.user_id == owner.id
    assert len(users_named(sso_db, "owner@example.org")) == 1


def _token(client: FlaskClient, url: str = "/account") -> str:
    from tests.support.forms import csrf_token

    return csrf_token(client, url)
