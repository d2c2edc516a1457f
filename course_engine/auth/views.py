"""Account pages: register, log in and out, profile, password change and reset."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from course_engine.auth import accounts, identities, registration, reset, sessions, throttle
from course_engine.auth.emails import normalize_email
from course_engine.auth.forms import (
    ChangePasswordForm,
    ConfirmActionForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from course_engine.auth.login import (
    current_identity,
    dashboard_url,
    end_session,
    is_remembered,
    is_safe_next,
    next_url,
    start_session,
)
from course_engine.auth.sso.forms import UnlinkForm
from course_engine.auth.sso.providers import sso_required_for
from course_engine.extensions import db
from course_engine.models import User
from course_engine.safe_forms import add_error
from course_engine.texts import N_

blueprint = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

LOGIN_FAILED = N_("Email or password is incorrect.")
RESET_SENT = N_(
    "If an account uses that email address, we have sent it a link to choose a new password. "
    "Check your inbox (and spam folder); the link works once."
)

Page = str | tuple[str, int] | Response


@blueprint.route("/register", methods=["GET", "POST"])
@throttle.throttle_requests
def register() -> Page:
    """Ask for an account: every address gets the same answer, and one mail (see registration)."""
    if current_user.is_authenticated:
        return redirect(dashboard_url())
    mode = current_app.config["REGISTRATION_MODE"]
    form = RegisterForm(invite_required=mode == accounts.INVITE)
    if request.method == "GET":
        form.invite_code.data = request.args.get("code", "").strip()
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            outcome = registration.request_registration(
                db.session,
                email=form.email.data or "",
                password=form.password.data or "",
                profile=_profile(form),
                invite_code=form.invite_code.data or "",
                next_url=_safe_next(),
                mode=mode,
                allowed_domains=tuple(current_app.config["REGISTRATION_DOMAINS"]),
            )
        except accounts.RegistrationError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            db.session.commit()  # the worker sends the mail after this commit
            log.info("Registration form sent (%s address)", outcome)
            return redirect(url_for(".register_sent"), 303)
    return render_template("auth/register.html", form=form, mode=mode)


@blueprint.get("/register/sent")
def register_sent() -> Page:
    """ "Check your email": the page every registration leads to, whatever the address."""
    hours = max(1, current_app.config["REGISTRATION_LINK_MAX_AGE"] // 3600)
    return render_template("auth/register_sent.html", hours=hours)


@blueprint.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm_registration(token: str) -> Page:
    """The link from the mail: confirm (a POST), then the account is made and signed in."""
    pending = registration.find_request(db.session, token)
    if pending is None:
        return render_template("auth/register_invalid.html"), 410
    form = ConfirmActionForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/register_confirm.html", form=form, pending=pending, token=token
        )
    target = pending.next_url
    try:
        user = registration.confirm_registration(
            db.session,
            token,
            mode=current_app.config["REGISTRATION_MODE"],
            allowed_domains=tuple(current_app.config["REGISTRATION_DOMAINS"]),
        )
    except accounts.RegistrationError as error:
        db.session.commit()  # the link is used up
        return render_template("auth/register_confirm.html", error=error.message), 409
    if user is None:
        return render_template("auth/register_invalid.html"), 410
    accounts.record_login(db.session, user)
    db.session.commit()
    start_session(user)
    flash(_("Welcome, %(name)s. Your account is ready.", name=user.full_name), "success")
    return redirect(target if is_safe_next(target) else dashboard_url())


@blueprint.route("/login", methods=["GET", "POST"])
@throttle.throttle_logins
def login() -> Page:
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(next_url())
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    required = sso_required_for(form.email.data or "") if request.method == "POST" else None
    if required is not None:
        domain = (form.email.data or "").rpartition("@")[2]
        form.form_errors.append(
            f"Addresses at {domain} sign in with {required.title}: use the button below."
        )
    elif form.validate_on_submit():
        account = throttle.submitted_account()
        if not throttle.account_allows_attempt(account):
            abort(429)
        user = accounts.authenticate(db.session, form.email.data or "", form.password.data or "")
        if user is not None:
            accounts.record_login(db.session, user)
            db.session.commit()
            throttle.give_back_attempt()
            throttle.forget_account_attempts(account)
            start_session(user, remember=form.remember.data)
            flash(_("You are logged in."), "success")
            return redirect(next_url())
        form.form_errors.append(_(LOGIN_FAILED))
    return render_template("auth/login.html", form=form)


@blueprint.post("/logout")
def logout() -> Response:
    """Log out (POST only, with the CSRF token every form carries)."""
    end_session()
    flash(_("You have logged out."), "success")
    return redirect(url_for("learn.home"))


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def account() -> Page:
    """See and edit the profile."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        accounts.update_profile(db.session, current_user._get_current_object(), _profile(form))
        db.session.commit()
        flash(_("Your details are saved."), "success")
        return redirect(url_for(".account"))
    user = current_user._get_current_object()
    identity = current_identity()
    devices = [
        (row, sessions.is_current(row, identity)) for row in sessions.devices_of(db.session, user)
    ]
    return render_template(
        "auth/account.html",
        form=form,
        linked=identities.identities_of(db.session, current_user),
        has_password=identities.has_password(current_user),
        unlink_form=UnlinkForm(),
        devices=devices,
        sign_out_form=ConfirmActionForm(),
    )


