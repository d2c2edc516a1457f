"""Form bases every form uses: text without control characters, sane dates, bounded integers."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, Field, Form, IntegerField, StringField, ValidationError

from course_engine.input_bounds import MAX_DATABASE_INT, refuse_control_characters, sane_date


def _fits_the_database(_form: Any, field: Field) -> None:
    """WTForms validator: an integer an INTEGER column holds."""
    if field.data is not None and not -MAX_DATABASE_INT <= field.data <= MAX_DATABASE_INT:
        raise ValidationError("Enter a smaller number.")


def with_input_bounds(field: Field) -> Field:
    """Give a bound field the checks of its kind."""
    extra = []
    if isinstance(field, StringField):
        extra.append(refuse_control_characters)
    elif isinstance(field, DateField):
        extra.append(sane_date)
    elif isinstance(field, IntegerField):
        extra.append(_fits_the_database)
    if extra:
        field.validators = [*field.validators, *extra]
    return field


def add_error(field: Field, message: str) -> None:
    """Show ``message`` under ``field`` (a check the view makes after the form's own)."""
    field.errors = [*field.errors, message]


class _BoundsMeta:
    """WTForms meta hook: every field gets ``with_input_bounds`` when it is bound."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
        """Bind the field as usual, then add its checks."""
        return with_input_bounds(super().bind_field(form, unbound_field, options))  # type: ignore[misc]


class SafeForm(FlaskForm):
    """A CSRF-protected form whose fields refuse input the database cannot hold."""

    Meta = type("Meta", (_BoundsMeta, FlaskForm.Meta), {})


class SafeQueryForm(Form):
    """A query-string form (no CSRF) with the same checks."""

    Meta = type("Meta", (_BoundsMeta, Form.Meta), {})
