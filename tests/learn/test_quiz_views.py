"""Taking quizzes over HTTP with CSRF on: start, answer, submit once, results, access rules."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.content import Course, Module, Quiz
from course_engine.models import (
    AttemptStatus,
    Enrolment,
    ModuleCompletion,
    QuizAttempt,
    SurveyResponse,
    User,
)
from course_engine.models.types import utcnow
from course_engine.progress.enrolment import enrol
from course_engine.progress.pages import record_page
from course_engine.quizzes.attempts import start_or_resume
from tests.factories import create_user
from tests.quizzes.answers import right_form
from tests.support.forms import csrf_token, review_answers, submit_answers

LoginAs = Callable[[FlaskClient, User], None]
ATTEMPT_URL = re.compile(r"/courses/[^/]+/attempts/(\d+)$")


@pytest.fixture
def enrolment(db: Session, course: Course, client: FlaskClient, login_as: LoginAs) -> Enrolment:
    """A logged-in learner enrolled in the bundled course, the pre-test not yet taken."""
    user = create_user(db)
    login_as(client, user)
    enrolment = enrol(db, user, course)
    db.flush()
    return enrolment


def first_module(course: Course) -> Module:
    """The course's first module."""
    return course.visible_modules()[0]


def quiz_of(course: Course, quiz_id: str | None) -> Quiz:
    """One of the course's quizzes."""
    quiz = course.quiz(quiz_id or "")
    assert quiz is not None
    return quiz


def open_first_check(db: Session, course: Course, enrolment: Enrolment) -> Quiz:
    """Skip the pre-test and read module 1 to its end: its knowledge check is open."""
    enrolment.pretest_skipped_at = utcnow()
    module = first_module(course)
    for number in range(1, len(module.pages) + 1):
        record_page(db, enrolment, course, module, number)
    return quiz_of(course, module.quiz)


def intro_url(course: Course, quiz: Quiz) -> str:
    """The quiz's intro page."""
    return f"/courses/{course.slug}/quizzes/{quiz.id}"


