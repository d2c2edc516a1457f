"""A new learner takes the whole bundled course in headless Chromium; axe checks every page."""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from course_engine.content import Course
from tests.browser.answers import fill_in
from tests.browser.conftest import LiveServer

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
        """From a quiz's intro page: start, answer, submit, and see the result."""
        assert quiz_title in self.tab.locator("h1").inner_text()
        self.press("Start the evaluation" if quiz_id == course.evaluation else "Start")
        fill_in(self.tab, course.quizzes[quiz_id])
        self.press(
            "Submit the evaluation" if quiz_id == course.evaluation else "Submit your answers"
        )
        assert self.tab.get_by_role("status").count() >= 1


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


def test_new_learner_completes_the_course_and_gets_a_certificate(
    live_server: LiveServer, page: Any, axe_check: Callable[[Any], None], course: Course,
    tmp_path: Path,
) -> None:
    journey = Journey(page, live_server, axe_check)
    journey.visit("/")
    journey.press(course.title)
    register(journey, f"journey-{uuid.uuid4().hex[:8]}@example.org")
    journey.visit(f"/courses/{course.slug}/")
    journey.press("Enrol in this course")
    journey.take_quiz(course.quizzes[course.pretest].title, course, course.pretest)

    for module in course.visible_modules():
        journey.visit(f"/courses/{course.slug}/")
        journey.press("Continue")
        assert module.title in page.locator("h1").inner_text()
        for _ in range(len(module.pages) - 1):
            journey.press("Next page")
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
    text = " ".join(subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split())
    assert LEARNER_NAME in text and "2 contact hours" in text
    assert " ".join(course.title.split()[:4]) in text
    serial = re.search(r"HEART-\d{4}-\d{6}", text)
    assert serial, text
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(pdf.with_suffix(""))],
                   check=True)
    png = next(pdf.parent.glob("certificate*.png"))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)],
                             check=True, capture_output=True, text=True).stdout.strip()
    return serial.group(0), decoded
