"""The help and accessibility pages: public, and they give the configured contact address."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask


def test_help_and_accessibility_pages_give_the_configured_address(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(SUPPORT_EMAIL="help@example.org").test_client()
    for path in ("/help", "/accessibility"):
        page = client.get(path).text
        assert '<a href="mailto:help@example.org">help@example.org</a>' in page
    assert "988" in client.get("/help").text
    assert "WCAG" in client.get("/accessibility").text and "Report a barrier" in (
        client.get("/accessibility").text
    )


def test_without_an_address_the_pages_say_whom_to_ask_instead(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(SUPPORT_EMAIL="").test_client()
    page = client.get("/help").text
    assert "mailto:" not in page and "has not published a contact address" in page


def test_every_page_links_to_help_and_the_accessibility_statement(
    make_app: Callable[..., Flask],
) -> None:
    page = make_app().test_client().get("/").text
    assert 'href="/help"' in page and 'href="/accessibility"' in page
