"""Completion integrity: pages, modules, quizzes and certificates only in the course's order.

Every request is a real form POST with a valid CSRF token; the database is compared before and
after, so a forged request that "only" redirects but still wrote something fails.
"""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import Certificate, Enrolment, User
from course_engine.progress.enrolment import enrol
from course_engine.quizzes.attempts import start_or_resume
from tests.security.progress import quiz_of, read_module, ready_for, snapshot, take
from tests.support.forms import csrf_token, review_answers

LoginAs = Callable[[FlaskClient, User], None]


def page_url(course: Course, module_id: str, number: int) -> str:
    """A module page."""
    return f"/courses/{course.slug}/modules/{module_id}/{number}"


def quiz_url(course: Course, quiz_id: str | None) -> str:
    """A quiz's intro page."""
    return f"/courses/{course.slug}/quizzes/{quiz_id}"


def test_a_learner_not_enrolled_can_record_and_start_nothing(
    client: FlaskClient, db: Session, course: Course, learner: User, token: Callable[[], str]
) -> None:
    before = snapshot(db)
    module = course.visible_modules()[0]
    posts = [
        page_url(course, module.id, 1) + "/next",
        page_url(course, module.id, len(module.pages)) + "/next",
        quiz_url(course, course.pretest) + "/start",
        quiz_url(course, module.quiz) + "/start",
        quiz_url(course, course.posttest) + "/start",
        f"/courses/{course.slug}/pretest/skip",
    ]
    statuses = [client.post(url, data={"csrf_token": token()}).status_code for url in posts]
    assert all(status in (302, 400, 403) for status in statuses), statuses
    assert client.get(page_url(course, module.id, 1)).status_code == 302
    assert snapshot(db) == before
    assert db.scalar(select(Enrolment).where(Enrolment.user_id == learner.id)) is None


def test_locked_modules_record_no_pages_and_their_checks_do_not_start(
    client: FlaskClient, db: Session, course: Course, learner: User, token: Callable[[], str]
) -> None:
    enrolment = enrol(db, learner, course)
    db.flush()
    first, second = course.visible_modules()[:2]
    # Before the pre-test even module 1 is locked.
    client.post(page_url(course, first.id, 1) + "/next", data={"csrf_token": token()})
    assert snapshot(db).visits == ()
    take(db, enrolment, course, quiz_of(course, course.pretest), right=False)
    before = snapshot(db)

    for number in (1, len(second.pages)):
        response = client.post(
            page_url(course, second.id, number) + "/next", data={"csrf_token": token()}
        )
        assert response.status_code == 302
    assert client.get(page_url(course, second.id, 1)).status_code == 403
    client.post(quiz_url(course, second.quiz) + "/start", data={"csrf_token": token()})
    assert snapshot(db) == before


def test_pages_cannot_be_skipped_and_a_check_needs_every_page(
    client: FlaskClient, db: Session, course: Course, learner: User, token: Callable[[], str]
) -> None:
    enrolment = enrol(db, learner, course)
    take(db, enrolment, course, quiz_of(course, course.pretest), right=False)
    module = course.visible_modules()[0]
    assert len(module.pages) >= 3
    before = snapshot(db)

    for number in range(2, len(module.pages) + 1):  # page 1 never reached
        client.post(page_url(course, module.id, number) + "/next", data={"csrf_token": token()})
    client.post(page_url(course, module.id, 99) + "/next", data={"csrf_token": token()})
    client.post(quiz_url(course, module.quiz) + "/start", data={"csrf_token": token()})
    assert snapshot(db) == before

    client.post(page_url(course, module.id, 1) + "/next", data={"csrf_token": token()})
    after = snapshot(db)
    assert {(v[1], v[2]) for v in after.visits} == {(module.id, 1), (module.id, 2)}
    client.post(quiz_url(course, module.quiz) + "/start", data={"csrf_token": token()})
    assert snapshot(db).attempts == after.attempts  # pages 3.. still unread
    assert after.completions == ()


def test_a_required_pretest_cannot_be_skipped(
    client: FlaskClient, db: Session, course: Course, learner: User, token: Callable[[], str]
) -> None:
    assert course.completion.pretest_required
    enrol(db, learner, course)
    db.flush()
    before = snapshot(db)
    response = client.post(f"/courses/{course.slug}/pretest/skip", data={"csrf_token": token()})
    assert response.status_code == 403
    assert snapshot(db) == before


def test_the_posttest_and_evaluation_wait_for_what_comes_before_them(
    client: FlaskClient, db: Session, course: Course, learner: User, token: Callable[[], str]
) -> None:
    enrolment = enrol(db, learner, course)
    take(db, enrolment, course, quiz_of(course, course.pretest), right=False)
    read_module(db, enrolment, course, course.visible_modules()[0])  # check not passed
    before = snapshot(db)
    for quiz_id in (course.posttest, course.evaluation):
        response = client.post(quiz_url(course, quiz_id) + "/start", data={"csrf_token": token()})
        assert response.status_code == 302
        assert response.headers["Location"].endswith(quiz_url(course, quiz_id))
    assert snapshot(db) == before


def test_a_certificate_comes_only_with_the_last_step_done_through_the_forms(
    client: FlaskClient, db: Session, course: Course, learner: User, token: Callable[[], str]
) -> None:
    enrolment = ready_for(db, learner, course, course.evaluation or "")
    assert db.scalar(select(Certificate)) is None and enrolment.completed_at is None
    evaluation = quiz_url(course, course.evaluation)
    start = client.post(evaluation + "/start", data={"csrf_token": csrf_token(client, evaluation)})
    attempt_url = start.headers["Location"]
    assert "/attempts/" in attempt_url
    assert db.scalar(select(Certificate)) is None  # starting is not finishing
    review_token = review_answers(client, attempt_url, {})
    assert db.scalar(select(Certificate)) is None  # the review step is not finishing either
    token_now = csrf_token(client, attempt_url + "/review")
    client.post(attempt_url, data={"csrf_token": token_now, "review_token": review_token})
    db.refresh(enrolment)
    assert enrolment.completed_at is not None
    assert db.scalar(select(Certificate.user_id)) == learner.id  # the positive control


def test_another_courses_slug_or_another_learners_attempt_is_not_found(
    client: FlaskClient, db: Session, course: Course, learner: User,
    other_learner: tuple[User, FlaskClient], token: Callable[[], str],
) -> None:  # fmt: skip
    victim, _victim_client = other_learner
    victim_enrolment = ready_for(db, victim, course, course.pretest or "")
    quiz = quiz_of(course, course.pretest)
    victim_attempt = start_or_resume(db, victim_enrolment, quiz)
    enrol(db, learner, course)
    db.flush()
    before = snapshot(db)
    url = f"/courses/{course.slug}/attempts/{victim_attempt.id}"
    assert client.get(url).status_code == 404
    assert client.get(url + "/result").status_code == 404
    assert client.post(url, data={"csrf_token": token()}).status_code == 404
    assert client.post(url + "/review", data={"csrf_token": token()}).status_code == 404
    assert client.get(url + "/review").status_code == 404
    wrong_slug = f"/courses/no-such-course/attempts/{victim_attempt.id}"
    assert client.post(wrong_slug, data={"csrf_token": token()}).status_code == 404
    assert snapshot(db) == before
