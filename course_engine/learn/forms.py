"""Forms of the learner pages."""

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button that changes state: carries only the CSRF token."""
