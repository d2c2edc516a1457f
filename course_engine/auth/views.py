"""Account pages: register, log in and out, profile, password change and reset."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from course_engine import mail
from course_engine.auth import accounts, reset
from course_engine.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from course_engine.auth.login import (
    dashboard_url,
    end_session,
    is_remembered,
    next_url,
    start_session,
)
from course_engine.auth.throttle import mark_failed, throttle_failures, throttle_requests
from course_engine.extensions import db
from course_engine.models import User

blueprint = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

LOGIN_FAILED = "Email or password is incorrect."
RESET_SENT = (
    "If an account uses that email address, we have sent it a link to choose a new password. "
    "Check your inbox (and spam folder); the link works once."
)

Page = str | tuple[str, int] | Response


@blueprint.route("/register", methods=["GET", "POST"])
def register() -> Page:
    """Create an account, then log in."""
    if current_user.is_authenticated:
        return redirect(dashboard_url())
    mode = current_app.config["REGISTRATION_MODE"]
    form = RegisterForm(invite_required=mode == accounts.INVITE)
    if request.method == "GET":
        form.invite_code.data = request.args.get("code", "").strip()
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = accounts.register(
                db.session,
                email=form.email.data,
                password=form.password.data,
                profile=_profile(form),
                invite_code=form.invite_code.data or "",
                mode=mode,
                allowed_domains=tuple(current_app.config["REGISTRATION_DOMAINS"]),
            )
        except accounts.RegistrationError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            accounts.record_login(db.session, user)
            db.session.commit()
            start_session(user)
            flash(f"Welcome, {user.full_name}. Your account is ready.", "success")
            return redirect(next_url())
    return render_template("auth/register.html", form=form, mode=mode)


@blueprint.route("/login", methods=["GET", "POST"])
@throttle_failures
def login() -> Page:
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(next_url())
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            accounts.record_login(db.session, user)
            db.session.commit()
            start_session(user, remember=form.remember.data)
            flash("You are logged in.", "success")
            return redirect(next_url())
        form.form_errors.append(LOGIN_FAILED)
    if request.method == "POST":
        mark_failed()
    return render_template("auth/login.html", form=form)


@blueprint.post("/logout")
def logout() -> Response:
    """Log out (POST only, with the CSRF token every form carries)."""
    end_session()
    flash("You have logged out.", "success")
    return redirect(url_for("learn.home"))


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def account() -> Page:
    """See and edit the profile."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        accounts.update_profile(db.session, current_user._get_current_object(), _profile(form))
        db.session.commit()
        flash("Your details are saved.", "success")
        return redirect(url_for(".account"))
    return render_template("auth/account.html", form=form)


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Page:
    """Change the password; every other session is logged out."""
    user = current_user._get_current_object()
    form = ChangePasswordForm(account_email=user.email)
    if form.validate_on_submit():
        if accounts.change_password(
            db.session, user, form.current_password.data, form.password.data
        ):
            db.session.commit()
            start_session(user, remember=is_remembered())
            flash("Your password is changed. Other devices have been logged out.", "success")
            return redirect(url_for(".account"))
        form.current_password.errors.append("Your current password is not right.")
    return render_template("auth/change_password.html", form=form)


@blueprint.route("/reset-password", methods=["GET", "POST"])
@throttle_requests
def reset_request() -> Page:
    """Ask for a reset link; the answer is the same whether the account exists or not."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(db.session, form.email.data)
        if user is not None and user.is_active:
            try:
                with db.session.begin_nested():  # no stored link if the mail was not sent
                    reset.send_password_reset(db.session, user)
            except mail.MailError:
                log.exception("Password reset mail to user %s failed", user.id)
            db.session.commit()
        flash(RESET_SENT, "success")
        return redirect(url_for(".reset_request"))
    return render_template("auth/reset_request.html", form=form)


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Page:
    """Choose a new password with a link from the email, once."""
    found = reset.find_reset_token(db.session, token)
    if found is None:
        return render_template("auth/reset_invalid.html"), 410
    form = ResetPasswordForm(account_email=_email_of(found.user_id))
    if form.validate_on_submit():
        user = reset.reset_password(db.session, token, form.password.data)
        if user is None:
            return render_template("auth/reset_invalid.html"), 410
        accounts.record_login(db.session, user)
        db.session.commit()
        start_session(user)
        flash("Your password is changed and you are logged in.", "success")
        return redirect(dashboard_url())
    return render_template("auth/reset_password.html", form=form, token=token)


def _profile(form: ProfileForm | RegisterForm) -> accounts.Profile:
    """The profile answers of a validated form."""
    return accounts.Profile(
        full_name=form.full_name.data,
        role=form.role.data,
        organization_kind=form.organization_kind.data,
        organization_name=form.organization_name.data or "",
        state=form.state.data,
    )


def _email_of(user_id: int) -> str:
    """The email address of a user known to exist."""
    user = db.session.get(User, user_id)
    return user.email if user is not None else ""
