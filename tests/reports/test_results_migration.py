"""Migration 0006 backfills the stored results item analysis reads, on both databases."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from course_engine.database import make_engine
from course_engine.models import AccessRole, AttemptStatus, Enrolment, QuizAttempt, User
from course_engine.models.types import utcnow
from course_engine.schema import migrations, upgrade

BEFORE = "4f0a9c2e7b15"


def old_enrolment(session: Session, number: int) -> int:
    """A learner and an enrolment with only columns revision BEFORE has; the enrolment's id.

    Core inserts naming their columns, so columns later migrations add (which the ORM
    factories fill in) are never sent to the older schema.
    """
    email = f"old{number}@example.org"
    user_id = session.execute(
        insert(User).values(
            email=email, email_key=email, password_hash="-", full_name=f"Old {number}",
            role="teacher", organization_kind="school", organization_name="Lincoln",
            state="MD", access_role=AccessRole.LEARNER, is_active=True, session_version=1,
            created_at=utcnow(),
        ).returning(User.id)
    ).scalar_one()  # fmt: skip
    return session.execute(
        insert(Enrolment)
        .values(user_id=user_id, course_slug="heart-collaboration", enrolled_at=utcnow())
        .returning(Enrolment.id)
    ).scalar_one()


def old_attempt(
    session: Session, enrolment_id: int, answers: dict[str, Any] | None, results: dict[str, Any]
) -> None:
    """A submitted pre-test attempt with only the columns revision BEFORE has."""
    layout = [{"question": key, "order": []} for key in results]
    session.execute(insert(QuizAttempt).values(
        enrolment_id=enrolment_id, quiz_id="pretest", number=1, status=AttemptStatus.SUBMITTED,
        layout=layout, answers=answers, results=results, submitted_at=utcnow(),
    ))  # fmt: skip


def test_the_migration_stores_answered_and_wrong_answers_from_the_answers(
    scratch_database_url: str,
) -> None:
    engine = make_engine(scratch_database_url)
    upgrade(scratch_database_url, BEFORE)
    with Session(engine) as session:
        answered, deleted = old_enrolment(session, 1), old_enrolment(session, 2)
        old = {
            "q1": {"points": 1.0, "max": 1.0, "correct": True},
            "q2": {"points": 0.0, "max": 1.0, "correct": False},
            "q3": {"points": 0.0, "max": 1.0, "correct": False},
        }
        # as stored before the migration (Core inserts: later columns do not exist yet)
        old_attempt(session, answered, {"q1": "a", "q2": 12, "q3": None}, old)
        old_attempt(
            session, deleted, None, old | {"q2": {"points": 0.5, "max": 1.0, "correct": False}}
        )
        session.commit()
    upgrade(scratch_database_url)
    with Session(engine) as session:
        first, second = session.scalars(select(QuizAttempt.results).order_by(QuizAttempt.id))
    assert first == {
        "q1": {"points": 1.0, "max": 1.0, "correct": True, "answered": True},
        "q2": {"points": 0.0, "max": 1.0, "correct": False, "answered": True, "wrong_answer": 12},
        "q3": {"points": 0.0, "max": 1.0, "correct": False, "answered": False},
    }
    assert [second[key]["answered"] for key in ("q1", "q2", "q3")] == [True, True, False]
    with migrations(scratch_database_url) as schema:
        schema.downgrade(BEFORE)
    with Session(engine) as session:
        first = session.scalars(select(QuizAttempt.results).order_by(QuizAttempt.id)).first()
    assert first is not None and first["q2"] == {"points": 0.0, "max": 1.0, "correct": False}
    engine.dispose()
