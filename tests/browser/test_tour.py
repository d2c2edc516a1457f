"""Every main page, as anonymous, learner and administrator, in light and dark mode at 1280 and
320 px: zero axe-core violations (WCAG 2.0-2.2 A/AA and best practice), no sideways scrolling at
320 px, targets of at least 24 px, and focus never hidden under a sticky header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.database import engine_of
from tests.browser.conftest import LiveServer
from tests.support.tour import build_world, contexts
from tests.support.wcag import obscured_focus, scrolls_sideways, small_targets

pytestmark = pytest.mark.browser

#: (width, colour scheme) each page is checked in.
VIEWS = ((1280, "light"), (320, "light"), (1280, "dark"), (320, "dark"))


def test_every_tour_page_passes_axe_reflows_and_keeps_targets_and_focus_visible(
    live_server: LiveServer, browser: Any, axe_check: Callable[[Any], None], course: Course
) -> None:
    with Session(engine_of(live_server.app)) as session:
        world = build_world(session, course)
        session.commit()
    problems: list[str] = []
    seen = 0
    for role, context in contexts(browser, live_server.url, world):
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        for path in world.pages[role]:
            for width, scheme in VIEWS:
                tab.emulate_media(color_scheme=scheme)
                tab.set_viewport_size({"width": width, "height": 720})
                response = tab.goto(live_server(path))
                expected = 403 if path == world.locked else 200
                assert response is not None and response.status == expected, (role, path)
                axe_check(tab)
                seen += 1
                where = f"{role} {path} at {width} px ({scheme})"
                if width == 320 and scrolls_sideways(tab):
                    problems.append(f"{where}: scrolls sideways")
                if scheme == "light":
                    problems += [f"{where}: target {t} is under 24 px" for t in small_targets(tab)]
                    problems += [f"{where}: focus hidden on {e}" for e in obscured_focus(tab)]
    assert seen == 4 * sum(len(pages) for pages in world.pages.values())
    assert problems == []
