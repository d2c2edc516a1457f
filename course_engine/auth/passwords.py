"""Password hashing with argon2id; hashes made with older parameters are upgraded at login."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

#: The hasher with the current parameters (argon2-cffi's defaults: RFC 9106 low-memory profile).
hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` with a fresh salt."""
    return hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``."""
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than the current ones."""
    try:
        return hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def _dummy_hash() -> str:
    """A hash nobody knows the password of, made once per process."""
    return hasher.hash("not a real password: timing equaliser")


def verify_dummy(password: str) -> None:
    """Spend the time a real verification takes (for unknown accounts)."""
    verify_password(_dummy_hash(), password)
