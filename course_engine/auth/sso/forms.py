"""Forms for signing in with a provider: the start button, the password proof, unlinking."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField
from wtforms.validators import InputRequired


class StartForm(FlaskForm):
    """ "Sign in with …": a button (POST, CSRF) that sends the browser to the provider."""

    next = HiddenField()


class LinkForm(FlaskForm):
    """Prove you own the existing account by typing its password once."""

    password = PasswordField(
        "Password of your account here",
        validators=[InputRequired("Enter the password of your account here.")],
        render_kw={"autocomplete": "current-password"},
    )


class UnlinkForm(FlaskForm):
    """Remove a linked sign-in (a button with the CSRF token)."""
