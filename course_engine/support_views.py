"""Public support pages: help (whom to contact) and the accessibility statement."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

blueprint = Blueprint("support", __name__)


@blueprint.get("/help")
def help_page() -> str:
    """Whom to contact, and answers to the questions learners ask most."""
    return render_template("support/help.html", email=current_app.config["SUPPORT_EMAIL"])


@blueprint.get("/accessibility")
def accessibility() -> str:
    """The accessibility statement: the standard met and how to report a barrier."""
    return render_template("support/accessibility.html", email=current_app.config["SUPPORT_EMAIL"])
