"""Issuing at completion, once; revoking and reissuing, audited."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.certificates.operations import issue_for_enrolment, reissue, revoke
from course_engine.certificates.queries import find_certificate
from course_engine.content import Course
from course_engine.models import (
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateState,
    CertificateStatus,
    IllegalTransition,
    User,
)
from course_engine.progress.completion import refresh_completion
from course_engine.progress.enrolment import enrol
from tests.certificates.conftest import completed_enrolment, do_everything
from tests.factories import create_user
from tests.support.databases import rolled_back_session

SERIAL = re.compile(r"^HEART-\d{4}-\d{6}$")


def certificates_of(session: Session, enrolment_id: int) -> list[Certificate]:
    query = select(Certificate).where(Certificate.enrolment_id == enrolment_id)
    return list(session.scalars(query))


def test_completing_the_course_issues_exactly_one_certificate(db: Session, course: Course) -> None:
    user = create_user(db, full_name="Zoë Ångström-Łukasiewicz")
    enrolment = enrol(db, user, course)
    db.flush()
    do_everything(db, enrolment, course)
    assert refresh_completion(db, enrolment, course).is_complete
    refresh_completion(db, enrolment, course)  # completing again issues nothing new

    [certificate] = certificates_of(db, enrolment.id)
    assert certificate.status == CertificateStatus.VALID
    assert certificate.learner_name == "Zoë Ångström-Łukasiewicz"
    assert certificate.course_title == course.title
    assert certificate.course_version == course.version
    assert certificate.hours == course.hours
    assert certificate.completed_at == enrolment.completed_at
    assert SERIAL.match(certificate.serial)
    assert re.fullmatch(r"[A-Za-z0-9_-]{24,}", certificate.verification_code)
    events = db.scalars(
        select(CertificateEvent).where(CertificateEvent.certificate_id == certificate.id)
    )
    assert [(e.action, e.actor_user_id) for e in events] == [(CertificateAction.ISSUED, None)]


def test_completion_issues_with_the_serial_prefix_of_the_sessions_app(
    make_app: Callable[..., Flask], course: Course
) -> None:
    district = make_app(CERTIFICATE_SERIAL_PREFIX="DISTRICT")
    with district.app_context(), rolled_back_session(district) as session:
        enrolment = enrol(session, create_user(session), course)
        session.flush()
        do_everything(session, enrolment, course)
        assert refresh_completion(session, enrolment, course).is_complete
        [certificate] = certificates_of(session, enrolment.id)
    assert re.fullmatch(r"DISTRICT-\d{4}-\d{6}", certificate.serial)


def test_the_certificate_keeps_the_name_it_was_issued_with(
    db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate(full_name="Дмитрий Иванов")
    user = db.get(User, certificate.user_id)
    assert user is not None
    user.full_name = "Dmitry Ivanov"
    db.flush()
    db.expire_all()
    assert db.get(Certificate, certificate.id).learner_name == "Дмитрий Иванов"


def test_expiry_follows_the_courses_valid_for_days(
    make_certificate: Callable[..., Certificate],
) -> None:
    completed = datetime(2026, 3, 3, 23, 59, tzinfo=UTC)
    assert make_certificate(completed_at=completed).expires_on == date(2029, 3, 2)
    assert make_certificate(valid_for_days=None).expires_on is None
    expiring = make_certificate(completed_at=completed)
    assert expiring.state(date(2029, 3, 1)) == CertificateState.VALID
    assert expiring.state(date(2029, 3, 2)) == CertificateState.EXPIRED


def test_serials_and_codes_are_unique(make_certificate: Callable[..., Certificate]) -> None:
    made = [make_certificate() for _ in range(5)]
    assert len({c.serial for c in made}) == 5
    assert len({c.verification_code for c in made}) == 5
    assert all(SERIAL.match(c.serial) for c in made)


def test_a_course_without_certificate_issues_none(db: Session, course: Course) -> None:
    plain = dataclasses.replace(course, certificate=None)
    assert issue_for_enrolment(db, completed_enrolment(db, plain), plain) is None


def test_an_incomplete_enrolment_gets_no_certificate(db: Session, course: Course) -> None:
    enrolment = enrol(db, create_user(db), course)
    db.flush()
    assert issue_for_enrolment(db, enrolment, course) is None


def test_revoking_records_who_when_and_why(
    db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    admin = create_user(db, full_name="An Administrator")
    revoke(db, certificate, "Completion recorded in error", admin)
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_at is not None
    event = db.scalar(
        select(CertificateEvent).where(
            CertificateEvent.certificate_id == certificate.id,
            CertificateEvent.action == CertificateAction.REVOKED,
        )
    )
    assert event is not None
    assert (event.actor_user_id, event.reason) == (admin.id, "Completion recorded in error")
    with pytest.raises(IllegalTransition):
        revoke(db, certificate, "again", None)


def test_reissue_supersedes_the_old_certificate_with_the_current_name(
    db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    old = make_certificate(full_name="Minh Khai Nguyen")
    db.get(User, old.user_id).full_name = "Nguyễn Thị Minh Khai"
    replacement = reissue(db, old, None)

    assert replacement.learner_name == "Nguyễn Thị Minh Khai"
    assert (replacement.completed_at, replacement.hours) == (old.completed_at, old.hours)
    assert replacement.serial != old.serial
    assert old.status == CertificateStatus.SUPERSEDED
    assert old.superseded_by_id == replacement.id
    assert find_certificate(db, old.serial.lower()) is old
    actions = db.scalars(
        select(CertificateEvent.action).where(CertificateEvent.certificate_id == old.id)
    ).all()
    assert CertificateAction.REISSUED in actions
    with pytest.raises(IllegalTransition):
        reissue(db, old, None)
    total = db.scalar(
        select(func.count()).where(
            Certificate.enrolment_id == old.enrolment_id,
            Certificate.status == CertificateStatus.VALID,
        )
    )
    assert total == 1


def test_a_revoked_certificate_cannot_be_reissued(
    db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    revoke(db, certificate, "Fraud", None)
    with pytest.raises(IllegalTransition):
        reissue(db, certificate, None)
