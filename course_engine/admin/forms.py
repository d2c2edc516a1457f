"""The administration forms; choices that come from the database are filled in by the views."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from course_engine.admin.organization_operations import ORGANIZATION_KINDS
from course_engine.admin.queries import (
    ACTIVE,
    COMPLETE,
    DEACTIVATED,
    DELETED,
    IN_PROGRESS,
    NOT_STARTED,
)
from course_engine.auth.choices import STATES
from course_engine.auth.forms import full_name_field
from course_engine.input_bounds import MAX_DATABASE_INT
from course_engine.models import AccessRole
from course_engine.safe_forms import SafeForm, add_error

ROLE_PAIRS = [
    (AccessRole.LEARNER.value, "Learner"),
    (AccessRole.AUTHOR.value, "Author"),
    (AccessRole.ORG_ADMIN.value, "Organization administrator"),
    (AccessRole.ADMIN.value, "Administrator"),
]
ROLE_LABELS = dict(ROLE_PAIRS)


def choices(pairs: Any) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


ROLE_CHOICES = choices(ROLE_PAIRS)


def _strip(value: Any) -> Any:
    """Trim surrounding spaces from text input."""
    return value.strip() if isinstance(value, str) else value


def _id_or_none(value: Any) -> int | None:
    """A select's value as an id; '' (no choice) as None; an id no table can hold is refused."""
    if value in (None, "", "None"):
        return None
    number = int(value)
    if not 0 < number <= MAX_DATABASE_INT:
        raise ValueError("Not a choice.")
    return number


class SearchForm(SafeForm):
    """GET filters of a list page (no CSRF token: it changes nothing)."""

    class Meta:
        csrf = False


class LearnerSearchForm(SearchForm):
    """Search learners by name or email, organization, cohort, status and progress."""

    q = StringField("Name or email", filters=[_strip], validators=[Optional(), Length(max=200)])
    organization = SelectField("Organization", coerce=_id_or_none, validate_choice=False)
    cohort = SelectField("Cohort", coerce=_id_or_none, validate_choice=False)
    status = SelectField(
        "Account status",
        choices=choices(
            [
                ("", "Any (not deleted)"),
                (ACTIVE, "Active"),
                (DEACTIVATED, "Deactivated"),
                (DELETED, "Deleted"),
            ]
        ),
        validate_choice=False,
    )
    progress = SelectField(
        "Course progress",
        choices=choices(
            [
                ("", "Any"),
                (NOT_STARTED, "Not started"),
                (IN_PROGRESS, "In progress"),
                (COMPLETE, "Complete"),
            ]
        ),
        validate_choice=False,
    )
    course = SelectField("Course", validate_choice=False)
    role = SelectField(
        "Access role", choices=choices([("", "Any"), *ROLE_PAIRS]), validate_choice=False
    )


class AuditFilterForm(SearchForm):
    """Filter the audit log by action."""

    action = SelectField("Action", validate_choice=False)


class ConfirmForm(SafeForm):
    """A button that only needs the CSRF token."""


class NameForm(SafeForm):
    """Correct the name printed on certificates."""

    full_name = full_name_field()
    reissue = BooleanField(
        "Reissue the learner's valid certificates in the corrected name",
        description="The old certificates are marked as replaced; their verification links "
        "point to the new ones.",
        default=True,
    )


class RoleForm(SafeForm):
    """Change what a user may do."""

    access_role = SelectField("Access role", choices=ROLE_CHOICES)


class PlacementForm(SafeForm):
    """Put a user in an organization and cohort."""

    organization = SelectField("Organization", coerce=_id_or_none)
    cohort = SelectField("Cohort", coerce=_id_or_none)


class RevokeForm(SafeForm):
    """Revoke a certificate, saying why (shown on its verification page)."""

    reason = TextAreaField(
        "Reason for revoking",
        description="Shown to anyone who verifies the certificate.",
        filters=[_strip],
        validators=[DataRequired("Say why the certificate is revoked."), Length(max=500)],
    )


class OrganizationForm(SafeForm):
    """An organization's name, kind and state."""

    name = StringField(
        "Name",
        filters=[_strip],
        validators=[DataRequired("Enter the organization's name."), Length(max=200)],
    )
    kind = SelectField("Kind", choices=choices(ORGANIZATION_KINDS))
    state = SelectField("State or territory", choices=choices([("", "None or several"), *STATES]))


class CohortForm(SafeForm):
    """A cohort's name, organization and start date."""

    name = StringField(
        "Name",
        filters=[_strip],
        validators=[DataRequired("Enter the cohort's name."), Length(max=200)],
    )
    organization = SelectField("Organization", coerce=_id_or_none)
    starts_on = DateField(
        "Start date",
        validators=[Optional()],
        description="The day the cohort starts; pick it from the calendar or type it.",
    )


class InviteForm(SafeForm):
    """A new invite code for an organization and/or cohort."""

    organization = SelectField("Organization", coerce=_id_or_none)
    cohort = SelectField("Cohort", coerce=_id_or_none)
    code = StringField(
        "Code",
        filters=[_strip],
        description="Leave empty for a random code. Letters, digits, - and _ only.",
        validators=[
            Optional(),
            Length(min=4, max=64),
            Regexp(r"^[A-Za-z0-9_-]+$", message="Use letters, digits, - and _ only."),
        ],
    )
    expires_on = DateField(
        "Expires after",
        validators=[Optional()],
        description="The code stops working at the end of this day (UTC).",
    )
    max_uses = IntegerField(
        "Use limit",
        validators=[Optional(), NumberRange(min=1)],
        description="How many people may register with it.",
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """An invite must name an organization or a cohort."""
        if not super().validate(extra_validators):
            return False
        if self.organization.data is None and self.cohort.data is None:
            add_error(self.organization, "Choose an organization, a cohort or both.")
            return False
        return True
