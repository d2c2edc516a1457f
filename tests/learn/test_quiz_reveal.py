"""Answers revealed only when earned; quiz pages that read well; Continue to the pending check."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.models import QuizAttempt, User
from course_engine.quizzes.layout import asked_questions
from tests.quizzes.answers import right_form
from tests.security.html_scan import plain
from tests.security.progress import quiz_of, read_module, ready_for
from tests.support.forms import csrf_token, submit_answers


def take(client: FlaskClient, db: Session, course: Course, quiz: Quiz, right: bool) -> str:
    """Start, review and submit an attempt (every answer right, or blank); the result page."""
    intro = f"/courses/{course.slug}/quizzes/{quiz.id}"
    started = client.post(intro + "/start", data={"csrf_token": csrf_token(client, intro)})
    url = started.headers["Location"]
    db.expire_all()
    attempt = db.get(QuizAttempt, int(url.rsplit("/", 1)[1]))
    assert attempt is not None
    form = right_form(quiz, attempt) if right else {}
    return client.get(submit_answers(client, url, form)).get_data(as_text=True)


def review_section(page: str) -> str:
    """The result page's list of questions (empty when there is none)."""
    found = re.search(r'<section aria-labelledby="review-heading">.*?</section>', page, re.S)
    return found.group(0) if found else ""


def keys_shown(section: str, quiz: Quiz) -> list[str]:
    """Parts of the answer key (from the quiz file) that appear in a result page's questions."""
    shown = []
    section = re.sub(r'<div class="prompt">.*?</div>', "", section, flags=re.S)  # prompts are fine
    text = plain(section).casefold()
    for question in quiz.questions:
        explanation = plain(question.explanation_html or "").casefold()
        if explanation and explanation in text:
            shown.append(f"{question.id}: explanation")
        for choice in getattr(question, "choices", ()):
            if choice.correct and choice.html in section:
                shown.append(f"{question.id}: correct choice")
        for answer in getattr(question, "answers", ()):
            if re.search(rf"(?<!\w){re.escape(answer)}(?!\w)", text):
                shown.append(f"{question.id}: accepted answer {answer}")
        for pair in getattr(question, "pairs", ()):
            if pair.right.casefold() in text:
                shown.append(f"{question.id}: match {pair.right}")
    if re.search(r"correct (answer|position|match)(?!s)", text):
        shown.append("a correct answer, position or match")
    return shown


def test_a_failed_post_test_with_attempts_left_shows_no_answer_key(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.posttest or "")
    quiz = quiz_of(course, course.posttest)
    assert quiz.max_attempts != 1
    page = take(client, db, course, quiz, right=False)
    assert "Not passed." in page and "Try again" in page
    section = review_section(page)
    assert "Incorrect" in section  # which questions were wrong: yes
    assert keys_shown(section, quiz) == []
    assert "shown once you pass or have no attempt left" in section


def test_the_key_shows_once_no_attempt_is_left(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.posttest or "")
    quiz = quiz_of(course, course.posttest)
    assert quiz.max_attempts > 1
    for _ in range(quiz.max_attempts - 1):
        assert keys_shown(review_section(take(client, db, course, quiz, right=False)), quiz) == []
    last = take(client, db, course, quiz, right=False)
    assert "no attempts left" in last
    assert "Correct answer" in review_section(last)
    assert keys_shown(review_section(last), quiz)


def test_a_passed_post_test_says_so_shows_the_key_and_the_next_step(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.posttest or "")
    quiz = quiz_of(course, course.posttest)
    page = take(client, db, course, quiz, right=True)
    assert "You passed the post-test." in page
    assert "Continue to the course evaluation" in page
    assert f'href="/courses/{course.slug}/quizzes/{course.evaluation}"' in page
    assert "Correct answer" in review_section(page) or "Accepted answer" in review_section(page)


def test_a_failed_knowledge_check_shows_verdicts_and_own_feedback_only(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    module = course.visible_modules()[0]
    ready_for(db, learner, course, module.quiz or "")
    quiz = quiz_of(course, module.quiz)
    intro = f"/courses/{course.slug}/quizzes/{quiz.id}"
    started = client.post(intro + "/start", data={"csrf_token": csrf_token(client, intro)})
    url = started.headers["Location"]
    attempt = db.get(QuizAttempt, int(url.rsplit("/", 1)[1]))
    assert attempt is not None
    choice_question = next(a for a in asked_questions(quiz, attempt.layout) if a.type == "single")
    wrong_row, wrong = next((n, c) for n, c in choice_question.parts if not c.correct)
    page = client.get(submit_answers(client, url, {choice_question.field: [str(wrong_row)]}))
    section = review_section(page.get_data(as_text=True))
    assert wrong.html in section and "Your answer" in section
    if wrong.feedback_html:
        assert wrong.feedback_html in section  # feedback written for the learner's own choice
    own = section.replace(wrong.html, "").replace(wrong.feedback_html or "\0", "")
    assert keys_shown(own, quiz) == []  # the learner's own words may mention anything


def test_the_pretest_never_shows_its_key(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.pretest or "")
    quiz = quiz_of(course, course.pretest)
    page = take(client, db, course, quiz, right=False)
    assert keys_shown(review_section(page), quiz) == []
    assert "does not show its correct answers" in page


@pytest.mark.parametrize("kind", ["intro", "attempt", "review", "result"])
def test_intro_attempt_review_and_result_pages_have_distinct_titles(
    client: FlaskClient, db: Session, course: Course, learner: User, kind: str
) -> None:
    ready_for(db, learner, course, course.pretest or "")
    quiz = quiz_of(course, course.pretest)
    intro = f"/courses/{course.slug}/quizzes/{quiz.id}"
    titles = {"intro": client.get(intro).get_data(as_text=True)}
    started = client.post(intro + "/start", data={"csrf_token": csrf_token(client, intro)})
    url = started.headers["Location"]
    titles["attempt"] = client.get(url).get_data(as_text=True)
    result = submit_answers(client, url, {})
    titles["result"] = client.get(result).get_data(as_text=True)
    titles["review"] = "<title>Review your answers: "  # the review page: test_quiz_review
    expected = {
        "intro": f"<title>{quiz.title}", "attempt": f"<title>Attempt 1: {quiz.title}",
        "review": "<title>Review your answers: ", "result": f"<title>Result: {quiz.title}",
    }  # fmt: skip
    assert expected[kind] in titles[kind]


def test_likert_questions_name_every_point_of_their_scale(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.evaluation or "")
    survey = quiz_of(course, course.evaluation)
    intro = f"/courses/{course.slug}/quizzes/{survey.id}"
    started = client.post(intro + "/start", data={"csrf_token": csrf_token(client, intro)})
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    likerts = [q for q in survey.questions if q.type == "likert"]
    assert likerts
    for question in likerts:
        for number, label in enumerate(question.labels, start=1):
            field = f"q-{question.id}.{number}"
            assert f'<label for="{field}">{label}</label>' in page
        assert not all(label.isdigit() for label in question.labels)


def test_continue_after_a_modules_last_page_goes_to_its_knowledge_check(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    module = course.visible_modules()[0]
    enrolment = ready_for(db, learner, course, module.quiz or "")
    read_module(db, enrolment, course, module)
    db.flush()
    page = client.get(f"/courses/{course.slug}/").get_data(as_text=True)
    check = f"/courses/{course.slug}/quizzes/{module.quiz}"
    continue_link = re.search(r'<a[^>]*href="([^"]+)"[^>]*>\s*Continue', page)
    assert continue_link and continue_link.group(1) == check
