"""The issuer's did:web identifier, derived from the public base URL, and its DID document."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from course_engine.credentials.jsonld import DID_V1, MULTIKEY_V1
from course_engine.credentials.keys import SigningKey


def did_web(base_url: str) -> str:
    """did:web:host[%3Aport][:path] for ``base_url`` (https://learn.example.org -> did:web:...)."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise ValueError(f"base URL {base_url!r} has no host")
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    path = [quote(segment, safe="") for segment in parts.path.strip("/").split("/") if segment]
    return ":".join(["did:web", host, *path])


def did_document_path(base_url: str) -> str:
    """Where did:web resolution looks: /.well-known/did.json, or /<path>/did.json."""
    path = urlsplit(base_url).path.strip("/")
    return f"/{path}/did.json" if path else "/.well-known/did.json"


def method_id(did: str, key: SigningKey) -> str:
    """The verification method id of ``key``: did#key-..."""
    return f"{did}#{key.id}"


def did_document(did: str, keys: list[SigningKey]) -> dict[str, Any]:
    """The DID document: every key, current and retired, may verify assertions."""
    methods = [
        {
            "id": method_id(did, key),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_multibase,
        }
        for key in keys
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