def start(client: FlaskClient, course: Course, quiz: Quiz) -> int:
    """Press Start on the quiz's intro page; the id of the attempt it opened."""
    url = intro_url(course, quiz)
    response = client.post(url + "/start", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302, response.get_data(as_text=True)
    found = ATTEMPT_URL.search(response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def post_answers(
    client: FlaskClient, course: Course, attempt_id: int, form: dict[str, list[str]]
) -> str:
    """Answer the attempt, review and submit it for grading; the redirect target."""
    return submit_answers(client, f"/courses/{course.slug}/attempts/{attempt_id}", form)


def test_learner_takes_a_knowledge_check_end_to_end(
    client: FlaskClient, db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = open_first_check(db, course, enrolment)
    page = client.get(intro_url(course, quiz)).get_data(as_text=True)
    assert quiz.title in page and ">Start<" in page
    attempt_id = start(client, course, quiz)
    html = client.get(f"/courses/{course.slug}/attempts/{attempt_id}").get_data(as_text=True)
    assert html.count('<fieldset class="question') == len(quiz.questions)
    attempt = db.get(QuizAttempt, attempt_id)
    assert attempt is not None
    location = post_answers(client, course, attempt_id, right_form(quiz, attempt))
    assert location.endswith(f"/attempts/{attempt_id}/result")
    result = client.get(location).get_data(as_text=True)
    assert 'role="status"' in result and "100%" in result and "Passed." in result
    assert "Correct" in result and "Continue" in result
    db.refresh(attempt)
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.passed is True
    completed = db.scalar(
        select(ModuleCompletion.module_id).where(ModuleCompletion.enrolment_id == enrolment.id)
    )
    assert completed == first_module(course).id  # completion refreshed with the submit


def test_a_failed_check_offers_a_retry_and_shows_feedback(
    client: FlaskClient, db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = open_first_check(db, course, enrolment)
    attempt_id = start(client, course, quiz)
    result = client.get(post_answers(client, course, attempt_id, {})).get_data(as_text=True)
    assert "Not passed." in result and "Try again" in result and "Incorrect" in result
    explanation = quiz.questions[0].explanation_html
    assert explanation and explanation not in result  # the key waits for a pass
    assert "Correct answer" not in result
    assert start(client, course, quiz) != attempt_id  # Try again opens attempt 2


def test_a_second_submit_returns_the_first_result(
    client: FlaskClient, db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = open_first_check(db, course, enrolment)
    attempt_id = start(client, course, quiz)
    url = f"/courses/{course.slug}/attempts/{attempt_id}"
    review_token = review_answers(client, url, {})
    token = csrf_token(client, url + "/review")
    submit = {"csrf_token": token, "review_token": review_token}
    first = client.post(url, data=submit).headers["Location"]
    attempt = db.get(QuizAttempt, attempt_id)
    assert attempt is not None
    second = client.post(url, data={**submit, **right_form(quiz, attempt)})
    assert second.headers["Location"] == first
    db.refresh(attempt)
    assert attempt.score == 0 and attempt.passed is False
    # and the open-attempt page of a submitted attempt shows the result
    response = client.get(f"/courses/{course.slug}/attempts/{attempt_id}")
    assert response.status_code == 302 and response.headers["Location"] == first


def test_a_reload_shows_the_same_questions_in_the_same_order(
    client: FlaskClient, db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = open_first_check(db, course, enrolment)
    attempt_id = start(client, course, quiz)
    url = f"/courses/{course.slug}/attempts/{attempt_id}"
    first = re.sub(r'value="[^"]{20,}"', "", client.get(url).get_data(as_text=True))
    assert start(client, course, quiz) == attempt_id  # Resume, not a new attempt
    again = re.sub(r'value="[^"]{20,}"', "", client.get(url).get_data(as_text=True))
    assert again == first


def test_another_learners_attempt_is_not_found(
    app: Flask, client: FlaskClient, db: Session, course: Course, enrolment: Enrolment,
    login_as: LoginAs,
) -> None:  # fmt: skip
    quiz = open_first_check(db, course, enrolment)
    attempt = start_or_resume(db, enrolment, quiz)
    other = app.test_client()
    intruder = create_user(db)
    enrol(db, intruder, course)
    login_as(other, intruder)
    base = f"/courses/{course.slug}/attempts/{attempt.id}"
    assert other.get(base).status_code == 404
    assert other.get(base + "/result").status_code == 404
    token = csrf_token(other, intro_url(course, quiz))
    answers = {"csrf_token": token, **right_form(quiz, attempt)}
    assert other.post(base, data=answers).status_code == 404
    assert other.post(base + "/review", data=answers).status_code == 404
    assert other.get(base + "/review").status_code == 404
    db.refresh(attempt)
    assert attempt.status == AttemptStatus.OPEN


def test_anonymous_visitors_are_sent_to_log_in(
    client: FlaskClient, db: Session, course: Course
) -> None:
    quiz = quiz_of(course, course.pretest)
    for url in (intro_url(course, quiz), f"/courses/{course.slug}/attempts/1",
                f"/courses/{course.slug}/attempts/1/result"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    token = csrf_token(client, "/login")
    response = client.post(intro_url(course, quiz) + "/start", data={"csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_learner_not_enrolled_is_sent_to_the_course_page(
    client: FlaskClient, db: Session, course: Course, login_as: LoginAs
) -> None:
    login_as(client, create_user(db))
    response = client.get(intro_url(course, quiz_of(course, course.pretest)))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/courses/{course.slug}/")


def test_a_quiz_the_course_does_not_use_is_not_found(
    client: FlaskClient, course: Course, enrolment: Enrolment
) -> None:
    assert client.get(f"/courses/{course.slug}/quizzes/no-such-quiz").status_code == 404
    assert client.get(f"/courses/no-such-course/quizzes/{course.pretest}").status_code == 404


def test_a_locked_quiz_cannot_be_started(
    client: FlaskClient, db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course, first_module(course).quiz)
    url = intro_url(course, quiz)
    page = client.get(url).get_data(as_text=True)
    assert "Take the pre-test first." in page and ">Start<" not in page
    response = client.post(url + "/start", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    count = db.scalar(select(func.count()).where(QuizAttempt.enrolment_id == enrolment.id))
    assert count == 0


def test_submitting_without_the_csrf_token_is_refused(
    client: FlaskClient, db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = open_first_check(db, course, enrolment)
    attempt = start_or_resume(db, enrolment, quiz)
    response = client.post(f"/courses/{course.slug}/attempts/{attempt.id}", data={})
    assert response.status_code == 400
    db.refresh(attempt)
    assert attempt.status == AttemptStatus.OPEN


def test_the_pretest_is_taken_once_and_opens_module_one(
    client: FlaskClient, db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course, course.pretest)
    attempt_id = start(client, course, quiz)
    result = client.get(post_answers(client, course, attempt_id, {})).get_data(as_text=True)
    assert "not graded for passing" in result and "Not passed" not in result
    module = first_module(course)
    assert f"/modules/{module.id}/1" in result  # Continue leads to module 1
    page = client.get(intro_url(course, quiz)).get_data(as_text=True)
    assert "already taken the pre-test" in page and ">Start<" not in page


def test_the_evaluation_is_stored_without_the_learner(
    client: FlaskClient, db: Session, course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course, course.evaluation)
    attempt = start_or_resume(db, enrolment, quiz)  # its gate is tested in progress
    post_answers(client, course, attempt.id, right_form(quiz, attempt))
    db.refresh(attempt)
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.answers is None
    response = db.scalars(select(SurveyResponse).where(SurveyResponse.quiz_id == quiz.id)).one()
    assert response.answers[quiz.questions[0].id] == 3
    result = client.get(f"/courses/{course.slug}/attempts/{attempt.id}/result")
    assert "stored without your name" in result.get_data(as_text=True)


NEUTRAL_VALUE = re.compile(r"^(|\d+|true|false)$")


def test_no_attempt_page_gives_away_answers_or_feedback(
    client: FlaskClient, db: Session, course: Course, enrolment: Enrolment
) -> None:
    assert course.quizzes
    for quiz in course.quizzes.values():
        attempt = start_or_resume(db, enrolment, quiz)  # gates are tested above
        html = client.get(f"/courses/{course.slug}/attempts/{attempt.id}").get_data(as_text=True)
        for question in quiz.questions:
            assert not question.explanation_html or question.explanation_html not in html
            for choice in getattr(question, "choices", ()):
                assert not choice.feedback_html or choice.feedback_html not in html
        tags = re.findall(r"<[^>]+>", html)
        assert not [tag for tag in tags if "correct" in tag.lower()], quiz.id
        fields = re.sub(r'<form class="language-switch".*?</form>', "", html, flags=re.S)
        fields = re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "", fields)
        values = set(re.findall(r'value="([^"]*)"', fields))
        assert all(NEUTRAL_VALUE.match(value) for value in values), (quiz.id, values)
        # labelled controls: every select, text input and textarea has a <label for>
        for control_id in re.findall(r'<(?:select|textarea|input)[^>]* id="(q-[^"]+)"', html):
            assert f'<label for="{control_id}">' in html, (quiz.id, control_id)
        assert html.count("<fieldset") == html.count("<legend>")  # matching rows nest one
        assert html.count('<fieldset class="question') == len(attempt.layout)
