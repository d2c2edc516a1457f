"""The ``flask certificates`` commands: issue-missing, revoke, reissue, export."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.certificates.operations import revoke
from course_engine.certificates.queries import current_certificate
from course_engine.content import Course
from course_engine.models import (
    AuditEntry,
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateStatus,
)
from tests.certificates.conftest import completed_enrolment


def test_issue_missing_issues_for_completed_enrolments_without_one(
    app: Flask, db: Session, course: Course, make_certificate: Callable[..., Certificate]
) -> None:
    missing = completed_enrolment(db, course, full_name="Ελένη Παπαδοπούλου")
    revoked = make_certificate()
    revoke(db, revoked, "Fraud", None)
    result = app.test_cli_runner().invoke(args=["certificates", "issue-missing"])
    assert result.exit_code == 0, result.output
    assert "1 issued" in result.output
    issued = current_certificate(db, missing.id)
    assert issued is not None and issued.learner_name == "Ελένη Παπαδοπούλου"
    assert current_certificate(db, revoked.enrolment_id) == revoked  # revocation stands
    again = app.test_cli_runner().invoke(args=["certificates", "issue-missing"])
    assert "0 issued" in again.output


def test_revoke_by_serial_records_a_command_line_event(
    app: Flask, db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["certificates", "revoke", certificate.serial.lower(), "--reason", "Duplicate account"]
    )
    assert result.exit_code == 0, result.output
    db.refresh(certificate)
    assert certificate.status == CertificateStatus.REVOKED
    event = db.scalar(
        select(CertificateEvent).where(
            CertificateEvent.certificate_id == certificate.id,
            CertificateEvent.action == CertificateAction.REVOKED,
        )
    )
    assert event is not None and event.actor_user_id is None
    assert event.reason == "Duplicate account"
    assert audit_trail(db, certificate) == [("system", "certificate.revoked", "Duplicate account")]
    twice = runner.invoke(args=["certificates", "revoke", certificate.serial, "--reason", "x"])
    assert twice.exit_code != 0 and "not valid" in twice.output
    unknown = runner.invoke(args=["certificates", "revoke", "HEART-1999-000001", "--reason", "x"])
    assert unknown.exit_code != 0 and "no certificate" in unknown.output


def test_reissue_by_serial(
    app: Flask, db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    result = app.test_cli_runner().invoke(args=["certificates", "reissue", certificate.serial])
    assert result.exit_code == 0, result.output
    db.refresh(certificate)
    assert certificate.status == CertificateStatus.SUPERSEDED
    assert certificate.superseded_by_id is not None
    assert audit_trail(db, certificate) == [
        ("system", "certificate.reissued", "learner's name changed")
    ]


def audit_trail(db: Session, certificate: Certificate) -> list[tuple[str, str, str]]:
    """(actor, action, reason) of the audit entries about ``certificate``."""
    entries = db.scalars(
        select(AuditEntry)
        .where(AuditEntry.target_type == "certificate", AuditEntry.target_id == certificate.id)
        .order_by(AuditEntry.id)
    )
    return [(entry.actor_label, entry.action, entry.details["reason"]) for entry in entries]


def test_export_writes_every_valid_pdf_of_the_course(
    app: Flask,
    db: Session,
    course: Course,
    make_certificate: Callable[..., Certificate],
    tmp_path: Path,
) -> None:
    valid = [make_certificate(full_name=name) for name in ("Дмитрий", "Zoë Ångström-Łukasiewicz")]
    revoke(db, make_certificate(), "Fraud", None)
    existing = db.scalars(
        select(Certificate.serial).where(
            Certificate.course_slug == course.slug, Certificate.status == CertificateStatus.VALID
        )
    ).all()
    target = tmp_path / "out.zip"
    result = app.test_cli_runner().invoke(
        args=["certificates", "export", "--course", course.slug, "--zip", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "Certificates" in result.stderr, "a progress bar on standard error"
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(f"certificate-{serial}.pdf" for serial in existing)
        for certificate in valid:
            assert archive.read(f"certificate-{certificate.serial}.pdf").startswith(b"%PDF-")


def test_export_with_several_processes_writes_the_same_zip_as_one(
    app: Flask,
    course: Course,
    make_certificate: Callable[..., Certificate],
    tmp_path: Path,
) -> None:
    for name in ("Nguyễn Thị Minh Khai", "Ελένη Παπαδοπούλου", "Ada Lovelace"):
        make_certificate(full_name=name)
    contents = []
    for workers in ("1", "2"):
        target = tmp_path / f"out-{workers}.zip"
        result = app.test_cli_runner().invoke(
            args=[
                "certificates",
                "export",
                "--course",
                course.slug,
                "--zip",
                str(target),
                "--workers",
                workers,
            ]
        )
        assert result.exit_code == 0, result.output
        with zipfile.ZipFile(target) as archive:
            contents.append([(name, archive.read(name)) for name in archive.namelist()])
    assert contents[0] == contents[1] and len(contents[0]) >= 3
