"""Completion integrity: an attempt is graded from its own layout and the content, nothing else.

Forged fields (scores, ids, answers to questions not asked, content keys instead of the numbers
shown) and replays of a submitted attempt must leave the stored result as the content decides.
"""

from __future__ import annotations

import random
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.models import AttemptStatus, QuizAttempt, User
from course_engine.quizzes.attempts import start_or_resume
from course_engine.quizzes.grading import field_name, grader_for
from course_engine.quizzes.layout import AskedQuestion
from tests.quizzes.answers import right_answer, right_form
from tests.security.progress import quiz_of, ready_for, snapshot
from tests.support.forms import REVIEW_TOKEN_PATTERN, csrf_token

ATTEMPT = re.compile(r"/attempts/(\d+)$")
FORGED_TOTALS = {
    "score": ["100"], "max_score": ["1"], "percent": ["100"], "passed": ["true", "1", "y"],
    "status": ["submitted"], "results": ['{"x": {"points": 9, "max": 1, "correct": true}}'],
    "correct": ["true"], "is_correct": ["1"], "attempt": ["1"], "quiz_id": ["pretest"],
}  # fmt: skip


def start(client: FlaskClient, course: Course, quiz: Quiz) -> int:
    """Press Start; the id of the attempt opened."""
    url = f"/courses/{course.slug}/quizzes/{quiz.id}"
    response = client.post(url + "/start", data={"csrf_token": csrf_token(client, url)})
    found = ATTEMPT.search(response.headers.get("Location", ""))
    assert found, response.headers.get("Location")
    return int(found.group(1))


def submit(client: FlaskClient, course: Course, attempt_id: int, form: dict[str, list[str]]) -> int:
    """Send a form through the review step and Submit for grading (forged fields in both posts,
    valid tokens); the status code of the last response."""
    url = f"/courses/{course.slug}/attempts/{attempt_id}"
    token = csrf_token(client, f"/courses/{course.slug}/quizzes/{course.posttest}")
    response = client.post(url + "/review", data={**form, "csrf_token": token})
    if not response.headers.get("Location", "").endswith(url + "/review"):
        return response.status_code  # refused or already submitted: nothing to confirm
    found = REVIEW_TOKEN_PATTERN.search(client.get(url + "/review").get_data(as_text=True))
    review_token = found.group(1) if found else ""
    data = {**form, "csrf_token": token, "review_token": review_token}
    return client.post(url, data=data).status_code


def attempt_of(db: Session, attempt_id: int) -> QuizAttempt:
    """The attempt as stored now."""
    db.expire_all()
    attempt = db.get(QuizAttempt, attempt_id)
    assert attempt is not None
    return attempt


