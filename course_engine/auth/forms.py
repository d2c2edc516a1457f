"""The account forms; labels, hints and autocomplete tokens live here, next to the rules."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from course_engine.auth.choices import ORGANIZATION_KINDS, ROLES, STATES

MIN_PASSWORD = 10
MAX_PASSWORD = 256


def _strip(value: Any) -> Any:
    """Trim surrounding spaces from text input."""
    return value.strip() if isinstance(value, str) else value


def _choose(choices: tuple[tuple[str, str], ...], prompt: str) -> list[SelectChoice]:
    """Choices with an empty first option that asks the learner to pick."""
    return [SelectChoice("", prompt), *(SelectChoice(value, label) for value, label in choices)]


def email_field(label: str = "Email address", autocomplete: str = "email") -> EmailField:
    """An email address, required and checked for shape."""
    return EmailField(
        label,
        filters=[_strip],
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter an email address like name@example.org.", check_deliverability=False),
            Length(max=254, message="Email addresses have at most 254 characters."),
        ],
        render_kw={"autocomplete": autocomplete, "spellcheck": "false"},
    )


def new_password_field(label: str = "Password") -> PasswordField:
    """A new password of at least ten characters."""
    return PasswordField(
        label,
        description=f"At least {MIN_PASSWORD} characters. A short sentence is easy to remember.",
        validators=[
            InputRequired("Enter a password."),
            Length(
                min=MIN_PASSWORD,
                max=MAX_PASSWORD,
                message=f"Use between {MIN_PASSWORD} and {MAX_PASSWORD} characters.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def confirm_field(label: str = "Confirm password") -> PasswordField:
    """The new password typed a second time."""
    return PasswordField(
        label,
        validators=[
            InputRequired("Type the password again."),
            EqualTo("password", "The two passwords do not match."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def refuse_email_as_password(password: str | None, email: str | None) -> None:
    """Raise ValidationError when the password is the email address."""
    email = (email or "").strip().lower()
    if email and (password or "").strip().lower() == email:
        raise ValidationError("Choose a password that is not your email address.")


class _PasswordNotEmail:
    """Mixin: the new password in ``password`` may not be the account's email address."""

    account_email: str

    def __init__(self, *args: Any, account_email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account_email = account_email

    def validate_password(self, field: PasswordField) -> None:
        """The password may not be the email address."""
        email = getattr(self, "email", None)
        refuse_email_as_password(field.data, email.data if email else self.account_email)


def full_name_field() -> StringField:
    """The name printed on certificates."""
    return StringField(
        "Full name",
        description="As it should be printed on your certificates.",
        filters=[_strip],
        validators=[
            DataRequired("Enter your full name."),
            Length(max=200, message="Names have at most 200 characters."),
        ],
        render_kw={"autocomplete": "name"},
    )


def role_field() -> SelectField:
    """The learner's job role."""
    return SelectField(
        "Your role",
        choices=_choose(ROLES, "Choose your role"),
        validators=[DataRequired("Choose your role.")],
    )


def organization_kind_field() -> SelectField:
    """School, health center or other."""
    return SelectField(
        "Where you work or study",
        choices=_choose(ORGANIZATION_KINDS, "Choose a kind of organization"),
        validators=[DataRequired("Choose where you work or study.")],
    )


def organization_name_field() -> StringField:
    """The organization's name as the learner types it (optional)."""
    return StringField(
        "Name of your school or organization",
        filters=[_strip],
        validators=[Optional(), Length(max=200, message="Use at most 200 characters.")],
        render_kw={"autocomplete": "organization"},
    )


def state_field() -> SelectField:
    """A US state, DC or territory."""
    return SelectField(
        "State or territory",
        choices=_choose(STATES, "Choose a state or territory"),
        validators=[DataRequired("Choose your state or territory.")],
        render_kw={"autocomplete": "address-level1"},
    )


class ProfileForm(FlaskForm):
    """Name, role, organization and state."""

    full_name = full_name_field()
    role = role_field()
    organization_kind = organization_kind_field()
    organization_name = organization_name_field()
    state = state_field()


class RegisterForm(_PasswordNotEmail, FlaskForm):
    """A new account: email, password, profile and (maybe) an invite code."""

    email = email_field()
    password = new_password_field()
    confirm = confirm_field()
    full_name = full_name_field()
    role = role_field()
    organization_kind = organization_kind_field()
    organization_name = organization_name_field()
    state = state_field()
    invite_code = StringField(
        "Invite code",
        description="From your invitation email or link.",
        filters=[_strip],
        validators=[Optional(), Length(max=64, message="Invite codes have at most 64 characters.")],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    next = HiddenField()

    def __init__(self, *args: Any, invite_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if invite_required:
            self.invite_code.flags.required = True
            self.invite_code.validators = [
                DataRequired("Enter the invite code from your invitation."),
                Length(max=64, message="Invite codes have at most 64 characters."),
            ]


class LoginForm(FlaskForm):
    """Email, password and "remember me"."""

    email = email_field(autocomplete="username")
    password = PasswordField(
        "Password",
        validators=[InputRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(
        "Keep me logged in on this device",
        description="Leave this unticked on a shared or public computer.",
    )
    next = HiddenField()


class ChangePasswordForm(_PasswordNotEmail, FlaskForm):
    """Current password, then the new one twice."""

    current_password = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field("New password")
    confirm = confirm_field("Confirm new password")


class ResetRequestForm(FlaskForm):
    """The address to send a reset link to."""

    email = email_field()


class ResetPasswordForm(_PasswordNotEmail, FlaskForm):
    """A new password, twice."""

    password = new_password_field("New password")
    confirm = confirm_field("Confirm new password")
