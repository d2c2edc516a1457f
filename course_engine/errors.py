"""Error pages that say what happened in plain words."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

MESSAGES = {
    400: "The request could not be understood. Go back, reload the page and try again.",
    403: "You do not have permission to open this page.",
    404: "We could not find that page. It may have moved, or the address may be mistyped.",
    405: "That action is not allowed here.",
    429: "Too many attempts. Please wait a few minutes and try again.",
    500: "Something went wrong on our side. Your work up to the last saved step is kept.",
    503: "The course content failed to load, so courses cannot be shown right now. Your "
    "enrolments and progress are kept: the courses return as soon as the content is fixed.",
}


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)


def _render(code: int, message: str | None = None) -> tuple[str, int]:
    """The error page for ``code``."""
    text = message or MESSAGES.get(code, "The request could not be completed.")
    return render_template("error.html", code=code, message=text), code


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return _render(
        400,
        "This form has expired or was not sent from this site. "
        "Reload the page and submit it again.",
    )


def _untrusted_host(_error: SecurityError) -> tuple[str, int, dict[str, str]]:
    """A Host outside TRUSTED_HOSTS: plain text, since no URL can be built for that host."""
    return "This site is not served under that host name.\n", 400, {"Content-Type": "text/plain"}


def _http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    if error.code is None or error.code < 400:
        return error
    return _render(error.code)


def _server_error(_error: Exception) -> tuple[str, int]:
    return _render(500)
