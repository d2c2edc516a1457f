"""Two tabs submitting the same attempt at once: graded once, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.models import QuizAttempt, User
from course_engine.progress.enrolment import enrol
from course_engine.quizzes.attempts import start_or_resume, submit
from tests.factories import create_user
from tests.quizzes.answers import right_form


@pytest.fixture
def committed_attempt(engine: Engine, course: Course) -> Iterator[tuple[int, Quiz, dict]]:
    """An open, committed attempt at the first knowledge check (deleted afterwards)."""
    quiz = course.quiz(course.visible_modules()[0].quiz or "")
    assert quiz is not None
    with Session(engine) as session:
        user = create_user(session)
        attempt = start_or_resume(session, enrol(session, user, course), quiz)
        form = right_form(quiz, attempt)
        session.commit()
        user_id, attempt_id = user.id, attempt.id
    yield attempt_id, quiz, form
    with Session(engine) as session:
        session.execute(delete(User).where(User.id == user_id))  # cascades to the attempt
        session.commit()


def test_concurrent_submissions_grade_the_attempt_once(
    engine: Engine, committed_attempt: tuple[int, Quiz, dict]
) -> None:
    attempt_id, quiz, right = committed_attempt
    both_loaded = threading.Barrier(2, timeout=20)
    seen: list[tuple[float | None, object]] = []
    errors: list[BaseException] = []

    def tab(form: dict) -> None:
        try:
            with Session(engine) as session:
                attempt = session.get(QuizAttempt, attempt_id)
                assert attempt is not None and attempt.status == "open"
                session.rollback()  # both tabs saw it open; now race to submit
                both_loaded.wait()
                graded = submit(session, attempt, quiz, form)
                session.commit()
                seen.append((graded.score, graded.submitted_at))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    tabs = [threading.Thread(target=tab, args=(form,)) for form in (right, {})]
    for thread in tabs:
        thread.start()
    for thread in tabs:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(seen) == 2 and seen[0] == seen[1]  # the second got the first result
