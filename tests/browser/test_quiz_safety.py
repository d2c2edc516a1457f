"""Safe submission in Chromium: Enter in a number field submits nothing, the review step lists
what is unanswered or invalid, and a failed post-test shows none of its answer key. Every page
passes axe-core, best practices included."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.database import engine_of
from course_engine.models import AttemptStatus, QuizAttempt
from course_engine.quizzes.graders import NOT_A_NUMBER
from tests.browser.answers import plain
from tests.browser.conftest import AXE_TAGS, LiveServer, log_in
from tests.factories import create_user
from tests.security.progress import ready_for

pytestmark = pytest.mark.browser


def strict_axe(tab: Any) -> None:
    """axe-core with WCAG 2.x A/AA and best practices; fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    if results.violations_count:
        pytest.fail(f"axe violations on {tab.url}:\n{results.generate_report()}", pytrace=False)


def learner_ready_for(server: LiveServer, course: Course, quiz_id: str) -> str:
    """A learner in the live database who may start ``quiz_id`` now; their email."""
    with Session(engine_of(server.app)) as session:
        user = create_user(session)
        ready_for(session, user, course, quiz_id)
        session.commit()
        return user.email


def live_course(server: LiveServer) -> Course:
    """The course as the live server compiled it."""
    course = server.app.extensions["content"].catalog.course("heart-collaboration")
    assert course is not None
    return course


def stored_attempt(server: LiveServer, tab: Any) -> QuizAttempt:
    """The attempt whose page (or review page) the tab shows, as stored now."""
    found = re.search(r"/attempts/(\d+)", tab.url)
    assert found, tab.url
    with Session(engine_of(server.app)) as session:
        attempt = session.get(QuizAttempt, int(found.group(1)))
        assert attempt is not None
        session.expunge(attempt)
        return attempt


def first_quiz_with_numbers(course: Course) -> Quiz:
    """The pre-test or first knowledge check that always asks a numeric question."""
    for quiz_id in [course.pretest, *(m.quiz for m in course.visible_modules())]:
        quiz = course.quiz(quiz_id or "")
        if quiz and quiz.draw is None and any(q.type == "numeric" for q in quiz.questions):
            return quiz
    raise AssertionError("the bundled course needs a numeric question for this test")


def start(tab: Any, server: LiveServer, course: Course, quiz: Quiz) -> None:
    """Open the quiz's intro page and press Start."""
    tab.goto(server(f"/courses/{course.slug}/quizzes/{quiz.id}"))
    strict_axe(tab)
    tab.get_by_role("button", name="Start", exact=True).click()
    tab.wait_for_load_state()


def test_enter_in_a_number_field_submits_nothing_and_the_review_lists_problems(
    live_server: LiveServer, page: Any
) -> None:
    course = live_course(live_server)
    quiz = first_quiz_with_numbers(course)
    log_in(page, live_server, learner_ready_for(live_server, course, quiz.id))
    start(page, live_server, course, quiz)
    strict_axe(page)
    attempt_url = page.url
    posts: list[str] = []
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    number = page.locator('input[inputmode="decimal"]').first
    number.fill("four")
    number.press("Enter")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    assert posts == [] and page.url == attempt_url  # Enter submitted nothing
    assert "Answered 1 of" in page.locator(".quiz-progress").inner_text()
    page.get_by_role("button", name="Review your answers").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Review your answers"
    strict_axe(page)
    problems = page.locator(".error-summary").inner_text()
    assert NOT_A_NUMBER in problems
    unanswered = page.get_by_role("region", name="Not answered").inner_text()
    assert "Question 1" in unanswered or "Question 2" in unanswered
    assert page.get_by_role("button", name="Submit for grading").count() == 0
    attempt = stored_attempt(live_server, page)
    assert attempt.status == AttemptStatus.OPEN and attempt.results is None
    assert "four" in str(attempt.draft)  # saved as a draft, graded never
    page.get_by_role("link", name=re.compile("Enter a number")).click()
    page.wait_for_load_state()
    strict_axe(page)
    field = page.locator('input[aria-invalid="true"]')
    assert field.input_value() == "four"
    described = field.get_attribute("aria-describedby") or ""
    assert NOT_A_NUMBER in page.locator(f"[id='{described.split()[-1]}']").inner_text()
    field.fill("4")
    page.get_by_role("button", name="Review your answers").click()
    page.wait_for_load_state()
    strict_axe(page)
    page.get_by_role("button", name="Submit for grading").click()
    page.wait_for_load_state()
    strict_axe(page)
    assert stored_attempt(live_server, page).status == AttemptStatus.SUBMITTED


def test_a_failed_post_test_shows_none_of_its_correct_answers(
    live_server: LiveServer, page: Any
) -> None:
    course = live_course(live_server)
    quiz = course.quiz(course.posttest or "")
    assert quiz is not None and quiz.max_attempts != 1
    log_in(page, live_server, learner_ready_for(live_server, course, quiz.id))
    start(page, live_server, course, quiz)
    page.get_by_role("button", name="Review your answers").click()
    page.wait_for_load_state()
    strict_axe(page)
    assert "Question 1" in page.get_by_role("region", name="Not answered").inner_text()
    page.get_by_role("button", name="Submit for grading").click()
    page.wait_for_load_state()
    strict_axe(page)
    assert "Not passed." in page.locator(".result-summary").inner_text()
    shown = page.locator("main").inner_text()
    review = page.locator("section", has=page.locator("#review-heading")).inner_text()
    leaks = []
    for question in quiz.questions:
        for choice in getattr(question, "choices", ()):
            if choice.correct and plain(choice.html) in review:
                leaks.append((question.id, plain(choice.html)))
        for answer in getattr(question, "answers", ()):
            if re.search(rf"(?<!\w){re.escape(answer)}(?!\w)", review, re.I):
                leaks.append((question.id, answer))
        for pair in getattr(question, "pairs", ()):
            if pair.right in review:
                leaks.append((question.id, pair.right))
        if question.type == "numeric" and f"{question.answer:g}" in review:
            leaks.append((question.id, f"{question.answer:g}"))
        explanation = plain(question.explanation_html or "")
        if explanation and explanation in shown:
            leaks.append((question.id, explanation))
    assert leaks == []
    assert "Correct answer" not in shown
