"""Learner administration: search, a learner's page, and the actions on their account."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from course_engine import certificates, live_content
from course_engine.admin import operations, queries
from course_engine.admin.access import (
    ADMINS,
    STAFF,
    acting_user,
    managed_user_or_404,
    roles_required,
)
from course_engine.admin.forms import (
    ROLE_LABELS,
    ConfirmForm,
    LearnerSearchForm,
    NameForm,
    PlacementForm,
    RevokeForm,
    RoleForm,
    choices,
)
from course_engine.extensions import db
from course_engine.i18n import translate
from course_engine.input_bounds import query_int
from course_engine.models import AccessRole, Cohort, Organization, User
from course_engine.progress.state import load_progress
from course_engine.reports import figures
from course_engine.safe_forms import add_error

blueprint = Blueprint("admin_learners", __name__, url_prefix="/admin/learners")
log = logging.getLogger(__name__)

Page = str | Response


@blueprint.get("/")
@roles_required(*STAFF)
def search() -> str:
    """Find learners by name, email, organization, cohort, status and progress."""
    viewer = acting_user()
    form = LearnerSearchForm(request.args)
    form.organization.choices = queries.organization_choices(db.session, acting_user(), "Any")
    form.cohort.choices = queries.cohort_choices(db.session, acting_user(), "Any")
    current = live_content.current_catalog()
    form.course.choices = choices(
        [("", "Any course")]
        + [(course.slug, course.title) for course in (current.courses.values() if current else [])]
    )
    form.validate()
    filters = queries.LearnerFilters(
        text=form.q.data or "",
        organization_id=form.organization.data,
        cohort_id=form.cohort.data,
        status=form.status.data or "",
        progress=form.progress.data or "",
        course_slug=form.course.data or "",
        access_role=form.role.data if form.role.data in ROLE_LABELS else "",
    )
    page = queries.paginate(
        db.session, queries.learner_search(viewer, filters), request.args.get("page", 1, query_int)
    )
    page.args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/learners.html",
        form=form,
        page=page,
        role_labels=ROLE_LABELS,
        is_admin=viewer.is_admin,
    )


@blueprint.get("/<int:user_id>")
@roles_required(*STAFF)
def learner(user_id: int) -> str:
    """A learner's account, progress per module, quiz attempts, certificates and actions."""
    user = managed_user_or_404(user_id)
    return render_template("admin/learner.html", user=user, **_learner_page(user))


@blueprint.route("/<int:user_id>/name", methods=["GET", "POST"])
@roles_required(*STAFF)
def correct_name(user_id: int) -> Page:
    """Correct the name printed on certificates, and reissue them."""
    user = managed_user_or_404(user_id)
    form = NameForm(obj=user)
    if form.validate_on_submit():
        try:
            reissued = operations.correct_name(
                db.session,
                user,
                form.full_name.data or "",
                acting_user(),
                reissue=form.reissue.data,
                serial_prefix=certificates.serial_prefix(db.session),
            )
        except operations.OperationRefused as error:
            add_error(form.full_name, translate(error))
        else:
            db.session.commit()
            flash(
                _("The name is now “%(name)s”.", name=user.full_name)
                + (
                    " " + _("%(count)s certificate(s) reissued.", count=len(reissued))
                    if reissued
                    else ""
                ),
                "success",
            )
            return redirect(url_for(".learner", user_id=user.id))
    return render_template("admin/learner_name.html", user=user, form=form)


@blueprint.post("/<int:user_id>/role")
@roles_required(*ADMINS)
def change_role(user_id: int) -> Response:
    """Give the user another access role (administrators only)."""
    user = managed_user_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(
        user,
        "Access role changed to " + ROLE_LABELS[form.access_role.data] + ".",
        operations.change_role,
        AccessRole(form.access_role.data),
    )