@blueprint.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere() -> Response:
    """End every other signed-in session of the account (this one stays)."""
    if not ConfirmActionForm().validate_on_submit():
        abort(400)
    ended = sessions.close_all(
        db.session, current_user._get_current_object(), keep=current_identity()
    )
    db.session.commit()
    flash(
        ngettext(
            "Signed out on %(num)d other device.", "Signed out on %(num)d other devices.", ended
        ),
        "success",
    )
    return redirect(url_for(".account"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Page:
    """Change the password; every other session is logged out."""
    user = current_user._get_current_object()
    form = ChangePasswordForm(account_email=user.email)
    if form.validate_on_submit():
        if accounts.change_password(
            db.session, user, form.current_password.data or "", form.password.data or ""
        ):
            db.session.commit()
            start_session(user, remember=is_remembered())
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for(".account"))
        add_error(form.current_password, "Your current password is not right.")
    return render_template("auth/change_password.html", form=form)


@blueprint.route("/reset-password", methods=["GET", "POST"])
@throttle.throttle_requests
def reset_request() -> Page:
    """Ask for a reset link; the answer is the same whether the account exists or not."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(db.session, form.email.data or "")
        if user is not None and user.is_active:
            reset.send_password_reset(db.session, user)  # queued: a worker sends it
        else:  # the same work: one mail queued, saying no account uses the address
            reset.send_no_account_notice(db.session, normalize_email(form.email.data or ""))
        db.session.commit()
        flash(_(RESET_SENT), "success")
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
        user = reset.reset_password(db.session, token, form.password.data or "")
        if user is None:
            return render_template("auth/reset_invalid.html"), 410
        accounts.record_login(db.session, user)
        db.session.commit()
        throttle.forget_account_attempts(user.email_key)
        start_session(user)
        flash(_("Your password is changed and you are logged in."), "success")
        return redirect(dashboard_url())
    return render_template("auth/reset_password.html", form=form, token=token)


def _profile(form: ProfileForm | RegisterForm) -> accounts.Profile:
    """The profile answers of a validated form."""
    return accounts.Profile(
        full_name=form.full_name.data or "",
        role=form.role.data,
        organization_kind=form.organization_kind.data,
        organization_name=form.organization_name.data or "",
        state=form.state.data,
    )


def _safe_next() -> str:
    """The form's or query's ``next`` when it is safe to follow later, else ""."""
    target = request.form.get("next") or request.args.get("next") or ""
    return target if is_safe_next(target) else ""


def _email_of(user_id: int) -> str:
    """The email address of a user known to exist."""
    user = db.session.get(User, user_id)
    return user.email if user is not None else ""
