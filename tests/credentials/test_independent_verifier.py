"""Issued credentials checked by someone else's code: Digital Bazaar's verifier, run with node."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.certificates.operations import reissue, revoke
from course_engine.credentials.keys import create_key
from course_engine.models import Certificate
from tests.credentials.conftest import node_verify


def test_a_fresh_credential_verifies(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate(full_name="Nguyễn Thị Minh Khai")
    assert certificate.credential is not None
    result = node_verify(client, certificate.credential)
    assert result == {"verified": True, "revoked": False, "errors": []}


def test_a_credential_with_the_name_changed_fails(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    forged = copy.deepcopy(make_certificate(full_name="Ada Lovelace").credential)
    assert forged is not None
    identity = forged["credentialSubject"]["identifier"][1]
    assert identity["identityHash"] == "Ada Lovelace"
    identity["identityHash"] = "Mallory Forger"
    result = node_verify(client, forged)
    assert result["verified"] is False
    assert any("Invalid signature" in error for error in result["errors"]), result


def test_a_credential_with_more_hours_fails(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    forged = copy.deepcopy(make_certificate().credential)
    assert forged is not None
    forged["credentialSubject"]["achievement"]["creditsAvailable"] = 20
    assert node_verify(client, forged)["verified"] is False


@pytest.mark.parametrize("change", [revoke, reissue])
def test_a_revoked_or_superseded_credential_verifies_as_revoked(
    change: Callable[..., object],
    app: Flask,
    client: FlaskClient,
    db: Session,
    make_certificate: Callable[..., Certificate],
) -> None:
    certificate = make_certificate()
    assert certificate.credential is not None
    with app.app_context():
        if change is revoke:
            revoke(db, certificate, "Issued in error", None)
        else:
            replacement = reissue(db, certificate, None)
    result = node_verify(client, certificate.credential)
    assert result["revoked"] is True, result
    if change is reissue:
        assert replacement.credential is not None
        assert node_verify(client, replacement.credential)["revoked"] is False


def test_a_credential_signed_by_a_rotated_out_key_still_verifies(
    app: Flask,
    client: FlaskClient,
    db: Session,
    make_certificate: Callable[..., Certificate],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "CREDENTIALS_KEY_DIR", str(tmp_path / "keys"))
    old = make_certificate()
    assert old.credential is not None
    result = app.test_cli_runner().invoke(args=["credentials", "create-key"])
    assert result.exit_code == 0, result.output
    assert "rotated to did:web:localhost#key-" in result.output
    new = make_certificate()
    assert new.credential is not None
    old_method = old.credential["proof"]["verificationMethod"]
    assert new.credential["proof"]["verificationMethod"] != old_method
    assert node_verify(client, old.credential)["verified"] is True
    assert node_verify(client, new.credential)["verified"] is True
    with app.app_context():
        revoke(db, old, "Issued in error", None)  # the list is now signed by the new key
    assert node_verify(client, old.credential)["revoked"] is True


def test_a_key_that_was_never_published_does_not_verify(
    app: Flask,
    client: FlaskClient,
    make_certificate: Callable[..., Certificate],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "CREDENTIALS_KEY_DIR", str(tmp_path / "elsewhere"))
    create_key(tmp_path / "elsewhere")
    stray = make_certificate().credential
    monkeypatch.setitem(app.config, "CREDENTIALS_KEY_DIR", str(tmp_path / "published"))
    create_key(tmp_path / "published")
    assert stray is not None
    assert node_verify(client, stray)["verified"] is False


def test_a_claim_added_outside_the_contexts_fails(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    forged = copy.deepcopy(make_certificate().credential)
    assert forged is not None
    forged["credentialSubject"]["licenseToPractice"] = "granted"
    assert node_verify(client, forged)["verified"] is False
