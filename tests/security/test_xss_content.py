"""Stored XSS through course files: payloads in every title, body, prompt, choice, feedback and
explanation of a copied course, opened in Chromium (CSP bypassed) as a learner and an admin."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.database import engine_of
from course_engine.models import AccessRole, User
from tests.browser.conftest import LiveServer, log_in
from tests.factories import create_user
from tests.security.progress import ready_for
from tests.security.xss_browser import InertTab

pytestmark = pytest.mark.browser


@contextmanager
def live_session(server: LiveServer) -> Iterator[Session]:
    """A committing session on the live server's database, inside its app context."""
    engine = engine_of(server.app)
    with server.app.app_context(), Session(engine, expire_on_commit=False) as session:
        yield session
        session.commit()


def course_of(server: LiveServer) -> Course:
    """The hostile copy of the bundled course."""
    course = server.app.extensions["content"].catalog.course("heart-collaboration")
    assert course is not None
    return course


def new_user(server: LiveServer, quiz_id: str | None = None, **fields: object) -> User:
    """A user on the live database, ready for ``quiz_id`` when given."""
    with live_session(server) as session:
        user = create_user(session, email=f"x-{uuid.uuid4().hex[:8]}@example.org", **fields)
        if quiz_id is not None:
            ready_for(session, user, course_of(server), quiz_id)
    return user


def test_course_module_and_pretest_pages_stay_inert(
    inert_tab: InertTab, hostile_server: LiveServer
) -> None:
    course = course_of(hostile_server)
    learner = new_user(hostile_server)
    for path in ["/", f"/courses/{course.slug}/"]:
        inert_tab.open(path)
    log_in(inert_tab.tab, hostile_server, learner.email)
    inert_tab.check("after login", expect=None)
    inert_tab.open(f"/courses/{course.slug}/")
    inert_tab.tab.get_by_role("button", name="Enrol in this course").click()
    inert_tab.check("pre-test intro after enrolling")
    inert_tab.tab.get_by_role("button", name="Start").click()
    inert_tab.check("pre-test attempt")
    inert_tab.tab.get_by_role("button", name="Review your answers").click()
    inert_tab.check("pre-test review")
    inert_tab.tab.get_by_role("button", name="Submit for grading").click()
    state = inert_tab.check("pre-test result with feedback and explanations")
    assert "XSS{{7*7}}" in state["text"]
    for path in ["/dashboard", f"/courses/{course.slug}/"]:
        inert_tab.open(path)
    module = course.visible_modules()[0]
    for number in range(1, len(module.pages) + 1):
        inert_tab.open(f"/courses/{course.slug}/modules/{module.id}/{number}", expect=None)
    inert_tab.open(f"/courses/{course.slug}/modules/{module.id}/1")
    inert_tab.open(f"/courses/{course.slug}/quizzes/{module.quiz}")


def test_every_module_and_the_posttest_stay_inert(
    inert_tab: InertTab, hostile_server: LiveServer
) -> None:
    course = course_of(hostile_server)
    learner = new_user(hostile_server, course.posttest)
    log_in(inert_tab.tab, hostile_server, learner.email)
    for module in course.visible_modules():
        inert_tab.open(f"/courses/{course.slug}/modules/{module.id}/1")
        inert_tab.open(f"/courses/{course.slug}/quizzes/{module.quiz}")
    inert_tab.open(f"/courses/{course.slug}/quizzes/{course.posttest}")
    inert_tab.tab.get_by_role("button", name="Start").click()
    inert_tab.check("post-test attempt")
    inert_tab.tab.get_by_role("button", name="Review your answers").click()
    inert_tab.check("post-test review")
    inert_tab.tab.get_by_role("button", name="Submit for grading").click()
    inert_tab.check("post-test result")
    inert_tab.open("/dashboard")
    inert_tab.open("/account/transcript")


def test_handout_list_and_pages_stay_inert(inert_tab: InertTab, hostile_server: LiveServer) -> None:
    course = course_of(hostile_server)
    assert course.handouts
    inert_tab.open(f"/courses/{course.slug}/handouts/")
    for handout in course.handouts:
        inert_tab.open(f"/courses/{course.slug}/handouts/{handout.id}")


def test_admin_content_and_report_pages_stay_inert(
    inert_tab: InertTab, hostile_server: LiveServer
) -> None:
    course = course_of(hostile_server)
    new_user(hostile_server, course.evaluation)  # some attempts for the reports to show
    admin = new_user(hostile_server, access_role=AccessRole.ADMIN)
    log_in(inert_tab.tab, hostile_server, admin.email)
    reports = f"/admin/reports/courses/{course.slug}"
    for path in ["/admin/", "/admin/content/", "/admin/reports/", f"{reports}/dashboard",
                 f"{reports}/knowledge", f"{reports}/evaluation"]:  # fmt: skip
        inert_tab.open(path, expect=None)
    for quiz_id in [course.pretest, course.posttest, course.visible_modules()[1].quiz]:
        inert_tab.open(f"{reports}/quizzes/{quiz_id}/items")
