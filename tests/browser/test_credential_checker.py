"""The credential checker's answer is announced, accessible and readable at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser


def test_a_malformed_credential_gets_an_accessible_not_valid_answer(
    live_server: LiveServer, page: Any, axe_check: Callable[[Any], None]
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server("/verify/credential"))
    page.get_by_label("Credential (JSON)").fill('{"type": ["VerifiableCredential"')
    page.get_by_role("button", name="Check the credential").click()
    page.wait_for_load_state()
    answer = page.get_by_role("status").filter(has_text="Not valid")
    assert "it is not well-formed JSON" in answer.inner_text()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