def test_forged_score_and_pass_fields_are_ignored(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    enrolment = ready_for(db, learner, course, course.posttest or "")
    quiz = quiz_of(course, course.posttest)
    attempt_id = start(client, course, quiz)
    forged = {**FORGED_TOTALS, "enrolment_id": [str(enrolment.id)], "id": [str(attempt_id)]}
    assert submit(client, course, attempt_id, forged) == 302
    attempt = attempt_of(db, attempt_id)
    assert attempt.status == AttemptStatus.SUBMITTED
    assert (attempt.score, attempt.percent, attempt.passed) == (0, 0, False)
    assert not any(r["correct"] for r in (attempt.results or {}).values())
    db.refresh(enrolment)
    assert enrolment.completed_at is None
    assert snapshot(db).certificates == ()


def test_answers_to_questions_outside_the_layout_earn_nothing(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.posttest or "")
    quiz = quiz_of(course, course.posttest)
    assert quiz.draw and quiz.draw < len(quiz.questions)
    attempt_id = start(client, course, quiz)
    asked = {slot["question"] for slot in attempt_of(db, attempt_id).layout}
    form: dict[str, list[str]] = {}
    for question in quiz.questions:
        if question.id not in asked:
            slot = grader_for(question).slot(question, random.Random(1), False)
            form.update(right_answer(AskedQuestion(0, question, slot)))
    other = quiz_of(course, course.visible_modules()[0].quiz)
    form.update({field_name(q.id): ["1"] for q in other.questions})  # another quiz's ids
    assert form
    submit(client, course, attempt_id, form)
    attempt = attempt_of(db, attempt_id)
    assert set(attempt.answers or {}) == asked
    assert all(value is None for value in (attempt.answers or {}).values())
    assert attempt.score == 0 and attempt.passed is False


def test_content_keys_and_out_of_range_numbers_are_not_answers(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.posttest or "")
    quiz = quiz_of(course, course.posttest)
    attempt_id = start(client, course, quiz)
    junk = ["a", "b", "c", "d", "0", "-1", "99", "1.0", " 1x", "١", "true", "%00"]
    form: dict[str, list[str]] = {}
    posted: set[str] = set()
    for slot in attempt_of(db, attempt_id).layout:
        question = quiz.question(slot["question"])
        assert question is not None
        if question.type in ("single", "multiple", "likert"):
            form[field_name(question.id)] = junk
        elif question.type in ("matching", "ordering"):
            form.update({field_name(question.id, row): junk for row in range(1, 8)})
        else:
            continue
        posted.add(question.id)
    assert posted
    submit(client, course, attempt_id, form)
    attempt = attempt_of(db, attempt_id)
    answers, results = attempt.answers or {}, attempt.results or {}
    assert all(answers[key] is None and results[key]["points"] == 0 for key in posted)


def test_a_submitted_attempt_cannot_be_resubmitted_or_reopened(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.posttest or "")
    quiz = quiz_of(course, course.posttest)
    attempt_id = start(client, course, quiz)
    submit(client, course, attempt_id, {})
    before = snapshot(db)
    attempt = attempt_of(db, attempt_id)
    assert submit(client, course, attempt_id, right_form(quiz, attempt)) == 302
    assert submit(client, course, attempt_id, {**right_form(quiz, attempt), **FORGED_TOTALS}) == 302
    assert snapshot(db) == before
    assert client.get(f"/courses/{course.slug}/attempts/{attempt_id}").status_code == 302


def test_a_once_only_quiz_gives_no_second_attempt_or_response(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_for(db, learner, course, course.evaluation or "")
    survey = quiz_of(course, course.evaluation)
    attempt_id = start(client, course, survey)
    submit(client, course, attempt_id, {})
    before = snapshot(db)
    assert before.survey_responses == 1
    url = f"/courses/{course.slug}/quizzes/{survey.id}"
    client.post(url + "/start", data={"csrf_token": csrf_token(client, url)})
    submit(client, course, attempt_id, {})
    assert snapshot(db) == before


def test_another_learners_attempt_id_in_the_form_changes_nothing_of_theirs(
    client: FlaskClient, db: Session, course: Course, learner: User,
    other_learner: tuple[User, FlaskClient],
) -> None:  # fmt: skip
    victim, _ = other_learner
    quiz = quiz_of(course, course.posttest)
    victim_attempt = start_or_resume(db, ready_for(db, victim, course, quiz.id), quiz)
    ready_for(db, learner, course, quiz.id)
    attempt_id = start(client, course, quiz)
    victim_before = attempt_of(db, victim_attempt.id)
    frozen = (victim_before.status, victim_before.answers, victim_before.score)
    form = {"attempt_id": [str(victim_attempt.id)], "attempt": [str(victim_attempt.id)]}
    form.update(right_form(quiz, victim_before))
    submit(client, course, attempt_id, form)
    victim_after = attempt_of(db, victim_attempt.id)
    assert (victim_after.status, victim_after.answers, victim_after.score) == frozen
    assert attempt_of(db, attempt_id).status == AttemptStatus.SUBMITTED
