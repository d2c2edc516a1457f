"""The Open Badges 3.0 credential of a certificate: what it says, where it is served, its list."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import Flask, render_template
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.certificates.operations import revoke
from course_engine.content import Issuer
from course_engine.credentials import status_list
from course_engine.models import Certificate
from tests.credentials.conftest import served_json


def is_set(list_credential: dict[str, Any], index: int) -> bool:
    """Whether a status list credential has the bit at ``index`` set."""
    encoded = list_credential["credentialSubject"]["encodedList"]
    return status_list.bit(status_list.decode(encoded), index)


def test_the_credential_is_an_open_badge_with_the_certificates_facts(
    make_certificate: Callable[..., Certificate],
) -> None:
    certificate = make_certificate(
        full_name="Zoë Ångström",
        email="Zoe@Example.org",
        issuer=Issuer("Example Health Institute", "https://health.example.org"),
    )
    credential = certificate.credential
    assert credential is not None
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"] == {
        "id": "did:web:localhost",
        "type": ["Profile"],
        "name": "Example Health Institute",
        "url": "https://health.example.org",
    }
    assert credential["validFrom"] == certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert credential["validUntil"] == "2029-03-02T00:00:00Z"  # expires_on, at midnight UTC
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == certificate.course_title
    assert achievement["creditsAvailable"] == certificate.hours == 2.0
    assert "score at least 80% on the post-test" in achievement["criteria"]["narrative"]
    email, name = credential["credentialSubject"]["identifier"]
    salted = hashlib.sha256(("zoe@example.org" + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == f"sha256${salted}" and email["hashed"] is True
    assert "zoe@example.org" not in str(credential).lower()
    assert name == {
        "type": "IdentityObject",
        "identityHash": "Zoë Ångström",
        "identityType": "name",
        "hashed": False,
    }
    number, index = status_list.position(certificate.id)
    assert credential["credentialStatus"] == {
        "id": f"http://localhost/credentials/status/{number}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": f"http://localhost/credentials/status/{number}",
    }
    proof = credential["proof"]
    assert (proof["type"], proof["cryptosuite"]) == ("DataIntegrityProof", "eddsa-rdfc-2022")
    assert proof["verificationMethod"].startswith("did:web:localhost#key-")


def test_without_an_issuer_the_profile_is_only_the_did(
    make_certificate: Callable[..., Certificate],
) -> None:
    credential = make_certificate(issuer=None).credential
    assert credential is not None and credential["issuer"] == {
        "id": "did:web:localhost",
        "type": ["Profile"],
    }


def test_the_did_document_publishes_the_key(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    credential = make_certificate().credential
    assert credential is not None
    document = client.get("/.well-known/did.json").get_json()
    assert document["id"] == "did:web:localhost"
    method = credential["proof"]["verificationMethod"]
    assert method in document["assertionMethod"]
    [published] = [vm for vm in document["verificationMethod"] if vm["id"] == method]
    assert published["type"] == "Multikey" and published["publicKeyMultibase"].startswith("z6Mk")


def test_revoking_sets_the_bit_in_the_signed_list_in_the_same_transaction(
    app: Flask, client: FlaskClient, db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    assert certificate.credential is not None
    url = certificate.credential["credentialStatus"]["statusListCredential"]
    index = int(certificate.credential["credentialStatus"]["statusListIndex"])
    before = served_json(client, url)
    assert before["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert not is_set(before, index)
    transaction = db.begin_nested()
    with app.app_context():
        revoke(db, certificate, "Issued in error", None)
    after = served_json(client, url)
    assert is_set(after, index)
    assert after["proof"]["proofValue"] != before["proof"]["proofValue"]
    transaction.rollback()  # the revoke is undone, and so is the bit: both were one transaction
    assert not is_set(served_json(client, url), index)


def test_an_unknown_status_list_is_not_found(client: FlaskClient) -> None:
    assert client.get("/credentials/status/999").status_code == 404


def test_the_credential_downloads_from_the_verification_page_and_the_dashboard(
    app: Flask, client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    link = f"/verify/{certificate.verification_code}/credential.json"
    assert link in client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    with app.test_request_context("/"):  # the dashboard's certificate links
        assert link in render_template("certificates/_links.html", certificate=certificate)
    response = client.get(link)
    assert response.status_code == 200
    assert response.get_json() == certificate.credential
    assert f"credential-{certificate.serial}.json" in response.headers["Content-Disposition"]
    assert client.get("/verify/nosuchcode/credential.json").status_code == 404
