"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C VC Data Integrity EdDSA)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from course_engine.credentials.jsonld import canonize, sha256, undefined_terms
from course_engine.credentials.keys import SigningKey

CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(ValueError):
    """Why a proof does not verify, in words a person can act on."""


def sign(
    document: dict[str, Any], key: SigningKey, verification_method: str, created: datetime
) -> dict[str, Any]:
    """``document`` with a DataIntegrityProof (assertionMethod) by ``key`` added."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(document, options))
    proof = {**options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}
    return {**document, "proof": proof}


def verify(
    document: dict[str, Any], public_key: Callable[[str], Ed25519PublicKey | None]
) -> dict[str, Any]:
    """Check the proof of a signed ``document``; return the proof or raise ProofError.

    ``public_key`` maps a verification method id to its key (None: not one of ours).
    """
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("it carries no proof (signature)")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"its proof is not a DataIntegrityProof with {CRYPTOSUITE}")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("its proof is not made for assertion")
    value = proof.get("proofValue")
    method = proof.get("verificationMethod")
    if not isinstance(value, str) or not value.startswith("z") or not isinstance(method, str):
        raise ProofError("its proof value or verification method is malformed")
    key = public_key(method)
    if key is None:
        raise ProofError(f"it was signed with a key this issuer never published ({method})")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    undefined = undefined_terms(unsigned)  # JsonLdError: not JSON-LD these contexts read
    if undefined:
        raise ProofError(
            "it holds claims that its contexts do not define, which no signature covers: "
            + ", ".join(undefined)
        )
    data = _hash_data(unsigned, options)
    try:
        key.verify(base58.b58decode(value[1:]), data)
    except (InvalidSignature, ValueError):
        raise ProofError("its signature does not match its contents (it was changed)") from None
    return proof


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    """SHA-256 of the canonical proof options, then of the canonical document."""
    config = {"@context": document["@context"], **options}
    return sha256(canonize(config)) + sha256(canonize(document))
