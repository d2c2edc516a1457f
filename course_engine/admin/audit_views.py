"""The audit log: who did which administrative action, to what, and when."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from course_engine.admin import queries
from course_engine.admin.access import ADMINS, roles_required
from course_engine.admin.forms import AuditFilterForm, choices
from course_engine.extensions import db
from course_engine.input_bounds import query_int
from course_engine.models import AuditEntry

blueprint = Blueprint("admin_audit", __name__, url_prefix="/admin/audit")


@blueprint.get("/")
@roles_required(*ADMINS)
def index() -> str:
    """The audit entries, newest first, optionally of one action."""
    form = AuditFilterForm(request.args)
    actions = db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    form.action.choices = choices([("", "All actions"), *((a, a) for a in actions)])
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if form.action.data:
        query = query.where(AuditEntry.action == form.action.data)
    page = queries.paginate(db.session, query, request.args.get("page", 1, query_int))
    page.args = {"action": form.action.data} if form.action.data else {}
    return render_template("admin/audit.html", form=form, page=page)
