"""The Host header attack: links that leave the site are built from BASE_URL, never from Host."""

from __future__ import annotations

import re
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from config import ProductionConfig
from course_engine import create_app
from course_engine.certificates.operations import issue_for_enrolment
from course_engine.database import engine_of
from course_engine.models import AccessRole, Enrolment, User
from course_engine.models.types import utcnow
from course_engine.progress.enrolment import enrol
from course_engine.urls import BaseURLError, external_url, normalize_base_url
from tests.factories import create_organization, create_user
from tests.security.conftest import LoginAs
from tests.support.databases import app_settings
from tests.support.forms import CSRF_PATTERN
from tests.support.pdf import pdf_text, scanned_qr_code

EVIL = "evil.example"
BASE = "https://learn.example.org"
LINK = re.compile(r"https?://[^\s/]+/reset-password/[A-Za-z0-9_-]{20,}")


@pytest.fixture
def canonical(app: Flask, monkeypatch: pytest.MonkeyPatch) -> str:
    """The app's BASE_URL is https://learn.example.org for this test (any Host still accepted)."""
    monkeypatch.setitem(app.config, "BASE_URL", BASE)
    return BASE


def carry_cookies_to_forged_host(client: FlaskClient) -> None:
    """Give the browser's cookies to the forged host too (the attacker's own session)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    client.set_cookie("session", cookie.value, domain=EVIL)


def mails(outbox: Path) -> list[str]:
    """The plain-text bodies of the mails written to the outbox (their HTML parts checked)."""
    bodies = []
    for path in sorted(outbox.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert EVIL not in message.get_body(("html",)).get_content()
        bodies.append(message.get_body(("plain",)).get_content())
    return bodies


def test_a_forged_host_on_a_reset_request_still_mails_the_real_sites_link(
    client: FlaskClient, db: Session, mail_outbox: Path, canonical: str
) -> None:
    create_user(db, email="victim@example.org")
    forged = {"Host": EVIL, "X-Forwarded-Host": EVIL}
    form = client.get("/reset-password", headers=forged).get_data(as_text=True)
    client.post(
        "/reset-password",
        headers=forged,
        data={"email": "victim@example.org", "csrf_token": CSRF_PATTERN.search(form).group(1)},
    )
    [body] = mails(mail_outbox)
    [link] = LINK.findall(body)
    assert link.startswith(f"{BASE}/reset-password/")
    assert EVIL not in body


def test_an_invite_link_made_under_a_forged_host_points_at_the_real_site(
    app: Flask, client: FlaskClient, db: Session, canonical: str, login_as: LoginAs
) -> None:
    organization = create_organization(db)
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    carry_cookies_to_forged_host(client)
    form = client.get("/admin/invites/new", headers={"Host": EVIL}).get_data(as_text=True)
    data = {
        "csrf_token": CSRF_PATTERN.search(form).group(1),
        "code": "WELCOME-2026",
        "organization": str(organization.id),
        "cohort": "",
    }
    response = client.post(
        "/admin/invites/new", data=data, headers={"Host": EVIL}, follow_redirects=True
    )
    listing = client.get("/admin/invites/", headers={"Host": EVIL}).get_data(as_text=True)
    for page in (response.get_data(as_text=True), listing):
        assert f"{BASE}/register?code=WELCOME-2026" in page
        assert f"//{EVIL}" not in page


def test_a_certificate_fetched_under_a_forged_host_carries_the_real_verify_url(
    client: FlaskClient, db: Session, canonical: str, login_as: LoginAs, tmp_path: Path
) -> None:
    user: User = create_user(db)
    app = client.application
    course = app.extensions["content"].catalog.course("heart-collaboration")
    enrolment: Enrolment = enrol(db, user, course)
    db.flush()
    enrolment.completed_at = utcnow()
    certificate = issue_for_enrolment(db, enrolment, course)
    db.flush()
    login_as(client, user)
    carry_cookies_to_forged_host(client)
    pdf = client.get(f"/certificates/{certificate.id}.pdf", headers={"Host": EVIL})
    assert pdf.status_code == 200
    (tmp_path / "c.pdf").write_bytes(pdf.data)
    assert EVIL not in pdf_text(tmp_path / "c.pdf")
    assert scanned_qr_code(tmp_path / "c.pdf") == f"{BASE}/verify/{certificate.verification_code}"


def test_requests_for_an_untrusted_host_get_400(
    make_app: Callable[..., Flask], db: Session
) -> None:
    app = make_app(BASE_URL=BASE, TRUSTED_HOSTS=["learn.example.org"])
    client = app.test_client()
    assert client.get("/login", headers={"Host": "learn.example.org"}).status_code == 200
    forged = client.get("/login", headers={"Host": EVIL})
    assert forged.status_code == 400
    assert client.post("/reset-password", headers={"Host": EVIL}).status_code == 400


def test_production_trusts_only_the_base_urls_host(database_url: str) -> None:
    settings = app_settings(database_url, BASE_URL=f"{BASE}/", REQUIRE_BASE_URL=True)
    settings.pop("TRUSTED_HOSTS")
    app = create_app(settings)
    assert app.config["BASE_URL"] == BASE
    assert app.config["TRUSTED_HOSTS"] == ["learn.example.org"]
    client = app.test_client()
    assert client.get("/login", headers={"Host": EVIL}).status_code == 400
    engine_of(app).dispose()


def test_production_refuses_to_start_without_base_url(database_url: str) -> None:
    settings = app_settings(database_url, BASE_URL=None)
    settings.update(REQUIRE_BASE_URL=ProductionConfig.REQUIRE_BASE_URL)
    with pytest.raises(BaseURLError, match="BASE_URL is not set"):
        create_app(settings)


@pytest.mark.parametrize(
    "bad",
    [
        "learn.example.org",
        "javascript:alert(1)",
        "https://",
        "https://u:p@x.org",
        "https://x.org/?q=1",
        "ftp://x.org",
    ],
)
def test_a_base_url_that_is_not_an_http_origin_is_refused(bad: str) -> None:
    with pytest.raises(BaseURLError):
        normalize_base_url(bad)


def test_external_url_works_outside_a_request_and_keeps_a_path_prefix(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "BASE_URL", "https://example.org/learn")
    with app.app_context():
        assert external_url("auth.reset_password", token="abc") == (
            "https://example.org/learn/reset-password/abc"
        )
