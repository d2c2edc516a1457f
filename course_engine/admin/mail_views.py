"""Failed mail: who, what and the error of every email that failed its last try, with Retry."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from course_engine import audit, outbox
from course_engine.admin.access import ADMINS, acting_user, roles_required
from course_engine.admin.forms import ConfirmForm
from course_engine.extensions import db
from course_engine.models import MailStatus, OutgoingMail

blueprint = Blueprint("admin_mail", __name__, url_prefix="/admin/mail")


@blueprint.get("/")
@roles_required(*ADMINS)
def failed() -> str:
    """Mail that failed every try, newest first."""
    return render_template(
        "admin/mail_failed.html", failed=outbox.failed_mail(db.session), token_form=ConfirmForm()
    )


@blueprint.post("/<int:mail_id>/retry")
@roles_required(*ADMINS)
def retry(mail_id: int) -> Response:
    """Queue a failed email again with a fresh set of tries."""
    row = db.session.get(OutgoingMail, mail_id)
    if row is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if row.status == MailStatus.FAILED:
        outbox.retry(db.session, row)
        audit.record(
            db.session,
            acting_user(),
            "mail.retried",
            "mail",
            row.id,
            recipient=row.recipient,
            kind=row.kind,
        )
        db.session.commit()
        flash(_("The email to %(to)s is queued again.", to=row.recipient), "success")
    else:
        flash(_("The email to %(to)s is no longer failed.", to=row.recipient), "info")
    return redirect(url_for(".failed"))
