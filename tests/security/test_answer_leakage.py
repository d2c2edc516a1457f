"""No answer leakage: before submission no response shows what is right, for every bundled quiz.

For each quiz a learner who may take it starts an attempt; the intro page, the attempt page, the
static files they load and the learner's JSON data export are searched for feedback,
explanations, accepted answers, correct flags, the correct ordering and matching pairs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.content import (
    Course,
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    load_catalog,
)
from course_engine.models import QuizAttempt, User
from course_engine.quizzes.layout import asked_questions
from tests.factories import COURSE_SLUG, create_user
from tests.security.html_scan import Scan, fold, plain, scan, static_refs
from tests.security.progress import ready_for
from tests.support.databases import ROOT
from tests.support.forms import csrf_token

BUNDLED = load_catalog(ROOT).course(COURSE_SLUG)
assert BUNDLED is not None
QUIZ_IDS = sorted(BUNDLED.quizzes)
#: Attribute names that would carry answers to the browser.
TELLING_NAMES = re.compile(r"correct|feedback|explanation|answer|solution|key|points", re.I)
SHOWN_VALUE = re.compile(r"^(\d+|true|false)?$")
#: Attributes that carry the number shown (1, 2, 3 ...) and so differ between rows.
NUMBERED = {"id", "for", "value", "name"}
#: The tags every choice or row of a question repeats.
ROW_TAGS = {"div", "input", "label", "select", "textarea"}


def secrets_of(question: Question) -> list[str]:
    """Texts that only a submitted attempt may show: feedback and the explanation."""
    found = [plain(question.explanation_html or "")]
    for choice in getattr(question, "choices", ()):
        found.append(plain(choice.feedback_html or ""))
    return [text for text in found if len(text) >= 8]


def author_texts(course: Course, quiz: Quiz) -> list[str]:
    """Texts a learner is meant to read on the quiz pages (casefolded)."""
    texts = [course.title, quiz.title]
    for question in quiz.questions:
        texts.append(plain(question.prompt_html))
        if isinstance(question, SingleChoice | MultipleChoice):
            texts += [plain(choice.html) for choice in question.choices]
        elif isinstance(question, Ordering):
            texts += [plain(item.html) for item in question.items]
        elif isinstance(question, Matching):
            texts += [plain(p.left_html) for p in question.pairs]
            texts += [p.right for p in question.pairs]
        elif isinstance(question, Likert):
            texts += list(question.labels)
    return [text.casefold() for text in texts]


def words(needle: str) -> re.Pattern[str]:
    """``needle`` as a whole word or number, any letter case."""
    return re.compile(rf"(?<![\w.]){re.escape(needle)}(?![\w]|\.\d)", re.I)


def open_attempt(client: FlaskClient, db: Session, course: Course, quiz: Quiz) -> tuple[str, str]:
    """Start an attempt through the forms; (intro page, attempt page)."""
    url = f"/courses/{course.slug}/quizzes/{quiz.id}"
    intro = client.get(url).get_data(as_text=True)
    started = client.post(url + "/start", data={"csrf_token": csrf_token(client, url)})
    assert "/attempts/" in started.headers.get("Location", ""), intro
    page = client.get(started.headers["Location"])
    assert page.status_code == 200
    return intro, page.get_data(as_text=True)


def check_page(page: Scan, course: Course, quiz: Quiz) -> None:
    """No correct flag, feedback, explanation or hidden answer anywhere on one page."""
    allowed = author_texts(course, quiz)
    for tag, name, value in page.attributes:
        assert not TELLING_NAMES.search(name), (tag, name, value)
        assert "correct" not in value.casefold(), (tag, name, value)
    for comment in page.comments:
        assert "correct" not in comment.casefold(), comment
    for node in page.texts:
        if "correct" in node.text.casefold():
            assert any(node.text.casefold() in text for text in allowed), node
    text = " ".join(node.text for node in page.texts)
    for question in quiz.questions:
        for secret in secrets_of(question):
            assert secret not in text or any(secret.casefold() in t for t in allowed), secret
        if isinstance(question, ShortAnswer):
            check_typed_answers(page, question.answers, allowed)


def check_typed_answers(page: Scan, answers: Iterable[str], allowed: list[str]) -> None:
    """Accepted short answers appear only where the author's own texts show them."""
    for answer in answers:
        pattern = words(answer)
        for tag, name, value in page.attributes:
            assert not pattern.search(value), (answer, tag, name, value)
        for node in page.texts:
            if pattern.search(node.text):
                assert any(node.text.casefold() in text for text in allowed), (answer, node)


