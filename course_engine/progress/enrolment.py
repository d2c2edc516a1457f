"""Enrolling a learner in a course, and finding their enrolments."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import Enrolment, User

#: Built once: looked up on nearly every learner request.
ENROLMENT_OF = select(Enrolment).where(
    Enrolment.user_id == bindparam("user_id"), Enrolment.course_slug == bindparam("course_slug")
)


def get_enrolment(session: Session, user_id: int, course_slug: str) -> Enrolment | None:
    """The learner's enrolment in the course, if any."""
    return session.scalar(ENROLMENT_OF, {"user_id": user_id, "course_slug": course_slug})


def enrol(session: Session, user: User, course: Course) -> Enrolment:
    """Enrol the learner once; enrolling again returns the existing enrolment."""
    existing = get_enrolment(session, user.id, course.slug)
    if existing is not None:
        return existing
    enrolment = Enrolment(
        user_id=user.id, course_slug=course.slug, content_version=course.content_version
    )
    try:
        with session.begin_nested():
            session.add(enrolment)
    except IntegrityError:  # a concurrent request enrolled first
        found = get_enrolment(session, user.id, course.slug)
        assert found is not None
        return found
    return enrolment


ENROLMENTS_OF = (
    select(Enrolment)
    .where(Enrolment.user_id == bindparam("user_id"))
    .order_by(Enrolment.last_active_at.desc().nulls_last(), Enrolment.enrolled_at.desc())
)


def enrolments_of(session: Session, user_id: int) -> list[Enrolment]:
    """All of a learner's enrolments, newest activity first."""
    return list(session.scalars(ENROLMENTS_OF, {"user_id": user_id}))
