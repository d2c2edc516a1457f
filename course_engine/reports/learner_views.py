"""A learner's own records: transcript (HTML and PDF) and a JSON export of their data.

Every view reads the signed-in user's rows only; nothing here takes a user id.
"""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, current_app, render_template
from flask_login import current_user, login_required

from course_engine import live_content, site_time
from course_engine.extensions import db
from course_engine.models import User
from course_engine.models.types import utcnow
from course_engine.progress.journal import journal_of
from course_engine.reports.personal_data import NOTE, personal_data
from course_engine.reports.transcript import transcript
from course_engine.reports.transcript_pdf import transcript_pdf

blueprint = Blueprint("transcript", __name__, url_prefix="/account")


def _me() -> User:
    """The signed-in learner."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _site_today() -> date:
    """Today in the site time zone (certificate expiry on the transcript)."""
    return site_time.today(utcnow(), current_app.config["SITE_TIMEZONE"])


def _private(response: Response, filename: str) -> Response:
    """A download that no cache may keep."""
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/transcript")
@login_required
def transcript_page() -> str:
    """The learner's courses, progress, scores and certificates."""
    me = _me()
    entries = transcript(db.session, me, live_content.current_catalog(), _site_today())
    journal = journal_of(db.session, me.id)
    return render_template(
        "transcript/transcript.html",
        entries=entries,
        note=NOTE,
        journal=journal,
        titles=_module_titles(),
    )


def _module_titles() -> dict[tuple[str, str], str]:
    """(course slug, module id) -> module title, for naming journal entries."""
    loaded = live_content.current_catalog()
    courses = loaded.courses.values() if loaded is not None else ()
    return {(c.slug, m.id): m.title for c in courses for m in c.modules}


@blueprint.get("/transcript.pdf")
@login_required
def transcript_download() -> Response:
    """The transcript as a PDF."""
    me = _me()
    entries = transcript(db.session, me, live_content.current_catalog(), _site_today())
    site = current_app.config["SITE_NAME"]
    body = transcript_pdf(
        me.full_name, me.email, site, entries, utcnow(), current_app.config["SITE_TIMEZONE"]
    )
    return _private(Response(body, mimetype="application/pdf"), "transcript.pdf")


@blueprint.get("/export.json")
@login_required
def data_export() -> Response:
    """Everything stored about the learner, as a JSON file."""
    data = personal_data(db.session, _me(), utcnow())
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return _private(Response(body, mimetype="application/json"), "my-data.json")
