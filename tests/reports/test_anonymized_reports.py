"""Deleting learners changes no report figure: item analysis reads the stored results.

The learners take the pre-test over HTTP with right, wrong and blank answers; the item
analysis is checked against what they answered, then two of them are deleted and every
aggregate report page must be byte-identical ("What each figure means" in
docs/administration.md: anonymizing keeps every count, completion rate and score average).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.models import AccessRole, QuizAttempt, User
from course_engine.quizzes.layout import AskedQuestion, asked_questions
from course_engine.reports.items import item_analysis
from tests.factories import create_user
from tests.quizzes.answers import right_answer
from tests.support.forms import csrf_token, submit_answers

LoginAs = Callable[[FlaskClient, User], None]
TOKEN = re.compile(r'value="[^"]{40,}"')


def wrong_answer(asked: AskedQuestion) -> dict[str, list[str]]:
    """Form fields that answer one question wrongly (the first wrong choice, the other truth)."""
    question: Any = asked.question
    kind = question.type
    if kind in ("single", "multiple"):
        return {asked.field: [next(str(row) for row, c in asked.parts if not c.correct)]}
    if kind == "true_false":
        return {asked.field: ["false" if question.answer else "true"]}
    if kind == "numeric":
        return {asked.field: ["987654"]}
    return {asked.field: ["not the answer"]}


def take_quiz(
    client: FlaskClient, db: Session, course: Course, quiz: Quiz, pattern: int
) -> dict[str, str]:
    """Open and submit ``quiz`` over HTTP; question n is right, wrong or blank by n+pattern."""
    url = f"/courses/{course.slug}/quizzes/{quiz.id}"
    response = client.post(url + "/start", data={"csrf_token": csrf_token(client, url)})
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    attempt = db.get(QuizAttempt, attempt_id)
    assert attempt is not None
    form: dict[str, list[str]] = {}
    given: dict[str, str] = {}
    for number, asked in enumerate(asked_questions(quiz, attempt.layout)):
        kind = ("right", "wrong", "blank")[(number + pattern) % 3]
        given[asked.question.id] = kind
        if kind == "right":
            form.update(right_answer(asked))
        elif kind == "wrong":
            form.update(wrong_answer(asked))
    submit_answers(client, f"/courses/{course.slug}/attempts/{attempt_id}", form)
    return given


def report_pages(client: FlaskClient, course: Course) -> dict[str, str]:
    """Every aggregate report of the course, as the administrator sees it (tokens removed)."""
    base = f"/admin/reports/courses/{course.slug}"
    urls = [f"{base}/dashboard", f"{base}/knowledge", f"{base}/evaluation"] + [
        f"{base}/quizzes/{quiz_id}/items"
        for quiz_id in course.quizzes
        if quiz_id != course.evaluation
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = TOKEN.sub("", response.get_data(as_text=True))
    return pages


def test_deleting_learners_changes_no_report_and_item_analysis_counts_what_was_answered(
    app: Flask, client: FlaskClient, db: Session, course: Course, login_as: LoginAs
) -> None:
    pretest = course.quiz(course.pretest or "")
    assert pretest is not None
    learners, given = [], []
    for pattern in range(6):
        user = create_user(db)
        learner_client = app.test_client()
        login_as(learner_client, user)
        token = csrf_token(learner_client, f"/courses/{course.slug}/")
        learner_client.post(f"/courses/{course.slug}/enrol", data={"csrf_token": token})
        given.append(take_quiz(learner_client, db, course, pretest, pattern))
        learners.append(user)
    admin = create_user(db, email="boss@example.org", access_role=AccessRole.ADMIN)
    login_as(client, admin)

    stats, attempts = item_analysis(db, course.slug, pretest, None)
    assert attempts == 6
    for item in stats:
        kinds = [answers[item.question_id] for answers in given]
        assert item.asked == 6
        assert item.answered == kinds.count("right") + kinds.count("wrong")
        assert item.correct == kinds.count("right")
        assert sum(item.wrong.values()) == kinds.count("wrong")

    before = report_pages(client, course)
    for user in learners[:2]:
        url = f"/admin/learners/{user.id}/delete"
        response = client.post(url, data={"csrf_token": csrf_token(client, url)})
        assert response.status_code == 302
        assert "was deleted" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.expire_all()
    cleared = db.scalars(select(QuizAttempt.answers)).all()
    assert cleared.count(None) == 2  # the two deleted learners' answers are gone
    assert report_pages(client, course) == before
