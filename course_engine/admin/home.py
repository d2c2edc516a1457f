"""The administration home page: links to the sections the signed-in user may use."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from course_engine.admin.access import BACK_OFFICE, acting_user, roles_required
from course_engine.models import AccessRole

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

#: Where the reports section lives (course_engine.reports), linked when it exists.
REPORTS_PATH = "/admin/reports"


@blueprint.get("/")
@roles_required(*BACK_OFFICE)
def index() -> str:
    """Sections by role: learners (staff), organizations and audit (admins), content (authors)."""
    role = acting_user().access_role
    return render_template(
        "admin/index.html",
        staff=role in (AccessRole.ADMIN, AccessRole.ORG_ADMIN),
        admin=role == AccessRole.ADMIN,
        author=role in (AccessRole.ADMIN, AccessRole.AUTHOR),
        reports_url=_reports_url() if role != AccessRole.AUTHOR else None,
    )


def _reports_url() -> str | None:
    """The reports section's address, when the reports blueprint is registered."""
    for rule in current_app.url_map.iter_rules():
        if rule.rule.rstrip("/") == REPORTS_PATH and "GET" in (rule.methods or ()):
            return rule.rule
    return None
