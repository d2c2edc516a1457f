"""Forms of the learner pages."""

from course_engine.safe_forms import SafeForm


class ActionForm(SafeForm):
    """A button that changes state: carries only the CSRF token."""
