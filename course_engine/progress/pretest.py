"""Skipping the pre-test, where the course allows it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import Enrolment
from course_engine.models.types import utcnow
from course_engine.progress.completion import refresh_completion
from course_engine.progress.state import CourseProgress, load_progress


class PretestNotSkippable(Exception):
    """The course requires its pre-test, or the learner already took or skipped it."""


def skip_pretest(session: Session, enrolment: Enrolment, course: Course) -> CourseProgress:
    """Record the skip and refresh completion in the same transaction (flushes, no commit)."""
    progress = load_progress(session, enrolment, course)
    if not progress.may_skip_pretest:
        raise PretestNotSkippable(course.slug)
    enrolment.pretest_skipped_at = utcnow()
    session.flush()
    return refresh_completion(session, enrolment, course)
