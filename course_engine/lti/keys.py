"""The tool's RSA signing keys: one PEM file per key in LTI_KEY_DIR; the newest signs, all publish.

Rotating (``flask lti create-key``) adds a newer key; platforms fetch the key set again when
they meet an unknown ``kid``, so launches and grade requests signed by the old key keep working
until its file is removed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from jwcrypto.jwk import JWK
from pylti1p3.registration import Registration

from course_engine.models.types import utcnow


@dataclass(frozen=True)
class ToolKey:
    """One key: its file name, private and public PEM, public JWK (kid: its thumbprint)."""

    name: str
    private_pem: str
    public_pem: str
    public_jwk: dict[str, Any]


def key_folder(app: Flask) -> Path:
    """LTI_KEY_DIR, or <instance>/lti-keys."""
    configured = app.config.get("LTI_KEY_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "lti-keys"


def create_key(folder: Path) -> ToolKey:
    """Write a new 2048-bit RSA key (owner-only file) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    path = folder / f"{utcnow().strftime('%Y%m%dT%H%M%S%f')}.pem"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(pem)
    return _load(path)


def _load(path: Path) -> ToolKey:
    """The key in one PEM file (its name is its kid)."""
    pem = path.read_text()
    private = serialization.load_pem_private_key(pem.encode(), password=None)
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    jwk = dict(Registration.get_jwk(public_pem))
    jwk["kid"] = JWK.from_pem(public_pem.encode()).thumbprint()
    return ToolKey(name=path.stem, private_pem=pem, public_pem=public_pem, public_jwk=jwk)


def load_keys(folder: Path, *, create_if_missing: bool) -> list[ToolKey]:
    """Every key in ``folder``, newest first (making one when there is none and allowed)."""
    paths = sorted(folder.glob("*.pem"), reverse=True) if folder.exists() else []
    if not paths:
        if not create_if_missing:
            raise RuntimeError(f"No LTI tool key in {folder}: run `flask lti create-key`.")
        return [create_key(folder)]
    return [_load(path) for path in paths]


def key_set(keys: list[ToolKey]) -> dict[str, Any]:
    """The public JWKS served to platforms."""
    return {"keys": [key.public_jwk for key in keys]}


def app_keys(app: Flask) -> list[ToolKey]:
    """The app's keys (one is made on first use unless LTI_KEY_REQUIRED)."""
    return load_keys(key_folder(app), create_if_missing=not app.config.get("LTI_KEY_REQUIRED"))
