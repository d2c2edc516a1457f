"""Open Badges 3.0 credentials of certificates: keys, signing, status lists, verification."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import click
from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from course_engine import live_content
from course_engine.credentials.issuing import IssuerKeys, attach_credential, refresh_status
from course_engine.credentials.keys import SigningKey, create_key, load_keys
from course_engine.models import Certificate, CertificateAction
from course_engine.urls import base_url

MISSING_KEY = (
    "No credential signing key in {folder}: create one with `flask credentials create-key` "
    "(or set CREDENTIALS_KEY_DIR to the folder that holds the keys)."
)


class MissingSigningKey(RuntimeError):
    """Credentials cannot be signed: no key, and the settings forbid making one."""


def init_app(app: Flask) -> None:
    """Settings defaults, the certificate hook and the ``flask credentials`` commands."""
    from course_engine.certificates.operations import on_certificate_changed
    from course_engine.credentials.cli import commands

    app.config.setdefault("CREDENTIALS_KEY_DIR", str(Path(app.instance_path) / "credential-keys"))
    app.config.setdefault("CREDENTIALS_KEY_REQUIRED", False)
    if certificate_changed not in on_certificate_changed:
        on_certificate_changed.append(certificate_changed)
    app.cli.add_command(commands)
    if app.config["CREDENTIALS_KEY_REQUIRED"] and click.get_current_context(silent=True) is None:
        # Serving (not a `flask ...` command, which may be the one that creates the key).
        folder = Path(app.config["CREDENTIALS_KEY_DIR"])
        if not cached_keys(folder, _stamp(folder)):
            raise MissingSigningKey(MISSING_KEY.format(folder=folder))


def issuer_keys() -> IssuerKeys:
    """The issuer of this app: its base URL and keys (a first key is made where allowed)."""
    folder = Path(current_app.config["CREDENTIALS_KEY_DIR"])
    keys = cached_keys(folder, _stamp(folder))
    if not keys:
        if current_app.config["CREDENTIALS_KEY_REQUIRED"]:
            raise MissingSigningKey(MISSING_KEY.format(folder=folder))
        create_key(folder)
        keys = cached_keys(folder, _stamp(folder))
    return IssuerKeys(base_url(), keys)


@lru_cache(maxsize=8)
def cached_keys(folder: Path, stamp: tuple[int, int]) -> tuple[SigningKey, ...]:
    """The keys in ``folder``, read again whenever the folder changes (``stamp``)."""
    return tuple(load_keys(folder))


def _stamp(folder: Path) -> tuple[int, int]:
    try:
        stat = folder.stat()
    except FileNotFoundError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_nlink)


def certificate_changed(session: Session, certificate: Certificate, action: str) -> None:
    """The certificates hook: sign a new certificate's credential, or flip its status bit."""
    if not has_app_context():
        return
    issuer = issuer_keys()
    if action == CertificateAction.ISSUED:
        loaded = live_content.current_catalog()
        course = loaded.course(certificate.course_slug) if loaded else None
        attach_credential(session, certificate, issuer, course)
    else:
        refresh_status(session, certificate, issuer)
