"""The site in Spanish in a real browser: axe-core clean, <html lang="es">, the switcher."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.browser.conftest import LiveServer
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser

SPANISH_PAGES = ["/", "/courses/heart-collaboration/", "/login", "/register", "/help", "/verify"]
LEARNER_PAGES = ["/dashboard", "/account", "/courses/heart-collaboration/"]


@pytest.fixture
def spanish_tab(browser: Any) -> Iterator[Any]:
    """A tab of a browser set to Spanish (its Accept-Language asks for es)."""
    context = browser.new_context(locale="es-US")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.mark.parametrize("path", SPANISH_PAGES)
def test_spanish_pages_pass_axe_and_say_they_are_spanish(
    live_server: LiveServer, spanish_tab: Any, axe_check: Callable[[Any], None], path: str
) -> None:
    spanish_tab.goto(live_server(path))

    assert spanish_tab.locator("html").get_attribute("lang") == "es"
    switch = spanish_tab.get_by_role("button", name="English")
    assert switch.get_attribute("lang") == "en"  # the other language's name, marked as such
    axe_check(spanish_tab)


def test_a_learner_signs_in_in_spanish_and_switches_to_english(
    live_server: LiveServer,
    spanish_tab: Any,
    axe_check: Callable[[Any], None],
    live_learner: Callable[..., str],
) -> None:
    email = live_learner()
    spanish_tab.goto(live_server("/login"))
    spanish_tab.get_by_label("Correo electrónico").fill(email)
    spanish_tab.get_by_label("Contraseña").fill(DEFAULT_PASSWORD)
    spanish_tab.get_by_role("button", name="Iniciar sesión").click()
    spanish_tab.wait_for_load_state()
    assert "Inició sesión." in spanish_tab.content()
    for path in LEARNER_PAGES:
        spanish_tab.goto(live_server(path))
        assert spanish_tab.locator("html").get_attribute("lang") == "es"
        axe_check(spanish_tab)

    spanish_tab.get_by_role("button", name="English").click()
    spanish_tab.wait_for_load_state()

    assert spanish_tab.locator("html").get_attribute("lang") == "en"
    assert spanish_tab.get_by_role("button", name="Español").get_attribute("lang") == "es"
    axe_check(spanish_tab)
