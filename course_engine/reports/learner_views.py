"""A learner's own records: transcript (HTML and PDF) and a JSON export of their data.

Every view reads the signed-in user's rows only; nothing here takes a user id.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template
from flask_login import current_user, login_required

from course_engine import catalog
from course_engine.extensions import db
from course_engine.models import User
from course_engine.models.types import utcnow
from course_engine.reports.personal_data import NOTE, personal_data
from course_engine.reports.transcript import transcript
from course_engine.reports.transcript_pdf import transcript_pdf

blueprint = Blueprint("transcript", __name__, url_prefix="/account")


def _me() -> User:
    """The signed-in learner."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _private(response: Response, filename: str) -> Response:
    """A download that no cache may keep."""
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/transcript")
@login_required
def transcript_page() -> str:
    """The learner's courses, progress, scores and certificates."""
    entries = transcript(db.session, _me(), catalog.catalog())
    return render_template("transcript/transcript.html", entries=entries, note=NOTE)


@blueprint.get("/transcript.pdf")
@login_required
def transcript_download() -> Response:
    """The transcript as a PDF."""
    me = _me()
    entries = transcript(db.session, me, catalog.catalog())
    site = current_app.config["SITE_NAME"]
    body = transcript_pdf(me.full_name, me.email, site, entries, utcnow())
    return _private(Response(body, mimetype="application/pdf"), "transcript.pdf")


@blueprint.get("/export.json")
@login_required
def data_export() -> Response:
    """Everything stored about the learner, as a JSON file."""
    data = personal_data(db.session, _me(), utcnow())
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return _private(Response(body, mimetype="application/json"), "my-data.json")
