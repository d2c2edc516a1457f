"""The ``flask certificates`` commands: issue-missing, revoke, reissue, export."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from course_engine import live_content
from course_engine.admin.operations import reissue_certificate, revoke_certificate
from course_engine.certificates import serial_prefix
from course_engine.certificates.document import write_zip
from course_engine.certificates.operations import issue_for_enrolment
from course_engine.certificates.queries import (
    certificate_by_serial,
    completed_without_certificate,
    valid_certificates,
)
from course_engine.certificates.render import job_of
from course_engine.extensions import db
from course_engine.i18n import say
from course_engine.models import Certificate, IllegalTransition

commands = AppGroup("certificates", help="Issue, revoke, reissue and export certificates.")


@commands.command("issue-missing")
def issue_missing() -> None:
    """Issue certificates for completed enrolments that have none (e.g. after a rule change)."""
    loaded = live_content.current_catalog()
    if loaded is None:
        raise click.ClickException(say("course content did not load; run `flask content check`"))
    issued = skipped = 0
    for enrolment in completed_without_certificate(db.session):
        course = loaded.course(enrolment.course_slug)
        certificate = None
        if course is not None:
            certificate = issue_for_enrolment(
                db.session,
                enrolment,
                course,
                serial_prefix=serial_prefix(db.session),
                reason="issue-missing",
            )
        if certificate is None:
            skipped += 1
            continue
        issued += 1
        click.echo(
            say("issued %(serial)s to enrolment %(id)s", serial=certificate.serial, id=enrolment.id)
        )
    db.session.commit()
    click.echo(
        say(
            "%(issued)s issued, %(skipped)s skipped (course gone or without certificate).",
            issued=issued,
            skipped=skipped,
        )
    )


@commands.command("revoke")
@click.argument("serial")
@click.option("--reason", required=True, help="Why; shown on the verification page.")
def revoke_command(serial: str, reason: str) -> None:
    """Revoke the certificate with SERIAL."""
    certificate = _by_serial(serial)
    try:
        revoke_certificate(db.session, certificate, reason.strip(), None)
    except IllegalTransition as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        say("revoked %(serial)s: %(reason)s", serial=certificate.serial, reason=reason.strip())
    )


@commands.command("reissue")
@click.argument("serial")
@click.option("--reason", default="learner's name changed", show_default=True)
def reissue_command(serial: str, reason: str) -> None:
    """Replace the certificate with SERIAL by one in the learner's current name."""
    certificate = _by_serial(serial)
    try:
        replacement = reissue_certificate(
            db.session, certificate, None, reason=reason, serial_prefix=serial_prefix(db.session)
        )
    except IllegalTransition as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(say("%(old)s superseded by %(new)s", old=certificate.serial, new=replacement.serial))


@commands.command("export")
@click.option("--course", "course_slug", required=True, help="Course slug.")
@click.option(
    "--zip",
    "target",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="ZIP file to write ('-' for standard output).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default="the number of CPUs",
    help="Processes drawing the PDFs.",
)
def export(course_slug: str, target: Path, workers: int) -> None:
    """Write every valid certificate of a course as PDFs into one ZIP (progress on stderr)."""
    jobs = [job_of(certificate) for certificate in valid_certificates(db.session, course_slug)]
    with click.progressbar(
        length=len(jobs), label="Certificates", file=sys.stderr, show_pos=True
    ) as bar:

        def advance(count: int) -> None:
            bar.update(count - bar.pos)

        destination = sys.stdout.buffer if str(target) == "-" else target
        count = write_zip(destination, jobs, workers, advance)
    click.echo(
        say("%(count)s certificate(s) written to %(target)s", count=count, target=target),
        err=str(target) == "-",
    )


def _by_serial(serial: str) -> Certificate:
    certificate = certificate_by_serial(db.session, serial)
    if certificate is None:
        raise click.ClickException(say("no certificate with serial %(serial)s", serial=serial))
    return certificate
