"""Each quiz file's text kept per content hash, so an attempt's result shows the quiz as it was."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.content.history import compile_quiz_text
from course_engine.models import QuizAttempt, QuizVersion


def keep_quiz_version(session: Session, quiz: Quiz) -> None:
    """Store the quiz file's text under its content hash once (a concurrent duplicate is fine)."""
    if not quiz.text or _stored(session, quiz.course_slug, quiz.id, quiz.content_hash):
        return
    row = QuizVersion(
        course_slug=quiz.course_slug,
        quiz_id=quiz.id,
        content_hash=quiz.content_hash,
        source=quiz.source,
        text=quiz.text,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        pass


def quiz_as_taken(session: Session, course: Course, quiz: Quiz, attempt: QuizAttempt) -> Quiz:
    """The quiz as it was when the attempt was made (today's quiz when that text is not kept)."""
    if not attempt.content_hash or attempt.content_hash == quiz.content_hash:
        return quiz
    stored = session.scalar(
        select(QuizVersion).where(
            QuizVersion.course_slug == course.slug,
            QuizVersion.quiz_id.in_([quiz.id, *quiz.renamed_from, attempt.quiz_id]),
            QuizVersion.content_hash == attempt.content_hash,
        )
    )
    if stored is None:
        return quiz
    return compile_quiz_text(stored.text, stored.source, course, stored.content_hash) or quiz


def _stored(session: Session, course_slug: str, quiz_id: str, content_hash: str) -> bool:
    """True when this text is already kept."""
    found = session.scalar(
        select(QuizVersion.id).where(
            QuizVersion.course_slug == course_slug,
            QuizVersion.quiz_id == quiz_id,
            QuizVersion.content_hash == content_hash,
        )
    )
    return found is not None
