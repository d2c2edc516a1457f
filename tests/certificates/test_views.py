"""Public verification (HTML, JSON, lookup form) and the owner-only PDF download."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.certificates.operations import reissue, revoke
from course_engine.models import Certificate, User
from course_engine.template_helpers import estimated_hours

PUBLIC_KEYS = {
    "language",  # of the attestation sentence
    "status",
    "learner_name",
    "course_title",
    "course_version",
    "hours",
    "completed_on",
    "serial",
    "expires_on",
    "issuer",
    "attestation",
}


def test_the_owner_downloads_the_pdf(
    client: FlaskClient, learner: User, make_certificate: Callable[..., Certificate], db: Session
) -> None:
    certificate = make_certificate(email="owner@example.org")
    certificate.user_id = learner.id
    db.flush()
    response = client.get(f"/certificates/{certificate.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and certificate.serial in disposition
    assert client.get(f"/certificates/{certificate.id}.pdf").data == response.data  # stable
    revoke(db, certificate, "Fraud", None)
    assert client.get(f"/certificates/{certificate.id}.pdf").status_code == 404


def test_a_learner_cannot_download_another_learners_certificate(
    client: FlaskClient, learner: User, make_certificate: Callable[..., Certificate]
) -> None:
    others = make_certificate()
    assert client.get(f"/certificates/{others.id}.pdf").status_code == 404
    assert client.get("/certificates/999999.pdf").status_code == 404


def test_downloading_needs_a_login(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    response = client.get(f"/certificates/{make_certificate().id}.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_verification_page_shows_the_certificate_and_nothing_else_about_the_learner(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate(
        full_name="Zoë Ångström-Łukasiewicz",
        email="zoe.private@example.org",
        organization_name="Secret Elementary School",
        state="VT",
    )
    response = client.get(f"/verify/{certificate.verification_code}")
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    page = response.get_data(as_text=True)
    hours = estimated_hours(certificate.hours)
    for shown in (
        "Valid",
        "Zoë Ångström-Łukasiewicz",
        certificate.course_title,
        hours,
        "March 3, 2026",
        certificate.serial,
    ):
        assert shown in page
    for hidden in ("zoe.private@example.org", "Secret Elementary", "teacher"):
        assert hidden not in page


def test_the_json_endpoint_has_only_the_public_fields(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate(full_name="Дмитрий")
    data = client.get(f"/verify/{certificate.verification_code}.json").get_json()
    assert set(data) == PUBLIC_KEYS
    assert data["status"] == "valid"
    assert data["learner_name"] == "Дмитрий"
    assert data["serial"] == certificate.serial
    assert data["completed_on"] == "2026-03-03"


def test_a_revoked_certificate_shows_date_and_reason(
    client: FlaskClient, db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    revoke(db, certificate, "Completion recorded in error", None)
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Revoked" in page and "Completion recorded in error" in page
    data = client.get(f"/verify/{certificate.verification_code}.json").get_json()
    assert data["status"] == "revoked"
    assert data["revoke_reason"] == "Completion recorded in error"
    assert data["revoked_on"] == certificate.revoked_at.date().isoformat()


def test_an_expired_certificate_shows_as_expired(
    client: FlaskClient, db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    certificate.expires_on = date(2020, 1, 1)
    db.flush()
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Expired" in page and "January 1, 2020" in page
    assert client.get(f"/verify/{certificate.verification_code}.json").get_json()["status"] == (
        "expired"
    )


def test_a_superseded_certificate_links_its_replacement(
    client: FlaskClient, db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    old = make_certificate()
    new = reissue(db, old, None)
    page = client.get(f"/verify/{old.verification_code}").get_data(as_text=True)
    assert "Superseded" in page and new.serial in page
    assert f"/verify/{new.verification_code}" in page
    data = client.get(f"/verify/{old.verification_code}.json").get_json()
    assert data["status"] == "superseded"
    assert data["superseded_by"]["serial"] == new.serial


@pytest.mark.parametrize("suffix", ["", ".json"])
def test_unknown_or_altered_codes_are_not_found(
    client: FlaskClient, make_certificate: Callable[..., Certificate], suffix: str
) -> None:
    code = make_certificate().verification_code
    altered = ("A" if code[0] != "A" else "B") + code[1:]
    for bad in (altered, "nonsense", "x" * 500, "%3Cscript%3E"):
        assert client.get(f"/verify/{bad}{suffix}").status_code == 404


def test_the_lookup_form_finds_by_code_link_or_serial_with_last_name(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate(full_name="Nguyễn Thị Minh Khai")
    form = client.get("/verify").get_data(as_text=True)
    assert '<label for="q"' in form and 'name="q"' in form and '<label for="name"' in form
    link = f"https://learn.example.org/verify/{certificate.verification_code}"
    for query in (
        {"q": certificate.verification_code},
        {"q": link},
        {"q": certificate.serial, "name": "Khai"},
        {"q": certificate.serial.lower(), "name": "nguyen"},
    ):
        page = client.get("/verify", query_string=query).get_data(as_text=True)
        assert "Nguyễn Thị Minh Khai" in page and "Valid" in page, query
    missing = client.get("/verify", query_string={"q": "HEART-1999-000001"})
    assert missing.status_code == 200
    assert "no certificate with that serial or code" in missing.get_data(as_text=True)


def test_walking_serials_lists_no_ones_name(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    names = ["Zoë Ångström-Łukasiewicz", "Dmitri Ivanov", "Ana María López"]
    made = [make_certificate(full_name=name) for name in names]
    prefix, year, _ = made[0].serial.rsplit("-", 2)
    first = min(int(c.serial.rsplit("-", 1)[1]) for c in made)
    pages = [
        client.get("/verify", query_string={"q": f"{prefix}-{year}-{number:06d}"}).get_data(
            as_text=True
        )
        for number in range(first, first + len(made))
    ]
    for name in names:
        for word in name.replace("-", " ").split():
            assert not any(word in page for page in pages), word
    assert any("Z. Å." in page and made[0].course_title in page for page in pages)
    wrong = client.get("/verify", query_string={"q": made[1].serial, "name": "Smith"})
    assert "Ivanov" not in wrong.get_data(as_text=True)


def test_verification_is_rate_limited(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "VERIFY_RATE_LIMIT", "3 per minute")
    codes = [client.get("/verify/unknown-code").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_the_links_partial_offers_download_and_verification(
    app: Flask, db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    with app.test_request_context("/"):
        html = render_template("certificates/_links.html", certificate=certificate)
        revoke(db, certificate, "Fraud", None)
        revoked = render_template("certificates/_links.html", certificate=certificate)
    assert f"/certificates/{certificate.id}.pdf" in html
    assert f"/verify/{certificate.verification_code}" in html
    assert ".pdf" not in revoked and "was revoked" in revoked
