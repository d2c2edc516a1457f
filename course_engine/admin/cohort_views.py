"""Cohorts (e.g. a learning collaborative starting in June): list, create, edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from course_engine.admin import queries
from course_engine.admin.access import ADMINS, acting_user, roles_required
from course_engine.admin.forms import CohortForm
from course_engine.admin.organization_operations import NameTaken, save_cohort
from course_engine.extensions import db
from course_engine.input_bounds import query_int
from course_engine.models import Cohort, Organization, User
from course_engine.safe_forms import add_error

blueprint = Blueprint("admin_cohorts", __name__, url_prefix="/admin/cohorts")


@blueprint.get("/")
@roles_required(*ADMINS)
def index() -> str:
    """Every cohort with its organization, start date and number of learners."""
    members = select(func.count(User.id)).where(User.cohort_id == Cohort.id).scalar_subquery()
    query = select(Cohort, members).order_by(Cohort.starts_on.desc().nulls_last(), Cohort.name)
    page = queries.paginate_rows(db.session, query, request.args.get("page", 1, query_int))
    return render_template("admin/cohorts.html", page=page)


@blueprint.route("/new", methods=["GET", "POST"])
@roles_required(*ADMINS)
def create() -> str | Response:
    """Add a cohort."""
    return _edit(None)


@blueprint.route("/<int:cohort_id>/edit", methods=["GET", "POST"])
@roles_required(*ADMINS)
def edit(cohort_id: int) -> str | Response:
    """Change a cohort's name, organization or start date."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    return _edit(cohort)


def _edit(cohort: Cohort | None) -> str | Response:
    """The create/edit form and its handling."""
    form = CohortForm(obj=cohort)
    form.organization.choices = queries.organization_choices(db.session, acting_user(), "None")
    if cohort is not None and request.method == "GET":
        form.organization.data = cohort.organization_id
    if form.validate_on_submit():
        try:
            saved = save_cohort(
                db.session,
                cohort,
                acting_user(),
                name=form.name.data or "",
                organization=db.session.get(Organization, form.organization.data or 0),
                starts_on=form.starts_on.data,
            )
        except NameTaken:
            add_error(form.name, "Another cohort has this name.")
        else:
            db.session.commit()
            flash(_("Cohort “%(name)s” saved.", name=saved.name), "success")
            return redirect(url_for(".index"))
    return render_template("admin/cohort_form.html", form=form, cohort=cohort)
