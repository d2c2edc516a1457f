"""What the database must hold after a load run: no lost, doubled or half-written progress."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bench.harness import COURSE
from course_engine.content import Course, QuizKind
from course_engine.models import (
    AttemptStatus,
    Certificate,
    CertificateStatus,
    Enrolment,
    ModuleCompletion,
    PageVisit,
    QuizAttempt,
)
from tests.reliability.walker import Walker

#: (model, columns) that must be unique: what the unique constraints promise.
UNIQUE = [
    (PageVisit, ("enrolment_id", "module_id", "page")),
    (ModuleCompletion, ("enrolment_id", "module_id")),
    (QuizAttempt, ("enrolment_id", "quiz_id", "number")),
]


def duplicates(engine: Engine) -> list[str]:
    """Rows that break a uniqueness promise (none, when the constraints hold)."""
    found = []
    with Session(engine) as session:
        for model, columns in UNIQUE:
            keys = [getattr(model, column) for column in columns]
            query = select(*keys).group_by(*keys).having(func.count() > 1)
            found += [f"{model.__tablename__} {tuple(row)}" for row in session.execute(query)]
        current = (
            select(Certificate.enrolment_id)
            .where(Certificate.status != CertificateStatus.SUPERSEDED)
            .group_by(Certificate.enrolment_id)
            .having(func.count() > 1)
        )
        found += [f"certificates of enrolment {row}" for row in session.scalars(current)]
    return found


def half_written(engine: Engine, course: Course) -> list[str]:
    """Attempts that are neither cleanly open nor completely submitted."""
    broken = []
    with Session(engine) as session:
        attempts = session.scalars(select(QuizAttempt).where(QuizAttempt.quiz_id != course.pretest))
        open_ones = Counter[tuple[int, str]]()
        for attempt in attempts:
            if attempt.status == AttemptStatus.OPEN:
                open_ones[attempt.enrolment_id, attempt.quiz_id] += 1
                written = (
                    attempt.answers,
                    attempt.results,
                    attempt.score,
                    attempt.percent,
                    attempt.passed,
                    attempt.submitted_at,
                )
                whole = all(value is None for value in written)
            else:
                whole = _submitted_whole(attempt, course)
            if not whole:
                broken.append(f"attempt {attempt.id} ({attempt.status}) is half-written")
        broken += [f"{key}: {n} open attempts" for key, n in open_ones.items() if n > 1]
    return broken


def _submitted_whole(attempt: QuizAttempt, course: Course) -> bool:
    """A submitted attempt has everything submit() writes (surveys: no answers, no score)."""
    quiz = course.quiz(attempt.quiz_id)
    assert quiz is not None
    if attempt.submitted_at is None:
        return False
    if quiz.kind is QuizKind.SURVEY:
        return attempt.answers is None and attempt.results is None and attempt.score is None
    graded = (
        attempt.answers,
        attempt.results,
        attempt.score,
        attempt.max_score,
        attempt.percent,
        attempt.passed,
    )
    return all(value is not None for value in graded)


def progress_differences(engine: Engine, walkers: list[Walker]) -> list[str]:
    """Where the database differs from what each learner was told: pages, attempts, certificate."""
    differences = []
    with Session(engine) as session:
        for walker in walkers:
            differences += _learner_differences(session, walker)
    return differences


def _learner_differences(session: Session, walker: Walker) -> list[str]:
    """One learner's differences (empty when the database holds exactly what they did)."""
    who = f"learner {walker.learner.user_id}"
    enrolment = session.scalars(
        select(Enrolment).where(
            Enrolment.user_id == walker.learner.user_id, Enrolment.course_slug == COURSE
        )
    ).one()
    visits = {
        (row.module_id, row.page)
        for row in session.execute(
            select(PageVisit.module_id, PageVisit.page).where(
                PageVisit.enrolment_id == enrolment.id
            )
        )
    }
    reached = {(module, page) for module, pages in walker.reached.items() for page in pages}
    found = []
    if visits != reached:
        found.append(f"{who}: pages lost {reached - visits}, extra {visits - reached}")
    attempts = session.execute(
        select(QuizAttempt.quiz_id, QuizAttempt.number, QuizAttempt.status)
        .where(QuizAttempt.enrolment_id == enrolment.id)
        .order_by(QuizAttempt.quiz_id, QuizAttempt.number)
    ).all()
    numbers: dict[str, list[int]] = {}
    for quiz_id, number, status in attempts:
        numbers.setdefault(quiz_id, []).append(number)
        if status != AttemptStatus.SUBMITTED:
            found.append(f"{who}: attempt {number} at {quiz_id} is {status}")
    expected = {quiz_id: list(range(1, n + 1)) for quiz_id, n in walker.attempts.items()}
    if numbers != expected:
        found.append(f"{who}: attempts {numbers}, expected {expected}")
    certificates = session.scalar(
        select(func.count())
        .select_from(Certificate)
        .where(
            Certificate.enrolment_id == enrolment.id,
            Certificate.status != CertificateStatus.SUPERSEDED,
        )
    )
    completed = enrolment.completed_at is not None
    if (completed, certificates) != (walker.completed, int(walker.completed)):
        found.append(
            f"{who}: completed {enrolment.completed_at}, {certificates} certificates, "
            f"expected completed={walker.completed}"
        )
    return found
