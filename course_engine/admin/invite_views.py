"""Invite codes and links that place new learners in an organization and cohort."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from course_engine import audit
from course_engine.admin import queries
from course_engine.admin.access import ADMINS, acting_user, roles_required
from course_engine.admin.forms import ConfirmForm, InviteForm
from course_engine.admin.invite_mail import InviteEmailForm, queue_invitations
from course_engine.admin.organization_operations import (
    create_invite,
    expire_invite,
    invite_code_taken,
)
from course_engine.extensions import db
from course_engine.input_bounds import query_int
from course_engine.models import Cohort, InviteCode, Organization
from course_engine.models.types import utcnow
from course_engine.safe_forms import add_error
from course_engine.urls import external_url

blueprint = Blueprint("admin_invites", __name__, url_prefix="/admin/invites")


@blueprint.get("/")
@roles_required(*ADMINS)
def index() -> str:
    """Every invite code, newest first, with its uses, limit, expiry and link."""
    query = select(InviteCode).order_by(InviteCode.created_at.desc(), InviteCode.id.desc())
    page = queries.paginate(db.session, query, request.args.get("page", 1, query_int))
    return render_template(
        "admin/invites.html",
        page=page,
        now=utcnow(),
        token_form=ConfirmForm(),
        link=registration_link,
    )


@blueprint.route("/new", methods=["GET", "POST"])
@roles_required(*ADMINS)
def create() -> str | Response:
    """Make a new invite code for an organization and/or cohort."""
    form = InviteForm()
    form.organization.choices = queries.organization_choices(db.session, acting_user(), "None")
    form.cohort.choices = queries.cohort_choices(db.session, acting_user(), "None")
    if form.validate_on_submit():
        organization = db.session.get(Organization, form.organization.data or 0)
        cohort = db.session.get(Cohort, form.cohort.data or 0)
        if form.code.data and invite_code_taken(db.session, form.code.data):
            add_error(form.code, "An invite with this code exists: choose another.")
        elif organization and cohort and cohort.organization_id not in (None, organization.id):
            add_error(form.cohort, "This cohort belongs to another organization.")
        else:
            expires = form.expires_on.data
            invite = create_invite(
                db.session,
                acting_user(),
                organization=organization,
                cohort=cohort,
                code=form.code.data or "",
                max_uses=form.max_uses.data,
                expires_at=datetime.combine(expires, time.max, UTC) if expires else None,
            )
            db.session.commit()
            flash(
                _(
                    "Invite code %(code)s created. Registration link: %(link)s",
                    code=invite.code,
                    link=registration_link(invite),
                ),
                "success",
            )
            return redirect(url_for(".index"))
    return render_template("admin/invite_form.html", form=form)


@blueprint.post("/<int:invite_id>/expire")
@roles_required(*ADMINS)
def expire(invite_id: int) -> Response:
    """Make the code stop working now."""
    invite = db.session.get(InviteCode, invite_id)
    if invite is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    expire_invite(db.session, invite, acting_user())
    db.session.commit()
    flash(_("Invite code %(code)s no longer works.", code=invite.code), "success")
    return redirect(url_for(".index"))


@blueprint.route("/<int:invite_id>/email", methods=["GET", "POST"])
@roles_required(*ADMINS)
def email(invite_id: int) -> str | Response:
    """Email the code's registration link to people (a worker sends it; never twice)."""
    invite = db.session.get(InviteCode, invite_id)
    if invite is None:
        abort(404)
    form = InviteEmailForm()
    if form.validate_on_submit():
        queued = queue_invitations(db.session, invite, form.checked, acting_user())
        audit.record(
            db.session,
            acting_user(),
            "invite.emailed",
            "invite",
            invite.id,
            addresses=len(form.checked),
            queued=queued,
        )
        db.session.commit()
        skipped = len(form.checked) - queued
        flash(
            f"{queued} invitation(s) to code {invite.code} queued for sending"
            + (f"; {skipped} address(es) already had this invitation." if skipped else "."),
            "success",
        )
        return redirect(url_for(".index"))
    return render_template("admin/invite_email.html", form=form, invite=invite, now=utcnow())


def registration_link(invite: InviteCode) -> str:
    """The link that opens registration with the code filled in."""
    return external_url("auth.register", code=invite.code)
