"""One canonical address: every absolute URL is built from ``BASE_URL``, never the request.

A link that leaves the site (a reset or invite email, a certificate's verify URL and QR code) must
not depend on the ``Host`` header a client sent, or an attacker who forges it gets a working reset
token mailed under their own domain. ``external_url`` builds such links from the configured
``BASE_URL`` only; ``TRUSTED_HOSTS`` makes Flask answer 400 to requests for any other host.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app

#: Used when BASE_URL is not set outside production (the test client's default host).
FALLBACK_BASE_URL = "http://localhost"


class BaseURLError(RuntimeError):
    """BASE_URL is missing where it is required, or is not an http(s) origin."""


def normalize_base_url(value: str) -> str:
    """``value`` as ``scheme://host[:port][/path]`` without a trailing slash; raise if invalid."""
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise BaseURLError(f"BASE_URL={value!r} must look like https://learn.example.org")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise BaseURLError(f"BASE_URL={value!r} must not carry credentials, a query or a fragment")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def init_app(app: Flask) -> None:
    """Check BASE_URL (required when REQUIRE_BASE_URL) and derive TRUSTED_HOSTS from it."""
    configured = app.config.get("BASE_URL")
    if not configured and app.config.get("REQUIRE_BASE_URL"):
        raise BaseURLError(
            "BASE_URL is not set: refusing to start without the site's public address "
            "(e.g. BASE_URL=https://learn.example.org), which every emailed link and "
            "certificate uses."
        )
    app.config["BASE_URL"] = normalize_base_url(configured or FALLBACK_BASE_URL)
    if app.config.get("TRUSTED_HOSTS") is None and app.config.get("REQUIRE_BASE_URL"):
        app.config["TRUSTED_HOSTS"] = [urlsplit(app.config["BASE_URL"]).hostname]


def base_url() -> str:
    """The configured public origin (and path prefix) of the site, without a trailing slash."""
    return str(current_app.config["BASE_URL"])


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint`` under BASE_URL; the request's Host is never used."""
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
