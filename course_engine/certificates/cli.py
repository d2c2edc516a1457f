"""The ``flask certificates`` commands: issue-missing, revoke, reissue, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from course_engine import catalog
from course_engine.certificates import serial_prefix
from course_engine.certificates.document import write_zip
from course_engine.certificates.operations import issue_for_enrolment, reissue, revoke
from course_engine.certificates.render import render_certificate
from course_engine.certificates.util import (
    certificate_by_serial,
    completed_without_certificate,
    valid_certificates,
)
from course_engine.extensions import db
from course_engine.models import Certificate, IllegalTransition

commands = AppGroup("certificates", help="Issue, revoke, reissue and export certificates.")


@commands.command("issue-missing")
def issue_missing() -> None:
    """Issue certificates for completed enrolments that have none (e.g. after a rule change)."""
    loaded = catalog.catalog()
    if loaded is None:
        raise click.ClickException("course content did not load; run `flask content check`")
    issued = skipped = 0
    for enrolment in completed_without_certificate(db.session):
        course = loaded.course(enrolment.course_slug)
        certificate = None
        if course is not None:
            certificate = issue_for_enrolment(
                db.session, enrolment, course, serial_prefix=serial_prefix(), reason="issue-missing"
            )
        if certificate is None:
            skipped += 1
            continue
        issued += 1
        click.echo(f"issued {certificate.serial} to enrolment {enrolment.id}")
    db.session.commit()
    click.echo(f"{issued} issued, {skipped} skipped (course gone or without certificate).")


@commands.command("revoke")
@click.argument("serial")
@click.option("--reason", required=True, help="Why; shown on the verification page.")
def revoke_command(serial: str, reason: str) -> None:
    """Revoke the certificate with SERIAL."""
    certificate = _by_serial(serial)
    try:
        revoke(db.session, certificate, reason.strip(), None)
    except IllegalTransition as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"revoked {certificate.serial}: {reason.strip()}")


@commands.command("reissue")
@click.argument("serial")
@click.option("--reason", default="learner's name changed", show_default=True)
def reissue_command(serial: str, reason: str) -> None:
    """Replace the certificate with SERIAL by one in the learner's current name."""
    certificate = _by_serial(serial)
    try:
        replacement = reissue(
            db.session, certificate, None, reason=reason, serial_prefix=serial_prefix()
        )
    except IllegalTransition as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{certificate.serial} superseded by {replacement.serial}")


@commands.command("export")
@click.option("--course", "course_slug", required=True, help="Course slug.")
@click.option("--zip", "target", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="ZIP file to write ('-' for standard output).")
def export(course_slug: str, target: Path) -> None:
    """Write every valid certificate of a course as PDFs into one ZIP."""
    certificates = valid_certificates(db.session, course_slug)
    if str(target) == "-":
        count = write_zip(sys.stdout.buffer, certificates, render_certificate)
    else:
        count = write_zip(target, certificates, render_certificate)
    click.echo(f"{count} certificate(s) written to {target}", err=str(target) == "-")


def _by_serial(serial: str) -> Certificate:
    certificate = certificate_by_serial(db.session, serial)
    if certificate is None:
        raise click.ClickException(f"no certificate with serial {serial}")
    return certificate
