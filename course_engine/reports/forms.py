"""The completion report's filter form (GET: no CSRF token, every field labelled)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3
from wtforms.validators import InputRequired, Optional, ValidationError

from course_engine.admin import scope
from course_engine.auth.choices import ROLES, STATES
from course_engine.content import Course
from course_engine.models import AccessRole, Cohort, User
from course_engine.reports.filters import DateField as DateOf
from course_engine.reports.filters import ReportFilters, Status, parse_filters
from course_engine.safe_forms import SafeQueryForm


def choices(pairs: Sequence[tuple[str, str]], anything: str) -> list[SelectChoice]:
    """An "any" option, then one option per (value, label)."""
    return [SelectChoice("", anything), *(SelectChoice(value, label) for value, label in pairs)]


class FilterForm(SafeQueryForm):
    """Which enrolments the completion report lists."""

    course = SelectField("Course", validators=[InputRequired("Choose a course.")])
    status = SelectField(
        "Status", choices=choices([(s.value, s.label) for s in Status], "Any status"), default=""
    )
    date_field = SelectField(
        "Date range applies to",
        choices=[
            SelectChoice(DateOf.ENROLLED.value, "Enrolment date"),
            SelectChoice(DateOf.COMPLETED.value, "Completion date"),
        ],
        default=DateOf.ENROLLED.value,
    )
    since = DateField("From", validators=[Optional()], description="The first day to include.")
    until = DateField("To", validators=[Optional()], description="Included in the range.")
    organization = SelectField("Organization", default="")
    cohort = SelectField("Cohort", default="")
    role = SelectField("Role", choices=choices(ROLES, "Any role"), default="")
    state = SelectField("State", choices=choices(STATES, "Any state"), default="")

    def validate_until(self, field: DateField) -> None:
        """The range must not end before it starts."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date must be on or after the start date.")

    def filters(self, time_zone: str) -> ReportFilters:
        """The validated form as report filters (its days are days in ``time_zone``)."""
        values = {
            name: (value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in self.data.items()
        }
        return parse_filters(values, time_zone)


def filter_form(
    session: Session,
    args: MultiDict[str, str],
    courses: list[Course],
    viewer: User,
    time_zone: str,
) -> FilterForm:
    """The form read from query arguments, with the choices the viewer may use; the date
    fields say which time zone their days are in."""
    form = FilterForm(args)
    form.since.description = f"A day in {time_zone} time: the first day to include."
    form.until.description = f"Included in the range (a day in {time_zone} time)."
    form.course.choices = [SelectChoice(course.slug, course.title) for course in courses]
    if not args.get("course") and courses:
        form.course.data = courses[0].slug
    form.organization.choices = choices(_organizations(session, viewer), "Any organization")
    form.cohort.choices = choices(_cohorts(session, viewer), "Any cohort")
    return form


def _organizations(session: Session, viewer: User) -> list[tuple[str, str]]:
    """Organizations the viewer may filter on (an org admin: their own)."""
    return [(str(id_), name) for id_, name in scope.visible_organizations(session, viewer)]


def _cohorts(session: Session, viewer: User) -> list[tuple[str, str]]:
    """Cohorts the viewer may filter on (an org admin: their organization's)."""
    return [(str(id_), name) for id_, name in scope.visible_cohorts(session, viewer)]


def outside_scope(session: Session, args: MultiDict[str, str], viewer: User) -> bool:
    """True when an org admin asks for another organization's learners or cohort."""
    if viewer.access_role == AccessRole.ADMIN:
        return False
    organization, cohort = args.get("organization", ""), args.get("cohort", "")
    if organization.isdigit() and int(organization) != viewer.organization_id:
        return True
    if cohort.isdigit():
        owner: Any = session.scalar(select(Cohort.organization_id).where(Cohort.id == int(cohort)))
        return owner is None or owner != viewer.organization_id
    return False
