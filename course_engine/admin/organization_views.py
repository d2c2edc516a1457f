"""Organizations (a school, a health center, a district): list, create, edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from course_engine.admin import queries
from course_engine.admin.access import ADMINS, acting_user, roles_required
from course_engine.admin.forms import OrganizationForm
from course_engine.admin.organization_operations import (
    ORGANIZATION_KINDS,
    NameTaken,
    save_organization,
)
from course_engine.auth.choices import STATE_NAMES
from course_engine.extensions import db
from course_engine.input_bounds import query_int
from course_engine.models import Cohort, Organization, User
from course_engine.safe_forms import add_error

blueprint = Blueprint("admin_organizations", __name__, url_prefix="/admin/organizations")


@blueprint.get("/")
@roles_required(*ADMINS)
def index() -> str:
    """Every organization with its number of members and cohorts."""
    members = (
        select(func.count(User.id)).where(User.organization_id == Organization.id).scalar_subquery()
    )
    cohorts = (
        select(func.count(Cohort.id))
        .where(Cohort.organization_id == Organization.id)
        .scalar_subquery()
    )
    query = select(Organization, members, cohorts).order_by(Organization.name)
    page = queries.paginate_rows(db.session, query, request.args.get("page", 1, query_int))
    return render_template(
        "admin/organizations.html",
        page=page,
        kinds=dict(ORGANIZATION_KINDS),
        states=STATE_NAMES,
    )


@blueprint.route("/new", methods=["GET", "POST"])
@roles_required(*ADMINS)
def create() -> str | Response:
    """Add an organization."""
    return _edit(None)


@blueprint.route("/<int:organization_id>/edit", methods=["GET", "POST"])
@roles_required(*ADMINS)
def edit(organization_id: int) -> str | Response:
    """Change an organization's name, kind or state."""
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        abort(404)
    return _edit(organization)


def _edit(organization: Organization | None) -> str | Response:
    """The create/edit form and its handling."""
    form = OrganizationForm(obj=organization)
    if form.validate_on_submit():
        try:
            saved = save_organization(
                db.session,
                organization,
                acting_user(),
                name=form.name.data or "",
                kind=form.kind.data,
                state=form.state.data,
            )
        except NameTaken:
            add_error(form.name, "Another organization has this name.")
        else:
            db.session.commit()
            flash(_("Organization “%(name)s” saved.", name=saved.name), "success")
            return redirect(url_for(".index"))
    return render_template("admin/organization_form.html", form=form, organization=organization)
