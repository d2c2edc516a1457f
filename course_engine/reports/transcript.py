"""A learner's transcript: every course they enrolled in, with progress, score and certificate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.content import Catalog, Course
from course_engine.models import (
    AttemptStatus,
    Certificate,
    CertificateStatus,
    Enrolment,
    ModuleCompletion,
    QuizAttempt,
    User,
)
from course_engine.models.types import utcnow
from course_engine.reports import figures


@dataclass(frozen=True)
class TranscriptEntry:
    """One course on the transcript."""

    course_slug: str
    course_title: str
    enrolled_at: datetime
    completed_at: datetime | None
    hours: float | None
    modules_completed: int
    modules_total: int
    posttest_best: float | None
    certificate_serial: str | None
    certificate_status: str | None


def transcript(
    session: Session, user: User, catalog: Catalog | None, today: date | None = None
) -> list[TranscriptEntry]:
    """The learner's courses in the order they enrolled (four queries, whatever the count);
    a certificate past its expiry on ``today`` (default: today in UTC) reads "expired"."""
    today = today or utcnow().date()
    enrolments = list(
        session.scalars(
            select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.enrolled_at)
        )
    )
    ids = [enrolment.id for enrolment in enrolments]
    modules: dict[int, set[str]] = defaultdict(set)
    for enrolment_id, module_id in session.execute(
        select(ModuleCompletion.enrolment_id, ModuleCompletion.module_id).where(
            ModuleCompletion.enrolment_id.in_(ids)
        )
    ):
        modules[enrolment_id].add(module_id)
    best = {
        (enrolment_id, quiz_id): percent
        for enrolment_id, quiz_id, percent in session.execute(
            select(QuizAttempt.enrolment_id, QuizAttempt.quiz_id, func.max(QuizAttempt.percent))
            .where(QuizAttempt.enrolment_id.in_(ids), QuizAttempt.status == AttemptStatus.SUBMITTED)
            .group_by(QuizAttempt.enrolment_id, QuizAttempt.quiz_id)
        )
    }
    certificates = {
        certificate.enrolment_id: certificate
        for certificate in session.scalars(
            select(Certificate).where(
                Certificate.enrolment_id.in_(ids),
                Certificate.status != CertificateStatus.SUPERSEDED,
            )
        )
    }
    return [
        _entry(
            e,
            catalog.course(e.course_slug) if catalog else None,
            modules[e.id],
            best,
            certificates.get(e.id),
            today,
        )
        for e in enrolments
    ]


def _entry(
    enrolment: Enrolment,
    course: Course | None,
    completed_modules: set[str],
    best: dict[tuple[int, str], float | None],
    certificate: Certificate | None,
    today: date,
) -> TranscriptEntry:
    """One transcript line; a course no longer in the content keeps what the database knows."""
    module_ids = {module.id for module in course.visible_modules()} if course else set()
    posttest = course.posttest if course else None
    title = (
        course.title
        if course
        else (certificate.course_title if certificate else enrolment.course_slug)
    )
    hours = None
    if certificate is not None:
        hours = figures.hours_earned(
            certificate.hours, True, certificate.status, certificate.revoke_reason
        )
    elif enrolment.completed_at is not None and course is not None:
        hours = course.hours
    return TranscriptEntry(
        course_slug=enrolment.course_slug,
        course_title=title,
        enrolled_at=enrolment.enrolled_at,
        completed_at=enrolment.completed_at,
        hours=hours,
        modules_completed=len(completed_modules & module_ids if course else completed_modules),
        modules_total=len(module_ids),
        posttest_best=best.get((enrolment.id, posttest)) if posttest else None,
        certificate_serial=certificate.serial if certificate else None,
        certificate_status=figures.certificate_state(
            certificate.status, certificate.expires_on, today
        )
        if certificate
        else None,
    )
