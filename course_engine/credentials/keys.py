"""Ed25519 signing keys: one JSON file per key in a folder outside the repository; newest signs."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

#: Multicodec prefixes (varint) of an Ed25519 public and private key in a Multikey.
ED25519_PUBLIC = b"\xed\x01"
ED25519_PRIVATE = b"\x80\x26"


class MissingKey(LookupError):
    """No usable signing key."""


@dataclass(frozen=True)
class SigningKey:
    """One key: its id (the DID URL fragment), when it was made, and the key itself."""

    id: str
    created: datetime
    private: Ed25519PrivateKey

    @property
    def public_multibase(self) -> str:
        """The public key as a Multikey ``publicKeyMultibase`` (z + base58btc)."""
        raw = self.private.public_key().public_bytes_raw()
        return "z" + base58.b58encode(ED25519_PUBLIC + raw).decode("ascii")

    def sign(self, data: bytes) -> bytes:
        """An Ed25519 signature of ``data``."""
        return self.private.sign(data)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """The Ed25519 public key of a Multikey ``publicKeyMultibase`` (ValueError if not one)."""
    if not value.startswith("z"):
        raise ValueError("not a base58btc multibase value")
    raw = base58.b58decode(value[1:])
    if not raw.startswith(ED25519_PUBLIC) or len(raw) != 34:
        raise ValueError("not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def create_key(folder: Path, now: datetime | None = None) -> SigningKey:
    """Make a new key in ``folder`` (readable by its owner only); it becomes the signing key."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    created = now or datetime.now(UTC)  # to the microsecond: keys made at once stay in order
    key_id = f"key-{created:%Y%m%d}-{secrets.token_hex(4)}"
    private = Ed25519PrivateKey.generate()
    secret = "z" + base58.b58encode(ED25519_PRIVATE + private.private_bytes_raw()).decode()
    record = {"id": key_id, "created": created.isoformat(), "secretKeyMultibase": secret}
    path = folder / f"{key_id}.json"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2)
    return SigningKey(key_id, created, private)


def load_keys(folder: Path) -> list[SigningKey]:
    """Every key in ``folder``, oldest first (the last one signs)."""
    keys = [_read(path) for path in sorted(folder.glob("key-*.json"))] if folder.is_dir() else []
    return sorted(keys, key=lambda key: (key.created, key.id))


def _read(path: Path) -> SigningKey:
    record = json.loads(path.read_text(encoding="utf-8"))
    raw = base58.b58decode(record["secretKeyMultibase"][1:])
    if not raw.startswith(ED25519_PRIVATE) or len(raw) != 34:
        raise MissingKey(f"{path} does not hold an Ed25519 key")
    private = Ed25519PrivateKey.from_private_bytes(raw[2:])
    return SigningKey(record["id"], datetime.fromisoformat(record["created"]), private)
