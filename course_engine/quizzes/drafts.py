"""The review step: answers saved as a draft, checked, and graded only on a confirmed submit.

Submitting for grading needs the one-time token of the review page that showed the draft, so a
forged request that skipped the review, or a second click, grades nothing.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Quiz
from course_engine.models import AttemptStatus, QuizAttempt
from course_engine.quizzes.attempts import submit
from course_engine.quizzes.grading import MAX_TYPED_LENGTH, Form, grader_for
from course_engine.quizzes.layout import AskedQuestion, asked_questions

#: Most values kept for one field (checkboxes of the longest question, and some slack).
MAX_VALUES = 30
#: Longest text kept for one value (free-text survey answers are the longest).
MAX_VALUE_LENGTH = 5000


class ReviewRequired(Exception):
    """Grading was asked for without the current review page's token (or with problems left)."""


class AlreadySubmitted(Exception):
    """The attempt was graded already."""


@dataclass(frozen=True)
class ReviewItem:
    """One question on the review page: answered or not, and the problem with its answer."""

    asked: AskedQuestion
    answered: bool
    problem: str | None = None

    @property
    def number(self) -> int:
        """The question's number as shown."""
        return self.asked.number


def draft_of(quiz: Quiz, attempt: QuizAttempt, form: Form) -> dict[str, list[str]]:
    """The submitted values of the attempt's own fields only, capped in count and length."""
    names: set[str] = set()
    for asked in asked_questions(quiz, attempt.layout):
        names.add(asked.field)
        names.update(asked.row_field(row) for row in range(1, len(asked.parts) + 1))
    draft: dict[str, list[str]] = {}
    for name in sorted(names):
        values = form.get(name) or []
        if isinstance(values, str):
            values = [values]
        kept = [value[:MAX_VALUE_LENGTH] for value in list(values)[:MAX_VALUES] if value.strip()]
        if kept:
            draft[name] = kept
    return draft


def save_draft(session: Session, attempt: QuizAttempt, quiz: Quiz, form: Form) -> QuizAttempt:
    """Store the answers typed so far and issue a new review token (an open attempt only)."""
    locked = _locked(session, attempt)
    if locked.status == AttemptStatus.SUBMITTED:
        raise AlreadySubmitted
    locked.draft = draft_of(quiz, locked, form)
    locked.review_token = secrets.token_urlsafe(32)
    session.flush()
    return locked


def review_items(quiz: Quiz, attempt: QuizAttempt) -> list[ReviewItem]:
    """Each question of the attempt with whether the draft answers it and any problem."""
    draft = attempt.draft or {}
    items: list[ReviewItem] = []
    for asked in asked_questions(quiz, attempt.layout):
        grader = grader_for(asked.question)
        problem = grader.problem(asked.question, draft)
        answer = grader.parse(asked.question, draft, asked.slot)
        answered = answer is not None and not (
            isinstance(answer, dict) and any(value is None for value in answer.values())
        )
        items.append(ReviewItem(asked, answered and problem is None, problem))
    return items


def field_problems(quiz: Quiz, attempt: QuizAttempt) -> dict[str, str]:
    """Problems of the draft by form field (shown beside the fields of the attempt page)."""
    return {item.asked.field: item.problem for item in review_items(quiz, attempt) if item.problem}


def submit_reviewed(
    session: Session,
    attempt: QuizAttempt,
    quiz: Quiz,
    token: str,
    *,
    pass_score: float | None = None,
    content_version: str | None = None,
) -> QuizAttempt:
    """Grade the reviewed draft once; the token is used up. Nothing is written when refused.

    ``pass_score`` and ``content_version`` are passed on to ``submit``.
    """
    locked = _locked(session, attempt)
    if locked.status == AttemptStatus.SUBMITTED:
        raise AlreadySubmitted
    expected = (locked.review_token or "").encode()
    given = token[:MAX_TYPED_LENGTH].encode()
    if not expected or not hmac.compare_digest(expected, given):
        raise ReviewRequired
    if any(item.problem for item in review_items(quiz, locked)):
        raise ReviewRequired
    draft = locked.draft or {}
    graded = submit(
        session, locked, quiz, draft, pass_score=pass_score, content_version=content_version
    )
    graded.draft = None
    graded.review_token = None
    session.flush()
    return graded


def _locked(session: Session, attempt: QuizAttempt) -> QuizAttempt:
    """The attempt, re-read under a row lock (two tabs or double clicks wait for each other)."""
    return session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.id == attempt.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
