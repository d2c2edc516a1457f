"""The ``flask credentials`` commands: create-key (and rotate), keys, issue-missing."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from course_engine import live_content
from course_engine.credentials import issuer_keys
from course_engine.credentials.did import method_id
from course_engine.credentials.issuing import attach_credential, refresh_status, resign_lists
from course_engine.credentials.keys import create_key, load_keys
from course_engine.extensions import db
from course_engine.models import Certificate

commands = AppGroup("credentials", help="Signing keys and Open Badges credentials.")


@commands.command("create-key")
def create_key_command() -> None:
    """Make a new signing key; it signs from now on, older keys stay published so old
    credentials keep verifying. Status lists are signed again with the new key."""
    folder = Path(current_app.config["CREDENTIALS_KEY_DIR"])
    had = len(load_keys(folder))
    key = create_key(folder)
    issuer = issuer_keys()
    resigned = resign_lists(db.session, issuer)
    db.session.commit()
    verb = "rotated to" if had else "created"
    click.echo(f"{verb} {method_id(issuer.did, key)} in {folder}")
    click.echo(f"{had} older key(s) stay published; {resigned} status list(s) signed again.")


@commands.command("keys")
def keys_command() -> None:
    """List the keys: the last one signs, every one verifies."""
    issuer = issuer_keys()
    for key in issuer.keys:
        role = "signs" if key is issuer.signing_key else "verifies only"
        click.echo(f"{method_id(issuer.did, key)}  created {key.created:%Y-%m-%d}  {role}")


@commands.command("issue-missing")
def issue_missing_command() -> None:
    """Sign credentials for certificates that have none (issued before credentials existed)."""
    issuer = issuer_keys()
    loaded = live_content.current_catalog()
    count = 0
    missing = select(Certificate).where(Certificate.credential.is_(None)).order_by(Certificate.id)
    for certificate in db.session.scalars(missing).all():
        course = loaded.course(certificate.course_slug) if loaded else None
        attach_credential(db.session, certificate, issuer, course)
        refresh_status(db.session, certificate, issuer)
        count += 1
    db.session.commit()
    click.echo(f"{count} credential(s) signed.")
