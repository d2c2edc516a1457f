"""JSON-LD without the network: the contexts credentials use, loaded from files shipped here."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"
#: Each context URL and the file holding it.
CONTEXT_FILES = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
}


class UnknownContext(ValueError):
    """A document names a context that is not shipped (it is never fetched)."""


@cache
def context_document(url: str) -> dict[str, Any]:
    """The parsed context at ``url`` (UnknownContext when not shipped)."""
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise UnknownContext(f"context {url} is not one this server knows")
    context: dict[str, Any] = json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))
    return context


def load_document(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader: shipped contexts only."""
    try:
        document = context_document(url)
    except UnknownContext as error:
        raise jsonld.JsonLdError(
            str(error), "jsonld.LoadDocumentError", code="loading document failed"
        ) from None
    return {"contextUrl": None, "documentUrl": url, "document": document}


def canonize(document: dict[str, Any]) -> str:
    """The RDF Dataset Canonicalization (RDFC-1.0) of ``document`` as N-Quads."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": load_document,
    }
    return str(jsonld.normalize(document, options))


#: A vocabulary added (for checking only) after a document's contexts: terms that none of
#: them define come out under it instead of being dropped from the canonical form unseen.
UNDEFINED_VOCAB = "urn:undefined-term:"
_UNDEFINED = re.compile(r"<urn:undefined-term:([^>]+)>")


def undefined_terms(document: dict[str, Any]) -> list[str]:
    """Keys and types of ``document`` that its contexts leave undefined (JSON-LD safe mode)."""
    contexts = document.get("@context")
    listed = contexts if isinstance(contexts, list) else [contexts]
    probe = {**document, "@context": [*listed, {"@vocab": UNDEFINED_VOCAB}]}
    return sorted(set(_UNDEFINED.findall(canonize(probe))))


def sha256(text: str) -> bytes:
    """SHA-256 of UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).digest()
