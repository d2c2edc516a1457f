"""Starting, resuming and submitting attempts; the anonymous course evaluation."""

from __future__ import annotations

import math
import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Quiz, QuizKind, RevealAnswers, ShowFeedback
from course_engine.models import AttemptStatus, Enrolment, QuizAttempt, SurveyResponse
from course_engine.models.types import utcnow
from course_engine.quizzes.grading import Form, QuestionResult, grader_for, stored_result
from course_engine.quizzes.layout import asked_questions, draw_layout
from course_engine.quizzes.versions import keep_quiz_version
from course_engine.texts import Text

#: Kinds taken once only.
ONCE_ONLY = (QuizKind.PRETEST, QuizKind.SURVEY)


class QuizUnavailable(Exception):
    """The learner may not start another attempt at this quiz."""


def attempts_of(
    session: Session, enrolment: Enrolment, quiz_id: str, old_ids: tuple[str, ...] = ()
) -> list[QuizAttempt]:
    """The enrolment's attempts at a quiz (under its id or an old one), first to last."""
    return list(
        session.scalars(
            select(QuizAttempt)
            .where(
                QuizAttempt.enrolment_id == enrolment.id,
                QuizAttempt.quiz_id.in_([quiz_id, *old_ids]),
            )
            .order_by(QuizAttempt.number)
        )
    )


def attempts_left(quiz: Quiz, submitted_count: int) -> int | None:
    """Attempts the learner may still start (None: unlimited)."""
    if quiz.kind in ONCE_ONLY:
        return max(0, 1 - submitted_count)
    if quiz.max_attempts == 0:
        return None
    return max(0, quiz.max_attempts - submitted_count)


def start_or_resume(
    session: Session, enrolment: Enrolment, quiz: Quiz, rng: random.Random | None = None
) -> QuizAttempt:
    """The open attempt, or a new one with its questions drawn and shuffled once and stored.

    Raises ``QuizUnavailable`` when the attempts are used up (pre-tests and surveys: once).
    """
    # Lock the enrolment so two tabs starting at once cannot both create an attempt.
    session.execute(select(Enrolment.id).where(Enrolment.id == enrolment.id).with_for_update())
    attempts = attempts_of(session, enrolment, quiz.id, quiz.renamed_from)
    for attempt in attempts:
        if attempt.status == AttemptStatus.OPEN:
            return attempt
    submitted = sum(attempt.status == AttemptStatus.SUBMITTED for attempt in attempts)
    if attempts_left(quiz, submitted) == 0:
        raise QuizUnavailable(_used_up_message(quiz))
    attempt = QuizAttempt(
        enrolment_id=enrolment.id,
        quiz_id=quiz.id,
        number=max((a.number for a in attempts), default=0) + 1,
        status=AttemptStatus.OPEN,
        layout=draw_layout(quiz, rng or random.SystemRandom()),
        content_hash=quiz.content_hash,
        started_at=utcnow(),
    )
    session.add(attempt)
    keep_quiz_version(session, quiz)
    session.flush()
    return attempt


def _used_up_message(quiz: Quiz) -> str:
    """Why no further attempt can start, in plain words."""
    if quiz.kind is QuizKind.PRETEST:
        return Text("You have already taken the pre-test.")
    if quiz.kind is QuizKind.SURVEY:
        return Text("You have already submitted this survey. Thank you!")
    return Text("You have used all %(count)s attempts at this quiz.", count=quiz.max_attempts)


def submit(
    session: Session,
    attempt: QuizAttempt,
    quiz: Quiz,
    form: Form,
    *,
    pass_score: float | None = None,
    content_version: str | None = None,
) -> QuizAttempt:
    """Grade the open attempt against the quiz content, once.

    Submitting an already submitted attempt returns it unchanged. Answers to questions not in
    the attempt's layout are ignored. Survey answers go to an anonymous ``SurveyResponse``.
    ``pass_score`` (default: the quiz's) is what passing needs; it is kept with the attempt, and
    ``passed`` stays decided against it whatever the content says later.
    """
    locked = session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.id == attempt.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if locked.status == AttemptStatus.SUBMITTED:
        return locked
    if locked.quiz_id != quiz.id and locked.quiz_id not in quiz.renamed_from:
        raise ValueError(f"attempt {locked.id} is not an attempt at quiz {quiz.id!r}")
    asked = asked_questions(quiz, locked.layout)
    answers = {
        item.question.id: grader_for(item.question).parse(item.question, form, item.slot)
        for item in asked
    }
    now = utcnow()
    if quiz.kind is QuizKind.SURVEY:
        session.add(
            SurveyResponse(
                course_slug=quiz.course_slug,
                quiz_id=quiz.id,
                submitted_on=now.date(),
                answers=answers,
            )
        )
        _record(locked, answers=None, results=None)
    else:
        results: dict[str, QuestionResult] = {}
        for item in asked:
            grader = grader_for(item.question)
            if grader.graded:
                results[item.question.id] = grader.grade(item.question, answers[item.question.id])
        _record(locked, answers=answers, results=results)
        if quiz.kind is not QuizKind.PRETEST:
            needed = float(pass_score if pass_score is not None else quiz.pass_score or 0)
            locked.passed = locked.percent is not None and locked.percent >= needed
            locked.pass_score = needed
    locked.status = AttemptStatus.SUBMITTED
    locked.submitted_at = now
    if locked.content_hash != quiz.content_hash:  # the file changed while the attempt was open
        keep_quiz_version(session, quiz)
    locked.content_hash = quiz.content_hash
    locked.content_version = content_version or locked.content_version
    session.flush()
    return locked


def _record(
    attempt: QuizAttempt, answers: dict[str, Any] | None, results: dict[str, QuestionResult] | None
) -> None:
    """Store answers, per-question results and the totals (None when nothing was scored)."""
    attempt.answers = answers
    attempt.results = (
        {key: stored_result(r, (answers or {}).get(key)) for key, r in results.items()}
        if results
        else None
    )
    attempt.passed = None
    if not results:
        attempt.score = attempt.max_score = attempt.percent = None
        return
    attempt.score = round(sum(r.points for r in results.values()), 4)
    attempt.max_score = round(sum(r.max_points for r in results.values()), 4)
    attempt.percent = percent_of(attempt.score, attempt.max_score)


def percent_of(score: float, max_score: float) -> float | None:
    """Score in percent, cut (never rounded up) to two decimals; None when nothing was possible."""
    if max_score <= 0:
        return None
    return math.floor(score / max_score * 10000 + 1e-6) / 100


def feedback_visible(quiz: Quiz, attempt: QuizAttempt) -> bool:
    """Whether the attempt's per-question results, answers, feedback and explanations may show."""
    if attempt.status != AttemptStatus.SUBMITTED or quiz.kind is QuizKind.SURVEY:
        return False
    if quiz.show_feedback is ShowFeedback.NEVER:
        return False
    if quiz.show_feedback is ShowFeedback.AFTER_PASS:
        return attempt.passed is True
    return True


def answers_revealed(quiz: Quiz, attempt: QuizAttempt, left: int | None) -> bool:
    """Whether the answer key and explanations may show with this attempt's result.

    ``left`` is the number of attempts the learner may still start (None: unlimited).
    """
    if attempt.status != AttemptStatus.SUBMITTED or quiz.kind is QuizKind.SURVEY:
        return False
    policy = quiz.reveal_answers
    if policy is RevealAnswers.ALWAYS:
        return True
    if policy is RevealAnswers.AFTER_PASS:
        return attempt.passed is True
    if policy is RevealAnswers.AFTER_LAST_ATTEMPT:
        return attempt.passed is True or left == 0
    return False
