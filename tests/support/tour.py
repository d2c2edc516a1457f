"""The page tour: a small world (a learner part-way through the course, a certified learner, an
administrator) and the main pages each of them sees; the browser tests and `make screenshots`
both walk it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import AccessRole, User
from tests.factories import (
    DEFAULT_PASSWORD,
    create_attempt,
    create_enrolment,
    create_module_completion,
    create_page_visit,
    create_user,
)

SLUG = "heart-collaboration"
#: The widths every page is seen at (a desktop, a phone, the 320 px reflow minimum).
WIDTHS = (1280, 375, 320)


@dataclass
class World:
    """Who the tour logs in as, and the pages each of them sees."""

    learner: str
    admin: str
    pages: dict[str, list[str]] = field(default_factory=dict)
    #: The learner's locked module page (answered with 403 and the "is locked" page).
    locked: str = ""


def build_world(session: Session, course: Course) -> World:
    """A learner who passed the pre-test and module 1 and is in module 2; an administrator."""
    tag = uuid.uuid4().hex[:6]
    learner = create_user(session, email=f"tour-learner-{tag}@example.org", full_name="Ana Ruiz")
    admin = create_user(
        session,
        email=f"tour-admin-{tag}@example.org",
        full_name="Sam Okafor",
        access_role=AccessRole.ADMIN,
    )
    enrolment = create_enrolment(session, learner, course.slug)
    if course.pretest:
        create_attempt(session, enrolment, course.pretest, 60.0)
    first, second, *_ = course.visible_modules()
    for number in range(1, len(first.pages) + 1):
        create_page_visit(session, enrolment, first.id, number)
    create_module_completion(session, enrolment, first.id)
    if first.quiz:
        create_attempt(session, enrolment, first.quiz, 100.0, passed=True)
    create_page_visit(session, enrolment, second.id, 1)
    session.flush()
    module = f"/courses/{course.slug}/modules/{second.id}"
    locked = f"/courses/{course.slug}/modules/{course.visible_modules()[-1].id}/1"
    reports = f"/admin/reports/courses/{course.slug}"
    return World(
        learner=learner.email,
        admin=admin.email,
        locked=locked,
        pages={
            "anonymous": [
                "/",
                f"/courses/{course.slug}/",
                "/login",
                "/register",
                "/help",
                "/accessibility",
                "/verify/credential",
            ],
            "learner": [
                "/",
                "/dashboard",
                f"/courses/{course.slug}/",
                f"{module}/1",
                f"{module}/{len(second.pages)}",
                locked,
                f"/courses/{course.slug}/quizzes/{second.quiz}" if second.quiz else "/dashboard",
                f"/courses/{course.slug}/quizzes/{course.posttest}",
                "/account",
                "/account/transcript",
            ],
            "admin": [
                "/admin/",
                "/admin/learners/",
                "/admin/reports/",
                f"/admin/reports/completions?course={course.slug}",
                f"{reports}/dashboard",
                f"{reports}/knowledge",
                f"{reports}/evaluation",
                "/admin/content/",
            ],
        },
    )


def log_in(tab: Any, base_url: str, email: str) -> None:
    """Log in through the form."""
    tab.goto(base_url + "/login")
    tab.locator("#email").fill(email)
    tab.locator("#password").fill(DEFAULT_PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_load_state()


def contexts(browser: Any, base_url: str, world: World) -> Iterator[tuple[str, Any]]:
    """A browser context per role (anonymous first), logged in once and reused for its pages."""
    for role in world.pages:
        context = browser.new_context()
        if role != "anonymous":
            tab = context.new_page()
            log_in(tab, base_url, world.learner if role == "learner" else world.admin)
            tab.close()
        try:
            yield role, context
        finally:
            context.close()


def user_named(session: Session, email: str) -> User:
    """The user with ``email`` (for tests that change them)."""
    return session.query(User).filter_by(email=email).one()
