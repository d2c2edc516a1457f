"""The review step: answers saved as a draft, problems listed, grading only on a confirmed
submit with the review page's one-time token (WCAG 2.1 SC 3.3.4, error prevention)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.models import AttemptStatus, QuizAttempt, User
from course_engine.quizzes.graders import NOT_A_NUMBER
from course_engine.quizzes.layout import asked_questions
from tests.quizzes.answers import right_form
from tests.security.progress import quiz_of, ready_for
from tests.support.forms import REVIEW_TOKEN_PATTERN, csrf_token, review_answers, submit_answers


def start(client: FlaskClient, course: Course, quiz: Quiz) -> str:
    """Press Start on the quiz's intro page; the attempt page's path."""
    intro = f"/courses/{course.slug}/quizzes/{quiz.id}"
    response = client.post(intro + "/start", data={"csrf_token": csrf_token(client, intro)})
    assert response.status_code == 302
    return response.headers["Location"]


def attempt_at(db: Session, url: str) -> QuizAttempt:
    """The attempt behind an attempt page's path, as stored now."""
    db.expire_all()
    attempt = db.get(QuizAttempt, int(url.rsplit("/", 1)[1]))
    assert attempt is not None
    return attempt


def stored(attempt: QuizAttempt) -> tuple[object, ...]:
    """Every column of an attempt that submitting could change."""
    return (
        attempt.status, attempt.answers, attempt.results, attempt.score, attempt.passed,
        attempt.draft, attempt.review_token, attempt.submitted_at,
    )  # fmt: skip


def numeric_quiz(course: Course) -> Quiz:
    """The first quiz of the course with a numeric question (in the order learners meet them)."""
    order = [course.pretest, *(m.quiz for m in course.visible_modules()), course.posttest]
    for quiz_id in order:
        quiz = course.quiz(quiz_id or "")
        if quiz and any(q.type == "numeric" for q in quiz.questions):
            return quiz
    raise AssertionError("the bundled course needs a numeric question for these tests")


