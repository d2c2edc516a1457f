"""LMS grades and rosters for administrators: scores that failed every try (with Retry), and
each LMS course's last roster read."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from course_engine import audit
from course_engine.admin.access import ADMINS, acting_user, roles_required
from course_engine.admin.forms import ConfirmForm
from course_engine.extensions import db
from course_engine.lti import scores
from course_engine.models import LtiContext, LtiScore

blueprint = Blueprint("admin_lti", __name__, url_prefix="/admin/lti")


@blueprint.get("/")
@roles_required(*ADMINS)
def index() -> str:
    """Failed score pass-backs, newest first, and the LMS courses whose rosters are read."""
    contexts = db.session.scalars(select(LtiContext).order_by(LtiContext.id.desc()).limit(200))
    return render_template(
        "admin/lti.html",
        failed=scores.failed_scores(db.session),
        contexts=list(contexts),
        token_form=ConfirmForm(),
    )


@blueprint.post("/scores/<int:score_id>/retry")
@roles_required(*ADMINS)
def retry(score_id: int) -> Response:
    """Queue a failed score again with a fresh set of tries."""
    score = db.session.get(LtiScore, score_id)
    if score is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if scores.retry(db.session, score):
        audit.record(
            db.session,
            acting_user(),
            "lti_score.retried",
            "user",
            score.grade_link.user_id,
            platform=score.grade_link.platform.name,
            score=score.score_given,
        )
        db.session.commit()
        flash(_("The score is queued again."), "success")
    else:
        flash(_("The score is no longer failed."), "info")
    return redirect(url_for(".index"))
