"""Certificate test helpers: a learner who completed the course, certificates made in one call."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from course_engine.certificates.operations import issue_for_enrolment
from course_engine.content import CertificateTemplate, Course
from course_engine.models import Certificate, Enrolment, PageVisit
from course_engine.progress.enrolment import enrol
from tests.factories import create_attempt, create_user

ROOT = Path(__file__).resolve().parents[2]
CERTIFICATES_DIR = ROOT / "certificates"

for tool in ("pdftotext", "pdftoppm", "zbarimg"):
    if shutil.which(tool) is None:  # Debian: poppler-utils, zbar-tools
        pytest.fail(f"{tool} is required by the certificate tests", pytrace=False)


def do_everything(session: Session, enrolment: Enrolment, course: Course) -> None:
    """Reach every page and pass every quiz of the course (without recording completion)."""
    for module in course.visible_modules():
        for number in range(1, len(module.pages) + 1):
            session.add(PageVisit(enrolment_id=enrolment.id, module_id=module.id, page=number))
    for quiz_id in course.quizzes:
        create_attempt(session, enrolment, quiz_id, 100.0, passed=True)


def completed_enrolment(
    session: Session, course: Course, *, completed_at: datetime | None = None, **user: Any
) -> Enrolment:
    """A learner's enrolment marked complete (no certificate issued yet)."""
    enrolment = enrol(session, create_user(session, **user), course)
    session.flush()
    enrolment.completed_at = completed_at or datetime(2026, 3, 3, 14, 30, tzinfo=UTC)
    session.flush()
    return enrolment


@pytest.fixture
def make_certificate(app: Flask, db: Session, course: Course) -> Callable[..., Certificate]:
    """``make_certificate(full_name=..., completed_at=..., valid_for_days=..., issuer=...)``."""

    def make(*, valid_for_days: int | None = 1095, **kw: Any) -> Certificate:
        assert course.certificate is not None
        changes = {key: kw.pop(key) for key in ("issuer", "accreditation") if key in kw}
        settings = dataclasses.replace(course.certificate, valid_for_days=valid_for_days, **changes)
        the_course = dataclasses.replace(course, certificate=settings)
        enrolment = completed_enrolment(db, the_course, **kw)
        with app.app_context():  # the app signs the certificate's credential
            certificate = issue_for_enrolment(db, enrolment, the_course)
        assert certificate is not None
        return certificate

    return make


@pytest.fixture
def template(course: Course, app: Any) -> CertificateTemplate:
    """The bundled default certificate template."""
    return app.extensions["content"].catalog.templates["default"]
