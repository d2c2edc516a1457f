"""Deep Linking pages: an instructor launched to place the course picks a course or a module.

The launch (lti.launch) signs the instructor in and keeps the platform's deep-linking settings
in the session; these pages are ordinary signed-in pages with CSRF tokens.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, make_response, render_template, session
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import RadioField
from wtforms.validators import InputRequired

from course_engine import urls
from course_engine.extensions import db
from course_engine.lti import keys, placement
from course_engine.lti.tool_config import DatabaseToolConf
from course_engine.models import LtiPlatform
from course_engine.safe_forms import SafeForm
from course_engine.security import CONTENT_SECURITY_POLICY

blueprint = Blueprint("lti_placement", __name__, url_prefix="/lti/place")
#: ``session`` key: the deep-linking request being answered.
SESSION_KEY = "lti_deep_link"
#: A host[:port] fit to name in a Content-Security-Policy.
HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")


class PlacementForm(SafeForm):
    """Which course or module to place."""

    choice = RadioField(
        "What to place in your course",
        validators=[InputRequired(message="Choose the course or a module to place.")],
    )


def _request() -> dict[str, Any]:
    """The pending deep-linking request of the signed-in instructor, or 404."""
    pending: dict[str, Any] | None = session.get(SESSION_KEY)
    if not pending or pending.get("user") != current_user.id:
        abort(404)
    return pending


@blueprint.route("/", methods=["GET", "POST"])
@login_required
def choose() -> str | tuple[str, int] | Response:
    """Pick a course or module; on submit, the signed response for the LMS."""
    pending = _request()
    options = placement.placements(current_app.extensions["content"].catalog)
    form = PlacementForm()
    form.choice.choices = [(option.value, option.title) for option in options]
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("lti/place.html", form=form), status
    platform = db.session.get(LtiPlatform, pending["platform"])
    if platform is None:
        abort(404)
    chosen = next(option for option in options if option.value == form.choice.data)
    registration = DatabaseToolConf(db.session, keys.app_keys(current_app)).registration(platform)
    token = placement.response_jwt(
        registration,
        pending["deployment_id"],
        pending["settings"],
        chosen,
        urls.external_url("lti.launch"),
    )
    return_url = str(pending["settings"].get("deep_link_return_url") or "")
    origin = urlsplit(return_url)
    if origin.scheme not in ("http", "https") or not HOST.fullmatch(origin.netloc):
        abort(400)
    session.pop(SESSION_KEY, None)  # one response per request
    response = make_response(
        render_template("lti/place_return.html", return_url=return_url, token=token, chosen=chosen)
    )
    # The form posts to the LMS: its origin, and only it, joins 'self' in form-action.
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {origin.scheme}://{origin.netloc}"
    )
    return response