def test_the_attempt_form_saves_for_review_and_enter_cannot_submit_it(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    quiz = numeric_quiz(course)
    ready_for(db, learner, course, quiz.id)
    url = start(client, course, quiz)
    page = client.get(url).get_data(as_text=True)
    opening = re.search(r'<form[^>]*class="quiz-form"[^>]*>', page)
    assert opening and f'action="{url}/review"' in opening.group(0)
    form = page[opening.start() :]
    first_button = re.search(r"<button[^>]*>", form)
    assert first_button and "disabled" in first_button.group(0)  # Enter has no default button
    assert ">Review your answers</button>" in form
    assert 'inputmode="decimal"' in page


def test_the_review_lists_unanswered_questions_and_grades_nothing(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.pretest or "")
    quiz = quiz_of(course, course.pretest)
    url = start(client, course, quiz)
    attempt = attempt_at(db, url)
    asked = asked_questions(quiz, attempt.layout)
    form = right_form(quiz, attempt)
    blank = asked[-1]
    form = {k: v for k, v in form.items() if not k.startswith(blank.field)}
    review_answers(client, url, form)
    attempt = attempt_at(db, url)
    assert attempt.status == AttemptStatus.OPEN and attempt.results is None
    assert attempt.draft and attempt.review_token
    review = client.get(url + "/review").get_data(as_text=True)
    assert "<title>Review your answers: " in review
    assert f"answered <strong>{len(asked) - 1} of {len(asked)}</strong>" in review
    assert f'#question-{blank.number}">Question {blank.number}</a>' in review
    assert ">Submit for grading</button>" in review


def test_the_draft_fills_the_form_in_again_on_resume(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.pretest or "")
    quiz = quiz_of(course, course.pretest)
    url = start(client, course, quiz)
    form = right_form(quiz, attempt_at(db, url))
    review_answers(client, url, form)
    assert start(client, course, quiz) == url  # Resume
    page = client.get(url).get_data(as_text=True)
    for name, values in form.items():
        for value in values:
            checked = f'name="{name}" value="{value}" checked' in page
            typed = f'name="{name}"' in page and f'value="{value}"' in page
            selected = f'value="{value}" selected' in page
            assert checked or typed or selected, (name, value)


def test_a_number_field_holding_words_is_refused_before_grading(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    quiz = numeric_quiz(course)
    ready_for(db, learner, course, quiz.id)
    url = start(client, course, quiz)
    attempt = attempt_at(db, url)
    numeric = next(a for a in asked_questions(quiz, attempt.layout) if a.type == "numeric")
    token = csrf_token(client, url)
    saved = client.post(url + "/review", data={numeric.field: ["four"], "csrf_token": token})
    assert saved.headers["Location"].endswith(url + "/review")
    review_token = attempt_at(db, url).review_token or ""
    assert review_token  # a token is issued, but the page offers no Submit for grading:
    review = client.get(url + "/review").get_data(as_text=True)
    assert NOT_A_NUMBER in review and "Submit for grading" not in review
    assert f'href="{url}#{numeric.field}"' in review
    page = client.get(url).get_data(as_text=True)
    field = re.search(rf'<input[^>]*id="{re.escape(numeric.field)}"[^>]*>', page)
    assert field and 'aria-invalid="true"' in field.group(0) and 'value="four"' in field.group(0)
    assert f'id="{numeric.field}.error"' in page and NOT_A_NUMBER in page
    assert f"{numeric.field}.error" in field.group(0)  # aria-describedby names the error
    before = stored(attempt_at(db, url))
    token = csrf_token(client, url + "/review")
    response = client.post(url, data={"csrf_token": token, "review_token": review_token})
    assert response.status_code == 303
    assert stored(attempt_at(db, url)) == before  # refused, nothing written


def test_grading_without_the_review_step_is_refused(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.pretest or "")
    quiz = quiz_of(course, course.pretest)
    url = start(client, course, quiz)
    before = stored(attempt_at(db, url))
    token = csrf_token(client, url)
    form = right_form(quiz, attempt_at(db, url))
    for forged in ({}, {"review_token": ""}, {"review_token": "guessed-token"}):
        response = client.post(url, data={**form, **forged, "csrf_token": token})
        assert response.status_code == 303 and response.headers["Location"].endswith(url)
    assert stored(attempt_at(db, url)) == before
    assert client.get(url + "/review").headers["Location"].endswith(url)  # no draft yet


def test_a_review_token_from_an_older_review_is_refused(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.pretest or "")
    quiz = quiz_of(course, course.pretest)
    url = start(client, course, quiz)
    old = review_answers(client, url, {})
    new = review_answers(client, url, right_form(quiz, attempt_at(db, url)))
    assert old != new
    before = stored(attempt_at(db, url))
    token = csrf_token(client, url + "/review")
    assert client.post(url, data={"csrf_token": token, "review_token": old}).status_code == 303
    assert stored(attempt_at(db, url)) == before
    client.post(url, data={"csrf_token": token, "review_token": new})
    assert attempt_at(db, url).status == AttemptStatus.SUBMITTED


def test_a_second_submit_of_the_same_review_grades_nothing_again(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.pretest or "")
    quiz = quiz_of(course, course.pretest)
    url = start(client, course, quiz)
    review_token = review_answers(client, url, right_form(quiz, attempt_at(db, url)))
    token = csrf_token(client, url + "/review")
    first = client.post(url, data={"csrf_token": token, "review_token": review_token})
    assert first.headers["Location"].endswith(url + "/result")
    graded = stored(attempt_at(db, url))
    assert graded[0] == AttemptStatus.SUBMITTED and graded[5] is None and graded[6] is None
    again = client.post(url, data={"csrf_token": token, "review_token": review_token})
    assert again.headers["Location"] == first.headers["Location"]
    resave = client.post(url + "/review", data={"csrf_token": token, "q-x": ["1"]})
    assert resave.headers["Location"].endswith(url + "/result")
    assert stored(attempt_at(db, url)) == graded
    assert client.get(url + "/review").headers["Location"].endswith(url + "/result")


def test_the_result_url_of_an_unfinished_attempt_shows_nothing(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.posttest or "")
    quiz = quiz_of(course, course.posttest)
    url = start(client, course, quiz)
    review_answers(client, url, right_form(quiz, attempt_at(db, url)))
    response = client.get(url + "/result")
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert "Correct answer" not in response.get_data(as_text=True)


def test_a_survey_goes_through_the_review_and_is_sent_without_the_learner(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.evaluation or "")
    survey = quiz_of(course, course.evaluation)
    url = start(client, course, survey)
    assert "<title>Answer: " in client.get(url).get_data(as_text=True)
    review_answers(client, url, right_form(survey, attempt_at(db, url)))
    assert "Send the evaluation" in client.get(url + "/review").get_data(as_text=True)
    submit_answers(client, url, right_form(survey, attempt_at(db, url)))
    attempt = attempt_at(db, url)
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.answers is None and attempt.draft is None  # nothing tied to the learner


def test_review_token_is_only_on_the_review_page(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.pretest or "")
    url = start(client, course, quiz_of(course, course.pretest))
    review_answers(client, url, {})
    assert not REVIEW_TOKEN_PATTERN.search(client.get(url).get_data(as_text=True))