@blueprint.post("/<int:user_id>/placement")
@roles_required(*ADMINS)
def change_placement(user_id: int) -> Response:
    """Put the user in an organization and cohort (administrators only)."""
    user = managed_user_or_404(user_id)
    form = _placement_form()
    if not form.validate_on_submit():
        abort(400)
    organization = db.session.get(Organization, form.organization.data or 0)
    cohort = db.session.get(Cohort, form.cohort.data or 0)
    return _act(
        user, "Organization and cohort saved.", operations.change_placement, organization, cohort
    )


@blueprint.post("/<int:user_id>/deactivate")
@roles_required(*STAFF)
def deactivate(user_id: int) -> Response:
    """Deactivate the account: logged out at once, and cannot log in."""
    user = managed_user_or_404(user_id)
    _require_token()
    return _act(user, "The account is deactivated.", operations.set_active, False)


@blueprint.post("/<int:user_id>/reactivate")
@roles_required(*STAFF)
def reactivate(user_id: int) -> Response:
    """Let the account log in again."""
    user = managed_user_or_404(user_id)
    _require_token()
    return _act(user, "The account is active again.", operations.set_active, True)


@blueprint.post("/<int:user_id>/password-reset")
@roles_required(*STAFF)
def send_password_reset(user_id: int) -> Response:
    """Email the user a link to choose a new password."""
    user = managed_user_or_404(user_id)
    _require_token()
    return _act(
        user, f"A password-reset link is on its way to {user.email}.", operations.send_reset_link
    )


@blueprint.route("/<int:user_id>/delete", methods=["GET", "POST"])
@roles_required(*ADMINS)
def delete(user_id: int) -> Page:
    """Confirm, then delete the account by anonymizing it (administrators only)."""
    user = managed_user_or_404(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        response = _act(
            user, "The account was deleted: its personal data is removed.", operations.delete_user
        )
        return redirect(url_for(".search")) if user.deleted_at else response
    return render_template("admin/learner_delete.html", user=user, form=form)


def _act(user: User, done: str, operation: Any, *args: Any) -> Response:
    """Run ``operation(session, user, *args, actor)``, commit, flash, back to the learner."""
    try:
        operation(db.session, user, *args, acting_user())
    except operations.OperationRefused as error:
        db.session.rollback()
        flash(translate(error), "error")
    else:
        db.session.commit()
        flash(translate(done), "success")
    return redirect(url_for(".learner", user_id=user.id))


def _require_token() -> None:
    """A button form: only the CSRF token is checked (400 without it)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


def _placement_form(user: User | None = None) -> PlacementForm:
    """The organization and cohort form with its choices."""
    form = PlacementForm(obj=None)
    form.organization.choices = queries.organization_choices(db.session, acting_user(), "None")
    form.cohort.choices = queries.cohort_choices(db.session, acting_user(), "None")
    if user is not None and request.method == "GET":
        form.organization.data, form.cohort.data = user.organization_id, user.cohort_id
    return form


def _learner_page(user: User) -> dict[str, Any]:
    """What the learner page shows besides the user: progress, attempts, certificates, forms."""
    current = live_content.current_catalog()
    attempts = queries.attempts_by_enrolment(db.session, user)
    rows = []
    enrolments = queries.enrolments_of(db.session, user)
    ids = [enrolment.id for enrolment in enrolments]
    for enrolment in enrolments:
        course = current.course(enrolment.course_slug) if current else None
        progress = load_progress(db.session, enrolment, course) if course else None
        rows.append((enrolment, course, progress, attempts.get(enrolment.id, [])))
    viewer = acting_user()
    return {
        "rows": rows,
        "statuses": figures.statuses(db.session, ids),
        "last_progress": figures.last_progress(db.session, ids),
        "certificates": operations.certificates_of(db.session, user),
        "verify_links": "certificates.verify" in current_app.view_functions,
        "is_admin": viewer.is_admin,
        "is_self": viewer.id == user.id,
        "role_form": RoleForm(access_role=user.access_role.value),
        "placement_form": _placement_form(user),
        "token_form": ConfirmForm(),
        "revoke_form": RevokeForm(),
        "role_labels": ROLE_LABELS,
    }
