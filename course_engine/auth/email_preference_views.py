"""Email preferences on the account page, and one-click unsubscribe (RFC 8058) from reminders.

``POST /unsubscribe/<token>`` is what a mail client sends for ``List-Unsubscribe-Post``: no
session and no CSRF token, so the signed token is the only credential, and all it can do is
turn reminders off. ``GET`` of the same address only shows a page with the button.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField

from course_engine import audit, notifications, reminders
from course_engine.extensions import csrf, db

blueprint = Blueprint("email_preferences", __name__)


class EmailPreferencesForm(FlaskForm):
    """The emails a learner may turn off (mail they ask for, like resets, always comes)."""

    reminders = BooleanField(
        "Send me reminders",
        description="A reminder when I have not been back to a course for a while, and a "
        "notice before one of my certificates expires.",
    )


@blueprint.route("/account/email", methods=["GET", "POST"])
@login_required
def edit() -> ResponseReturnValue:
    """Turn reminders on or off."""
    user = current_user._get_current_object()
    form = EmailPreferencesForm()
    if form.validate_on_submit():
        reminders.set_reminders(db.session, user, bool(form.reminders.data))
        db.session.commit()
        flash(_("Your email preferences are saved."), "success")
        return redirect(url_for(".edit"))
    if not form.is_submitted():
        form.reminders.data = reminders.wants_reminders(db.session, user)
    return render_template("auth/email_preferences.html", form=form)


@blueprint.get("/unsubscribe/<token>")
def unsubscribe_page(token: str) -> ResponseReturnValue:
    """Explain and offer the button (opening the link changes nothing)."""
    user = notifications.user_for_unsubscribe(db.session, token)
    if user is None:
        return render_template("auth/unsubscribe.html", invalid=True), 404
    return render_template("auth/unsubscribe.html", token=token, done=False)


@blueprint.post("/unsubscribe/<token>")
@csrf.exempt  # RFC 8058: the mail client posts without a session; the signed token decides
def unsubscribe(token: str) -> ResponseReturnValue:
    """Turn the token's account's reminders off (what one-click unsubscribe sends)."""
    user = notifications.user_for_unsubscribe(db.session, token)
    if user is None:
        return render_template("auth/unsubscribe.html", invalid=True), 404
    if reminders.wants_reminders(db.session, user):
        reminders.set_reminders(db.session, user, False)
        audit.record(db.session, None, "user.unsubscribed", "user", user.id)
        db.session.commit()
    return render_template("auth/unsubscribe.html", done=True)
