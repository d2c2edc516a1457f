"""Every learner-facing page passes axe-core, reflows at 320 px, and shows its focus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from course_engine.content import Course
from tests.browser.conftest import LiveServer, log_in

pytestmark = pytest.mark.browser

ANONYMOUS_PAGES = [
    "/",
    "/courses/heart-collaboration/",
    "/login",
    "/register",
    "/register/sent",
    "/register/confirm/not-a-token",
    "/reset-password",
    "/no-such-page",
    "/verify/credential",
    "/help",
    "/accessibility",
    "/unsubscribe/not-a-token",
    "/courses/heart-collaboration/handouts/",
    "/courses/heart-collaboration/handouts/glossary",
    "/courses/heart-collaboration/handouts/referral-pathway",
    "/courses/heart-collaboration/handouts/consent-template",
    "/courses/heart-collaboration/handouts/references",
]
LEARNER_PAGES = [
    "/dashboard",
    "/account",
    "/account/password",
    "/account/email",
    "/courses/heart-collaboration/",
    "/courses/heart-collaboration/quizzes/pretest",
]


def fits_width(tab: Any) -> bool:
    """True when nothing makes the page scroll sideways."""
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_public_pages_pass_axe_and_reflow_at_320px(
    live_server: LiveServer, page: Any, axe_check: Callable[[Any], None], path: str
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server(path))
    axe_check(page)
    assert fits_width(page), f"{path} scrolls sideways at 320 px"


def test_a_printed_handout_is_its_text_without_the_site_frame(
    live_server: LiveServer, page: Any
) -> None:
    page.goto(live_server("/courses/heart-collaboration/handouts/referral-pathway"))
    assert page.locator(".site-header").is_visible()
    page.emulate_media(media="print")
    for frame in (".site-header", ".site-footer", "nav.breadcrumb"):
        assert not page.locator(frame).is_visible(), frame
    assert page.get_by_role("heading", name="Worksheet: Your referral pathway").is_visible()
    assert page.locator("time").first.is_visible()


def test_learner_pages_pass_axe_and_reflow_at_320px(
    live_server: LiveServer,
    page: Any,
    axe_check: Callable[[Any], None],
    live_learner: Callable[..., str],
    course: Course,
) -> None:
    log_in(page, live_server, live_learner())
    page.goto(live_server("/courses/heart-collaboration/"))
    page.get_by_role("button", name="Enrol in this course").click()
    page.wait_for_load_state()
    locked = f"/courses/{course.slug}/modules/{course.visible_modules()[1].id}/1"
    for path in [*LEARNER_PAGES, locked]:
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(live_server(path))
        axe_check(page)
        assert fits_width(page), f"{path} scrolls sideways at 320 px"


def test_keyboard_users_reach_the_main_content_and_see_focus(
    live_server: LiveServer, page: Any
) -> None:
    page.goto(live_server("/"))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
