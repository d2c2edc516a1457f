"""Steps the LMS and a launched learner take, shared by the LTI Advantage tests."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import LtiScore, User
from tests.lti.platform import LmsPeer
from tests.lti.test_launch import id_token_for, launch
from tests.quizzes.answers import right_form
from tests.security.progress import quiz_of, ready_for
from tests.support.forms import csrf_token, submit_answers


def launch_as(
    client: FlaskClient, db: Session, lms: LmsPeer, person: dict[str, Any], **custom: str
) -> User:
    """``person`` launches from the LMS with ``client``; their account."""
    response = launch(client, id_token_for(client, lms, person, **custom))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.expire_all()
    return db.scalars(select(User).where(User.email_key == person["email"])).one()


def finish_course(client: FlaskClient, db: Session, course: Course, user: User) -> str:
    """Everything up to the evaluation, then the learner sends it (the course completes)."""
    ready_for(db, user, course, course.evaluation or "")
    db.commit()  # the test's savepoint: the worker's session sees it
    survey = quiz_of(course, course.evaluation)
    intro = f"/courses/{course.slug}/quizzes/{survey.id}"
    response = client.post(intro + "/start", data={"csrf_token": csrf_token(client, intro)})
    assert response.status_code == 302, response.status_code
    url = response.headers["Location"]
    db.expire_all()
    from course_engine.models import QuizAttempt

    attempt = db.get(QuizAttempt, int(url.rsplit("/", 1)[1]))
    assert attempt is not None
    return submit_answers(client, url, right_form(survey, attempt))


def scores_of(db: Session) -> list[LtiScore]:
    """Every score row, oldest first, as stored now."""
    db.expire_all()
    return list(db.scalars(select(LtiScore).order_by(LtiScore.id)))
