"""The administration home page: the numbers that matter first (each linking to its report),
then links to the sections the signed-in user may use."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from course_engine.admin.access import BACK_OFFICE, acting_user, roles_required
from course_engine.admin.numbers import home_numbers
from course_engine.extensions import db
from course_engine.models import AccessRole
from course_engine.models.types import utcnow

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

#: Where the reports section lives (course_engine.reports), linked when it exists.
REPORTS_PATH = "/admin/reports"


@blueprint.get("/")
@roles_required(*BACK_OFFICE)
def index() -> str:
    """Sections by role: learners (staff), organizations and audit (admins), content (authors)."""
    viewer = acting_user()
    role = viewer.access_role
    numbers = None
    if role in (AccessRole.ADMIN, AccessRole.ORG_ADMIN):
        zone_name = str(current_app.config.get("SITE_TIMEZONE") or "UTC")
        mail = role == AccessRole.ADMIN
        numbers = home_numbers(db.session, viewer, utcnow(), zone_name, mail=mail)
    return render_template(
        "admin/index.html",
        numbers=numbers,
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
