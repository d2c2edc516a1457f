"""SSO-required domains, a provider that is down, the buttons, and unlinking identities."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.models import ExternalIdentity, User
from tests.factories import create_identity, create_user
from tests.oidc.conftest import CLIENT_ID, sign_in
from tests.support.forms import csrf_token


def test_password_sign_in_is_refused_for_a_domain_that_requires_sso(
    sso_client: FlaskClient, sso_db: Session
) -> None:
    create_user(sso_db, email="teacher@district.example")
    response = sso_client.post(
        "/login",
        data={
            "csrf_token": csrf_token(sso_client, "/login"),
            "email": "teacher@district.example",
            "password": "correct horse battery staple",
        },
    )
    assert response.status_code == 200
    assert "sign in with Lincoln District" in response.get_data(as_text=True)
    assert sso_client.get("/account").status_code == 302


def test_the_required_provider_links_an_existing_account_of_its_domain(
    sso_client: FlaskClient, sso_db: Session
) -> None:
    teacher = create_user(sso_db, email="ada@district.example")
    response = sign_in(sso_client, "district", "ada")
    assert response.status_code == 302
    [identity] = sso_db.scalars(select(ExternalIdentity))
    assert identity.user_id == teacher.id


def test_the_login_page_offers_each_provider_as_an_accessible_button(
    sso_client: FlaskClient, sso_app: Flask
) -> None:
    response = sso_client.get("/login")
    page = response.get_data(as_text=True)
    for title in ("Lincoln District", "Any account", "Partner directory"):
        assert f'<button type="submit" class="usa-button">Sign in with {title}</button>' in page
    section = page.split('class="sso-sign-in"', 1)[1].split("</section>", 1)[0]
    assert "<img" not in section  # no logos, least of all fetched from elsewhere
    assert "<img" not in page.split("<main", 1)[1]
    issuer = sso_app.config["OIDC_PROVIDERS"][0]["issuer"]
    policy = response.headers["Content-Security-Policy"]
    form_action = next(part for part in policy.split("; ") if part.startswith("form-action"))
    assert issuer in form_action.split()


def test_a_provider_that_is_down_leaves_password_sign_in_working(
    make_app: Callable[..., Flask], db: Session
) -> None:
    app = make_app(
        OIDC_PROVIDERS=[
            {
                "name": "down",
                "title": "Down Provider",
                "issuer": "http://127.0.0.1:9",
                "client_id": CLIENT_ID,
            }
        ]
    )
    from tests.support.databases import sessions_joining

    with sessions_joining(app, db.connection()):
        client = app.test_client()
        learner = create_user(db, email="still.works@example.org")
        token = csrf_token(client, "/login")
        response = client.post("/login/sso/down", data={"csrf_token": token})
        assert response.status_code == 302 and response.headers["Location"].endswith("/login")
        page = client.get("/login").get_data(as_text=True)
        assert "Sign-in with Down Provider is not available right now" in page
        response = client.post(
            "/login",
            data={
                "csrf_token": csrf_token(client, "/login"),
                "email": learner.email,
                "password": "correct horse battery staple",
            },
        )
        assert response.status_code == 302
        assert client.get("/account").status_code == 200


def test_a_learner_unlinks_a_sign_in_but_never_the_last_way_in(
    sso_client: FlaskClient, sso_db: Session, login_as: Callable[[FlaskClient, User], None]
) -> None:
    sign_in(sso_client, "open", "grace")  # an account with no password, one identity
    [identity] = sso_db.scalars(select(ExternalIdentity))
    account = sso_client.get("/account").get_data(as_text=True)
    assert "your only way in" in account
    response = sso_client.post(
        f"/account/identities/{identity.id}/unlink",
        data={"csrf_token": csrf_token(sso_client, "/account")},
    )
    assert response.status_code == 302
    assert sso_db.get(ExternalIdentity, identity.id) is not None

    second = create_identity(sso_db, identity.user, provider="tenant")
    response = sso_client.post(
        f"/account/identities/{identity.id}/unlink",
        data={"csrf_token": csrf_token(sso_client, "/account")},
    )
    assert sso_db.scalars(select(ExternalIdentity)).all() == [second]


def test_nobody_unlinks_another_learners_sign_in(
    sso_client: FlaskClient, sso_db: Session, login_as: Callable[[FlaskClient, User], None]
) -> None:
    victim = create_user(sso_db)
    theirs = create_identity(sso_db, victim)
    login_as(sso_client, create_user(sso_db))
    response = sso_client.post(
        f"/account/identities/{theirs.id}/unlink",
        data={"csrf_token": csrf_token(sso_client, "/account")},
    )
    assert response.status_code == 404
    assert sso_db.get(ExternalIdentity, theirs.id) is not None
