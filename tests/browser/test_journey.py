"""A new learner takes the whole bundled course in headless Chromium; axe checks every page."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from course_engine.content import Course
from tests.browser.answers import fill_in
from tests.browser.conftest import LiveServer
from tests.support.pdf import pdf_text, scanned_qr_code

pytestmark = pytest.mark.browser

PASSWORD = "a long journey password"
LEARNER_NAME = "Nguyễn Thị Minh Khai"


class Journey:
    """The learner's tab, checked by axe-core after every navigation."""

    def __init__(self, tab: Any, server: LiveServer, check: Callable[[Any], None]) -> None:
        self.tab, self.server, self.check = tab, server, check
        self.visited: list[str] = []

    def visit(self, path: str) -> None:
        """Open a page by address."""
        self.tab.goto(self.server(path))
        self.checked()

    def press(self, name: str) -> None:
        """Press a button or follow a link by its visible name, then check the new page."""
        target = self.tab.get_by_role("button", name=name, exact=True)
        if target.count() == 0:
            target = self.tab.get_by_role("link", name=name, exact=True)
        target.first.click()
        self.tab.wait_for_load_state()
        self.checked()

    def checked(self) -> None:
        """Fail on an error page or any axe-core violation."""
        heading = self.tab.locator("h1").first.inner_text()
        errors = {"Page not found", "Not allowed", "Something went wrong"}
        assert heading not in errors, self.tab.url
        self.check(self.tab)
        self.visited.append(self.tab.url)

    def take_quiz(self, quiz_title: str, course: Course, quiz_id: str) -> None:
        """From a quiz's intro page: start, answer, review, confirm, and see the result."""
        assert quiz_title in self.tab.locator("h1").inner_text()
        self.press("Start the evaluation" if quiz_id == course.evaluation else "Start")
        fill_in(self.tab, course.quizzes[quiz_id])
        self.press("Review your answers")
        assert self.tab.locator("h1").inner_text() == "Review your answers"
        assert "Not answered" not in self.tab.locator("main").inner_text()
        self.press("Send the evaluation" if quiz_id == course.evaluation else "Submit for grading")
        assert self.tab.get_by_role("status").count() >= 1

    def reflect(self) -> int:
        """Write an answer in every reflection box of the open page; return how many."""
        boxes = self.tab.get_by_role("textbox", name="Your reflection")
        for index in range(boxes.count()):
            boxes.nth(index).fill(f"Reflection {len(self.visited)}.{index}: ask the bus drivers.")
        return boxes.count()


def register(journey: Journey, email: str) -> None:
    """Fill in the registration form as a new teacher."""
    tab = journey.tab
    journey.press("create a free account")
    tab.locator("#email").fill(email)
    tab.locator("#password").fill(PASSWORD)
    tab.locator("#confirm").fill(PASSWORD)
    tab.locator("#full_name").fill(LEARNER_NAME)
    tab.locator("#role").select_option("teacher")
    tab.locator("#organization_kind").select_option("school")
    tab.locator("#state").select_option("VT")
    journey.press("Create account")
    assert "Check your email" in tab.locator("h1").inner_text()
    journey.visit(mailed_link(journey.server.app, email))  # the learner opens the mail
    journey.press("Create my account")


def mailed_link(app: Any, email: str) -> str:
    """The confirmation link in the newest registration mail to ``email`` (live database)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from course_engine.database import engine_of
    from course_engine.models import OutgoingMail
    from tests.support.forms import CONFIRM_LINK

    with Session(engine_of(app)) as session:
        text = session.scalars(
            select(OutgoingMail.text_body)
            .where(OutgoingMail.recipient == email, OutgoingMail.kind == "registration_confirm")
            .order_by(OutgoingMail.id.desc())
        ).first()
    found = CONFIRM_LINK.search(text or "")
    assert found, f"no confirmation mail to {email}"
    return found.group(0)


def test_new_learner_completes_the_course_and_gets_a_certificate(
    live_server: LiveServer,
    page: Any,
    axe_check: Callable[[Any], None],
    course: Course,
    tmp_path: Path,
) -> None:
    journey = Journey(page, live_server, axe_check)
    journey.visit("/")
    journey.press(course.title)
    register(journey, f"journey-{uuid.uuid4().hex[:8]}@example.org")
    journey.visit(f"/courses/{course.slug}/")
    journey.press("Enrol in this course")
    journey.take_quiz(course.quizzes[course.pretest].title, course, course.pretest)

    reflections = 0
    for module in course.visible_modules():
        journey.visit(f"/courses/{course.slug}/")
        journey.press("Continue")
        assert module.title in page.locator("h1").inner_text()
        for _ in range(len(module.pages) - 1):
            reflections += journey.reflect()
            journey.press("Next page")
        reflections += journey.reflect()
        journey.press("Finish and take the knowledge check")
        journey.take_quiz(course.quizzes[module.quiz].title, course, module.quiz)
        assert "Passed" in page.locator(".result-summary").inner_text()

    journey.visit(f"/courses/{course.slug}/")
    journey.press("Continue")
    journey.take_quiz(course.quizzes[course.posttest].title, course, course.posttest)
    assert "Passed" in page.locator(".result-summary").inner_text()
    journey.visit(f"/courses/{course.slug}/")
    journey.press("Continue")
    journey.take_quiz(course.quizzes[course.evaluation].title, course, course.evaluation)

    journey.visit("/account/transcript")
    journal = page.locator(".journal blockquote")
    assert reflections >= 6 and journal.count() == reflections
    assert "ask the bus drivers" in journal.first.inner_text()

    journey.visit("/dashboard")
    card = page.locator(".card", has_text=course.title)
    assert "100% complete" in card.inner_text() and "Complete" in card.inner_text()
    assert len(journey.visited) > 40

    pdf = tmp_path / "certificate.pdf"
    with page.expect_download() as download:
        card.get_by_role("link", name="Download certificate").click()
    download.value.save_as(pdf)
    serial, url = check_certificate(pdf, course)
    assert url.startswith(live_server.url + "/verify/")
    journey.tab.goto(url)
    journey.checked()
    assert "Valid." in page.locator("main").inner_text() and serial in page.content()

    result = live_server.app.test_cli_runner().invoke(
        args=["certificates", "revoke", serial, "--reason", "Issued in error"]
    )
    assert result.exit_code == 0, result.output
    journey.tab.goto(url)
    journey.checked()
    assert "Revoked" in page.locator("main").inner_text()


def check_certificate(pdf: Path, course: Course) -> tuple[str, str]:
    """The PDF names the learner, course and hours; its QR code decodes; return serial and URL."""
    text = " ".join(pdf_text(pdf, "-layout").split())
    assert LEARNER_NAME in text and f"estimated length: {course.hours:g} hours" in text
    assert " ".join(course.title.split()[:4]) in text
    serial = re.search(r"HEART-\d{4}-\d{6}", text)
    assert serial, text
    return serial.group(0), scanned_qr_code(pdf)
