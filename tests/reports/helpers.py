"""Requests the report view tests share: a closed GET, and an export POST with its token."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.forms import csrf_token

BASE = "/admin/reports"
COURSE = "heart-collaboration"


def get(client: FlaskClient, url: str) -> TestResponse:
    """GET ``url``, read the body and close the response (as a WSGI server would)."""
    response = client.get(url)
    response.get_data()
    response.close()  # a download's spooled temporary file is closed here
    return response


def export(
    client: FlaskClient, fmt: str, token_page: str = "/account", **filters: str
) -> TestResponse:
    """Press a Download button: POST the filters with the CSRF token of ``token_page``."""
    data = {"course": COURSE, **filters, "csrf_token": csrf_token(client, token_page)}
    response = client.post(f"{BASE}/completions.{fmt}", data=data)
    response.get_data()
    response.close()
    return response
