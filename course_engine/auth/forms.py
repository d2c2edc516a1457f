"""The account forms; labels, hints and autocomplete tokens live here, next to the rules."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from course_engine.auth.choices import ORGANIZATION_KINDS, ROLES, STATES
from course_engine.auth.emails import MAX_EMAIL, InvalidEmail, check_email
from course_engine.i18n import translate
from course_engine.safe_forms import SafeForm

MIN_PASSWORD = 10
MAX_PASSWORD = 256


def _strip(value: Any) -> Any:
    """Trim surrounding spaces from text input."""
    return value.strip() if isinstance(value, str) else value


def _choose(
    choices: tuple[tuple[str, str], ...], prompt: Any, translate: bool = True
) -> list[SelectChoice]:
    """Choices with an empty first option that asks the learner to pick (labels translated)."""
    options = [SelectChoice(value, _l(label) if translate else label) for value, label in choices]
    return [SelectChoice("", prompt), *options]


def valid_email(form: SafeForm, field: EmailField) -> None:
    """The one email validator (course_engine.auth.emails.check_email), as a form rule."""
    try:
        check_email(field.data or "")
    except InvalidEmail as error:
        raise ValidationError(translate(error)) from None


def email_field(label: Any = None, autocomplete: str = "email") -> EmailField:
    """An email address, required and checked for shape."""
    return EmailField(
        label or _l("Email address"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(
                max=MAX_EMAIL,
                message=_l("Email addresses have at most %(count)s characters.", count=MAX_EMAIL),
            ),
            valid_email,
        ],
        render_kw={"autocomplete": autocomplete, "spellcheck": "false"},
    )


def new_password_field(label: Any = None) -> PasswordField:
    """A new password of at least ten characters."""
    return PasswordField(
        label or _l("Password"),
        description=_l(
            "At least %(count)s characters. A short sentence is easy to remember.",
            count=MIN_PASSWORD,
        ),
        validators=[
            InputRequired(_l("Enter a password.")),
            Length(
                min=MIN_PASSWORD,
                max=MAX_PASSWORD,
                message=_l(
                    "Use between %(low)s and %(high)s characters.",
                    low=MIN_PASSWORD,
                    high=MAX_PASSWORD,
                ),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def confirm_field(label: Any = None) -> PasswordField:
    """The new password typed a second time."""
    return PasswordField(
        label or _l("Confirm password"),
        validators=[
            InputRequired(_l("Type the password again.")),
            EqualTo("password", _l("The two passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def refuse_email_as_password(password: str | None, email: str | None) -> None:
    """Raise ValidationError when the password is the email address."""
    email = (email or "").strip().lower()
    if email and (password or "").strip().lower() == email:
        raise ValidationError(_l("Choose a password that is not your email address."))


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


class PrintableOnCertificates:
    """Refuse names with characters the certificate fonts lack (they would print as boxes)."""

    def __call__(self, form: SafeForm, field: StringField) -> None:
        """Raise ValidationError naming the characters that cannot be printed."""
        from course_engine.certificates.render import unprintable_characters

        missing = unprintable_characters(field.data or "")
        if missing:
            shown = " ".join(missing[:10])
            raise ValidationError(
                _l(
                    "Certificates cannot print these characters of your name: %(shown)s. "
                    "Write your name in Latin, Greek or Cyrillic letters (Vietnamese accents are "
                    "fine), as it should appear on your certificates.",
                    shown=shown,
                )
            )


def full_name_field() -> StringField:
    """The name printed on certificates."""
    return StringField(
        _l("Full name"),
        description=_l("As it should be printed on your certificates."),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter your full name.")),
            Length(max=200, message=_l("Names have at most 200 characters.")),
            PrintableOnCertificates(),
        ],
        render_kw={"autocomplete": "name"},
    )


def role_field() -> SelectField:
    """The learner's job role."""
    return SelectField(
        _l("Your role"),
        choices=_choose(ROLES, _l("Choose your role")),
        validators=[DataRequired(_l("Choose your role."))],
    )


def organization_kind_field() -> SelectField:
    """School, health center or other."""
    return SelectField(
        _l("Where you work or study"),
        choices=_choose(ORGANIZATION_KINDS, _l("Choose a kind of organization")),
        validators=[DataRequired(_l("Choose where you work or study."))],
    )


def organization_name_field() -> StringField:
    """The organization's name as the learner types it (optional)."""
    return StringField(
        _l("Name of your school or organization"),
        filters=[_strip],
        validators=[Optional(), Length(max=200, message=_l("Use at most 200 characters."))],
        render_kw={"autocomplete": "organization"},
    )


def state_field() -> SelectField:
    """A US state, DC or territory."""
    return SelectField(
        _l("State or territory"),
        choices=_choose(STATES, _l("Choose a state or territory"), translate=False),
        validators=[DataRequired(_l("Choose your state or territory."))],
        render_kw={"autocomplete": "address-level1"},
    )


class ProfileForm(SafeForm):
    """Name, role, organization and state."""

    full_name = full_name_field()
    role = role_field()
    organization_kind = organization_kind_field()
    organization_name = organization_name_field()
    state = state_field()


class RegisterForm(_PasswordNotEmail, SafeForm):
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
        _l("Invite code"),
        description=_l("From your invitation email or link."),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=64, message=_l("Invite codes have at most 64 characters.")),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    next = HiddenField()

    def __init__(self, *args: Any, invite_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if invite_required:
            self.invite_code.flags.required = True
            self.invite_code.validators = [
                DataRequired(_l("Enter the invite code from your invitation.")),
                Length(max=64, message=_l("Invite codes have at most 64 characters.")),
            ]


class LoginForm(SafeForm):
    """Email, password and "remember me"."""

    email = email_field(autocomplete="username")
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(
        _l("Keep me logged in on this device"),
        description=_l("Leave this unticked on a shared or public computer."),
    )
    next = HiddenField()


class ChangePasswordForm(_PasswordNotEmail, SafeForm):
    """Current password, then the new one twice."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field(_l("New password"))
    confirm = confirm_field(_l("Confirm new password"))


class ResetRequestForm(SafeForm):
    """The address to send a reset link to."""

    email = email_field()


class ResetPasswordForm(_PasswordNotEmail, SafeForm):
    """A new password, twice."""

    password = new_password_field(_l("New password"))
    confirm = confirm_field(_l("Confirm new password"))


class ConfirmActionForm(SafeForm):
    """A button that changes state: carries only the CSRF token."""