def check_fieldsets(page: Scan, quiz: Quiz, attempt: QuizAttempt) -> None:
    """Per question: shown values are numbers, typed answers absent, orders and pairs hidden."""
    asked = asked_questions(quiz, attempt.layout)
    assert len(page.fieldset_tags) == len(asked)
    for item in asked:
        fieldset = f"question-{item.number}"
        question = item.question
        check_rows_alike(page.fieldset_tags[fieldset], fieldset)
        outside_legend = page.fieldset_text(fieldset, legend=False)
        if isinstance(question, Numeric):
            pattern = words(f"{question.answer:g}")
            assert not any(pattern.search(text) for text in outside_legend), outside_legend
            assert not any(pattern.fullmatch(v) for _, a in page.fieldset_tags[fieldset]
                           for v in a.values()), fieldset  # fmt: skip
        if isinstance(question, Ordering):
            labels = [plain(i.html) for i in question.items]
            shown = [labels.index(text) for text in outside_legend if text in labels]
            assert sorted(shown) == list(range(len(labels))), (labels, outside_legend)
            assert shown != sorted(shown), f"{question.id}: items shown in the correct order"
        if isinstance(question, Matching):
            options = page.select_options(fieldset)
            assert len(options) == len(question.pairs)
            assert all(row == options[0] for row in options), "rows offer different options"
            check_pairs_apart(page, question)


def check_rows_alike(tags: list[tuple[str, dict[str, str]]], fieldset: str) -> None:
    """Choices and rows differ only in their number: no class, data or state marks one out."""
    seen: dict[str, set[tuple[tuple[str, str], ...]]] = {}
    for tag, attrs in tags:
        assert "checked" not in attrs and "selected" not in attrs, (fieldset, tag, attrs)
        if tag in ("input", "option", "textarea"):
            assert SHOWN_VALUE.match(attrs.get("value", "")), (fieldset, tag, attrs)
        fixed = tuple(sorted((k, v) for k, v in attrs.items() if k not in NUMBERED))
        seen.setdefault(tag, set()).add(fixed)
    for tag, variants in seen.items():
        if tag in ROW_TAGS:
            assert len(variants) == 1, (fieldset, tag, variants)


def check_pairs_apart(page: Scan, question: Matching) -> None:
    """No left item is followed directly by its own right text (outside a row whose options,
    the same for every row, all follow its left item)."""
    nodes = page.texts
    for pair in question.pairs:
        left = plain(pair.left_html)
        for index, node in enumerate(nodes[:-1]):
            after = nodes[index + 1]
            if node.text == left and not (after.select is not None and node.select == after.select):
                assert after.text != fold(pair.right), (left, pair.right)


def check_static(client: FlaskClient, pages: Iterable[str], quiz: Quiz) -> None:
    """The stylesheets, scripts and images the pages load carry no answer material."""
    refs = set().union(*(static_refs(page) for page in pages))
    assert any(ref.endswith(".css") for ref in refs) and any(ref.endswith(".js") for ref in refs)
    for ref in sorted(refs):
        with client.get(ref) as response:
            assert response.status_code == 200, ref
            body = response.get_data().decode("utf-8", "replace")
        folded = fold(body).casefold()
        assert "data-correct" not in folded and "is-correct" not in folded, ref
        for question in quiz.questions:
            for secret in secrets_of(question):
                assert secret.casefold() not in folded, (ref, secret)
            for answer in getattr(question, "answers", ()):
                assert len(answer) < 4 or not words(answer).search(body), (ref, answer)


def check_export(client: FlaskClient, quiz: Quiz, attempt: QuizAttempt) -> None:
    """The learner's data export shows the open attempt without answers or results."""
    response = client.get("/account/export.json")
    assert response.status_code == 200
    records = [
        record
        for enrolment in json.loads(response.get_data(as_text=True))["enrolments"]
        for record in enrolment["quiz_attempts"]
        if record["quiz"] == quiz.id and record["number"] == attempt.number
    ]
    assert len(records) == 1
    assert records[0]["results"] is None and records[0]["answers"] is None
    assert records[0]["score"] is None and records[0]["passed"] is None
    assert "correct" not in json.dumps(records[0]).casefold()


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_nothing_before_submission_gives_the_answers_away(
    quiz_id: str, client: FlaskClient, db: Session, course: Course,
    login_as: Callable[[FlaskClient, User], None],
) -> None:  # fmt: skip
    quiz = course.quiz(quiz_id)
    assert quiz is not None
    user = create_user(db)
    login_as(client, user)
    enrolment = ready_for(db, user, course, quiz_id)
    intro, attempt_page = open_attempt(client, db, course, quiz)
    db.expire_all()
    attempt = db.query(QuizAttempt).filter_by(enrolment_id=enrolment.id, quiz_id=quiz_id).one()
    for page in (intro, attempt_page):
        check_page(scan(page), course, quiz)
    check_fieldsets(scan(attempt_page), quiz, attempt)
    check_static(client, [intro, attempt_page], quiz)
    check_export(client, quiz, attempt)
