"""The verify page's credential checker: valid, or "not valid because ...", never a 500."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.certificates.operations import revoke
from course_engine.models import Certificate
from tests.support.forms import csrf_token

CHECK = "/verify/credential"


def check(client: FlaskClient, text: str | None = None, upload: bytes | None = None) -> str:
    """Submit the checker form; the page's text."""
    data: dict[str, Any] = {"csrf_token": csrf_token(client, CHECK), "text": text or ""}
    if upload is not None:
        data["upload"] = (io.BytesIO(upload), "credential.json")
    response = client.post(CHECK, data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_fresh_credential_is_valid(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate(full_name="Ada Lovelace")
    page = check(client, json.dumps(certificate.credential))
    assert "<strong>Valid.</strong>" in page and "Ada Lovelace" in page


def test_an_uploaded_file_is_checked_too(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    page = check(client, upload=json.dumps(certificate.credential).encode())
    assert "<strong>Valid.</strong>" in page


def tampered(credential: dict[str, Any]) -> dict[str, Any]:
    forged = copy.deepcopy(credential)
    forged["credentialSubject"]["identifier"][1]["identityHash"] = "Mallory Forger"
    return forged


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda c: json.dumps(tampered(c)), "its signature does not match its contents"),
        (lambda c: json.dumps(c)[:-40], "it is not well-formed JSON"),
        (
            lambda c: json.dumps({**c, "issuer": {"id": "did:web:evil.example"}}),
            "its issuer did:web:evil.example is unknown here",
        ),
        (lambda c: json.dumps({k: v for k, v in c.items() if k != "proof"}), "it carries no proof"),
        (
            lambda c: json.dumps({**c, "@context": ["https://evil.example/context"]}),
            "it is malformed",
        ),
        (
            lambda c: json.dumps({**c, "sneaky": "an added claim"}),
            "it holds claims that its contexts do not define, which no signature covers: sneaky",
        ),
        (lambda c: "[1, 2, 3]", "it is not a JSON object"),
        (
            lambda c: json.dumps({"type": ["VerifiableCredential"]}),
            "it is not an Open Badges credential",
        ),
        (
            lambda c: json.dumps({**c, "proof": {**c["proof"], "verificationMethod": 5}}),
            "its proof value or verification method is malformed",
        ),
    ],
)
def test_a_bad_credential_says_why_it_is_not_valid(
    client: FlaskClient,
    make_certificate: Callable[..., Certificate],
    change: Callable[[dict[str, Any]], str],
    reason: str,
) -> None:
    credential = make_certificate().credential
    assert credential is not None
    page = check(client, change(credential))
    assert "<strong>Not valid</strong> because:" in page
    assert reason in page


def test_a_revoked_credential_is_not_valid(
    app: Flask, client: FlaskClient, db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    with app.app_context():
        revoke(db, certificate, "Issued in error", None)
    page = check(client, json.dumps(certificate.credential))
    assert "it has been revoked by its issuer" in page


def test_an_expired_credential_is_not_valid(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    from datetime import UTC, datetime

    certificate = make_certificate(completed_at=datetime(2020, 1, 1, tzinfo=UTC), valid_for_days=30)
    assert certificate.expires_on == date(2020, 1, 31)
    page = check(client, json.dumps(certificate.credential))
    assert "it expired on January 31, 2020" in page


def test_an_empty_form_asks_for_a_credential(client: FlaskClient) -> None:
    page = check(client)
    assert "Paste a credential or choose its file." in page


def test_the_form_needs_its_csrf_token(client: FlaskClient) -> None:
    assert client.post(CHECK, data={"text": "{}"}).status_code == 400
