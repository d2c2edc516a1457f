"""A learner's certificates from the administration side: revoke (confirmed) and reissue."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from course_engine import certificates
from course_engine.admin import operations
from course_engine.admin.access import (
    ADMINS,
    STAFF,
    acting_user,
    managed_user_or_404,
    roles_required,
)
from course_engine.admin.forms import ConfirmForm, RevokeForm
from course_engine.extensions import db
from course_engine.models import Certificate, IllegalTransition, User

blueprint = Blueprint(
    "admin_certificates", __name__, url_prefix="/admin/learners/<int:user_id>/certificates"
)


@blueprint.route("/<int:certificate_id>/revoke", methods=["GET", "POST"])
@roles_required(*ADMINS)
def revoke(user_id: int, certificate_id: int) -> str | Response:
    """Confirm with a reason, then revoke the certificate (administrators only)."""
    user, certificate = _certificate_or_404(user_id, certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            operations.revoke_certificate(
                db.session, certificate, form.reason.data or "", acting_user()
            )
        except IllegalTransition:
            db.session.rollback()
            flash(
                _(
                    "Certificate %(serial)s is %(status)s: only a valid certificate can be "
                    "revoked.",
                    serial=certificate.serial,
                    status=certificate.status,
                ),
                "error",
            )
        else:
            db.session.commit()
            flash(_("Certificate %(serial)s is revoked.", serial=certificate.serial), "success")
        return redirect(url_for("admin_learners.learner", user_id=user.id))
    return render_template(
        "admin/certificate_revoke.html", user=user, certificate=certificate, form=form
    )


@blueprint.post("/<int:certificate_id>/reissue")
@roles_required(*STAFF)
def reissue(user_id: int, certificate_id: int) -> Response:
    """Replace a valid certificate by one in the learner's current name."""
    user, certificate = _certificate_or_404(user_id, certificate_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if user.deleted_at is not None:
        flash(_("This account was deleted."), "error")
        return redirect(url_for("admin_learners.learner", user_id=user.id))
    try:
        replacement = operations.reissue_certificate(
            db.session,
            certificate,
            acting_user(),
            reason="reissued by an administrator",
            serial_prefix=certificates.serial_prefix(db.session),
        )
    except IllegalTransition:
        db.session.rollback()
        flash(
            _(
                "Certificate %(serial)s is %(status)s: only a valid certificate can be reissued.",
                serial=certificate.serial,
                status=certificate.status,
            ),
            "error",
        )
    else:
        db.session.commit()
        flash(
            _(
                "Certificate %(serial)s was replaced by %(new)s, in the name “%(name)s”.",
                serial=certificate.serial,
                new=replacement.serial,
                name=replacement.learner_name,
            ),
            "success",
        )
    return redirect(url_for("admin_learners.learner", user_id=user.id))


def _certificate_or_404(user_id: int, certificate_id: int) -> tuple[User, Certificate]:
    """The learner (whom the viewer may manage) and one of their certificates, or 404."""
    user = managed_user_or_404(user_id)
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.user_id != user.id:
        abort(404)
    return user, certificate
