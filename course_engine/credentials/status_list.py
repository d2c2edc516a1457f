"""Bitstring Status List (W3C): one bit per certificate, set when it is revoked or superseded."""

from __future__ import annotations

import base64
import gzip
from typing import Any

from course_engine.credentials.jsonld import VC_V2

#: Bits per list: the 16 KiB minimum the specification asks for (herd privacy).
LIST_SIZE = 131072
PURPOSE = "revocation"


def position(certificate_id: int) -> tuple[int, int]:
    """(list number, index in it) of a certificate: derived from its id, never reused."""
    return divmod(certificate_id, LIST_SIZE)


def empty_bits() -> bytes:
    """A list with every certificate in good standing."""
    return bytes(LIST_SIZE // 8)


def with_bit(bits: bytes, index: int, value: bool) -> bytes:
    """``bits`` with the bit at ``index`` (0 = the first byte's most significant bit) set."""
    data = bytearray(bits)
    mask = 0x80 >> (index % 8)
    data[index // 8] = data[index // 8] | mask if value else data[index // 8] & ~mask
    return bytes(data)


def bit(bits: bytes, index: int) -> bool:
    """Whether the bit at ``index`` is set."""
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def encode(bits: bytes) -> str:
    """The ``encodedList``: multibase base64url (u...) of the GZIP-compressed bits."""
    packed = gzip.compress(bits, compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    """The bits of an ``encodedList`` (ValueError when it is not one)."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (start with 'u')")
    text = encoded[1:]
    try:
        return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (OSError, ValueError, EOFError) as error:
        raise ValueError(f"encodedList cannot be decoded: {error}") from None


def entry(list_url: str, index: int) -> dict[str, Any]:
    """The ``credentialStatus`` of a credential at ``index`` of the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def list_credential(list_url: str, issuer: str, bits: bytes, valid_from: str) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential of a list."""
    return {
        "@context": [VC_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(bits),
        },
    }
