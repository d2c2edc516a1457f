"""Sign in with an OpenID provider: start (POST), callback (state, nonce, id_token), link, unlink.

The callback is a GET from the provider and carries no CSRF token: Authlib's ``state`` (kept in
this browser's session) and the id_token's ``nonce`` protect it instead; a forged or replayed
state finds no stored request and is refused.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from authlib.integrations.base_client.errors import OAuthError
from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from course_engine import urls
from course_engine.auth import accounts, identities, throttle
from course_engine.auth.login import is_safe_next, next_url, start_session
from course_engine.auth.sso import providers
from course_engine.auth.sso.claims import authoritative_for, verified_claims
from course_engine.auth.sso.forms import LinkForm, StartForm, UnlinkForm
from course_engine.extensions import db
from course_engine.models import IdentityKind, User
from course_engine.safe_forms import add_error
from course_engine.texts import N_

blueprint = Blueprint("sso", __name__)
log = logging.getLogger(__name__)

UNAVAILABLE = N_(
    "Sign-in with %(title)s is not available right now. Try again later, or log in with your "
    "password if you have one here."
)
NOT_CHECKED = "Sign-in with {title} could not be checked. Start again from the login page."
PENDING_LINK = "sso_pending_link"
PENDING_NEXT = "sso_next"
#: What can go wrong between us and the provider (down, misconfigured, bad or forged token).
FLOW_ERRORS = (OAuthError, JoseError, requests.RequestException, ValueError, KeyError)

Page = str | tuple[str, int] | Response


def _provider_or_404(name: str) -> providers.Provider:
    """The configured provider, or 404."""
    found = providers.provider(name)
    if found is None:
        abort(404)
    return found


@blueprint.post("/login/sso/<name>")
def start(name: str) -> Response:
    """Send the browser to the provider with state, nonce and a PKCE challenge."""
    provider = _provider_or_404(name)
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    target = form.next.data
    session[PENDING_NEXT] = target if is_safe_next(target) else ""
    try:
        redirect_to: Response = providers.client(name).authorize_redirect(
            urls.external_url("sso.callback", name=name)
        )
        return redirect_to
    except FLOW_ERRORS:
        log.exception("OpenID provider %s is unreachable or misconfigured", name)
        flash(_(UNAVAILABLE, title=provider.title), "error")
        return redirect(url_for("auth.login"))


@blueprint.get("/login/sso/<name>/callback")
def callback(name: str) -> Page:
    """Check the provider's answer and sign the learner in (or ask them to link)."""
    provider = _provider_or_404(name)
    try:
        token = providers.client(name).authorize_access_token(
            claims_options={"iss": {"essential": True, "values": [provider.issuer]}}, leeway=60
        )
        userinfo: dict[str, Any] | None = token.get("userinfo")
        if not userinfo:
            raise ValueError("the provider returned no id_token")
        claims = verified_claims(provider, userinfo)
        user = identities.sign_in(
            db.session, claims, authoritative=authoritative_for(provider, claims)
        )
    except FLOW_ERRORS as error:
        log.warning("Sign-in with %s refused: %s", name, error)
        db.session.rollback()
        return _refused(NOT_CHECKED.format(title=provider.title))
    except identities.SignInRefused as refused:
        db.session.rollback()
        return _refused(refused.message)
    except identities.LinkNeeded as needed:
        db.session.rollback()
        session[PENDING_LINK] = {
            **claims.__dict__,
            "kind": claims.kind.value,
            "user": needed.user.id,
        }
        return redirect(url_for(".link"))
    return _signed_in(user, created=not user.role)


def _refused(message: str) -> tuple[str, int]:
    """The page that says why nobody was signed in."""
    return render_template("auth/sso_refused.html", message=message), 403


def _signed_in(user: User, *, created: bool) -> Response:
    """Commit, start a fresh session and go on (to the profile when it is incomplete)."""
    target = session.get(PENDING_NEXT) or ""
    accounts.record_login(db.session, user)
    db.session.commit()
    start_session(user)
    if created:
        flash(_("Welcome. Tell us your role and where you work to finish your profile."), "success")
        return redirect(url_for("auth.account"))
    flash(_("You are logged in."), "success")
    return redirect(target if is_safe_next(target) else next_url())


@blueprint.route("/login/sso/link", methods=["GET", "POST"])
@throttle.throttle_logins
def link() -> Page:
    """Link a provider's sign-in to the existing account with the same email, by its password."""
    pending: dict[str, Any] | None = session.get(PENDING_LINK)
    user = db.session.get(User, pending["user"]) if pending else None
    if pending is None or user is None:
        return redirect(url_for("auth.login"))
    form = LinkForm()
    if form.validate_on_submit():
        if not throttle.account_allows_attempt(user.email_key):
            abort(429)
        if accounts.authenticate(db.session, user.email, form.password.data or "") is not None:
            throttle.forget_account_attempts(user.email_key)
            claims = identities.VerifiedClaims(
                **{
                    **{k: v for k, v in pending.items() if k != "user"},
                    "kind": IdentityKind(pending["kind"]),
                }
            )
            try:
                identities.link(db.session, user, claims)
            except identities.SignInRefused as refused:
                db.session.rollback()
                return _refused(refused.message)
            session.pop(PENDING_LINK, None)
            flash(_("Your sign-in is now linked to this account."), "success")
            return _signed_in(user, created=False)
        add_error(form.password, "That password is not right.")
    return render_template(
        "auth/sso_link.html",
        form=form,
        email=user.email,
        provider=providers.provider(pending.get("provider", "")),
    )


@blueprint.post("/account/identities/<int:identity_id>/unlink")
@login_required
def unlink(identity_id: int) -> Response:
    """Remove one linked sign-in, never the last way into the account."""
    user = current_user._get_current_object()
    identity = identities.owned_identity(db.session, user, identity_id)
    if identity is None:
        abort(404)
    if not UnlinkForm().validate_on_submit():
        abort(400)
    if identities.unlink(db.session, user, identity):
        db.session.commit()
        flash(_("That sign-in is no longer linked to your account."), "success")
    else:
        flash(_("That sign-in cannot be removed: it is your only way into this account."), "error")
    return redirect(url_for("auth.account"))
