"""Credential test helpers: certificates with credentials, and the independent node verifier."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.certificates.conftest import make_certificate  # noqa: F401  (a fixture)

VERIFIER = Path(__file__).parent / "verifier"

if shutil.which("node") is None:
    pytest.fail("node is required by the credential tests (Debian: nodejs)", pytrace=False)
if not (VERIFIER / "node_modules" / "@digitalbazaar" / "vc").is_dir():
    pytest.fail(
        f"the verifier's npm packages are missing: run `npm ci --prefix {VERIFIER}`",
        pytrace=False,
    )


def served_json(client: FlaskClient, url: str) -> Any:
    """A JSON document the app serves at an absolute ``url`` (http://localhost/...)."""
    path = url.removeprefix("http://localhost")
    response = client.get(path)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_json()


def node_verify(client: FlaskClient, credential: dict[str, Any]) -> dict[str, Any]:
    """Verify ``credential`` with Digital Bazaar's verifier, given what the app serves."""
    documents = {}
    status = credential.get("credentialStatus")
    if isinstance(status, dict) and isinstance(status.get("statusListCredential"), str):
        url = status["statusListCredential"]
        documents[url] = served_json(client, url)
    payload = {
        "credential": credential,
        "didDocument": served_json(client, "http://localhost/.well-known/did.json"),
        "documents": documents,
    }
    result = subprocess.run(
        ["node", str(VERIFIER / "verify.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
