"""The filters of the completion report, read from a web form or command-line options."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from course_engine import site_time
from course_engine.input_bounds import EARLIEST_DATE, LATEST_DATE, MAX_DATABASE_INT

E = TypeVar("E", bound=enum.StrEnum)


class Status(enum.StrEnum):
    """Where an enrolment stands."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        """The words shown in tables and exports."""
        return self.value.replace("_", " ")


class DateField(enum.StrEnum):
    """Which date a date range applies to."""

    ENROLLED = "enrolled"
    COMPLETED = "completed"


class FilterError(ValueError):
    """A filter value that cannot be used (bad date, unknown status, ...)."""


@dataclass(frozen=True)
class ReportFilters:
    """What to include in a completion report; None means "any"."""

    course_slug: str
    date_field: DateField = DateField.ENROLLED
    since: date | None = None
    until: date | None = None
    organization_id: int | None = None
    cohort_id: int | None = None
    role: str | None = None
    state: str | None = None
    status: Status | None = None
    #: The site time zone whose days ``since`` and ``until`` are.
    time_zone: str = site_time.DEFAULT_ZONE

    def window(self) -> tuple[datetime | None, datetime | None]:
        """The date range as instants: from midnight starting ``since`` to midnight ending
        ``until``, in the site time zone (so a day is the day people there lived)."""
        zone = site_time.zone(self.time_zone)
        start = datetime.combine(self.since, time(), zone) if self.since else None
        end = datetime.combine(self.until + timedelta(days=1), time(), zone) if self.until else None
        return start, end

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set, as JSON-friendly strings (audit log, links)."""
        values = {key: value for key, value in asdict(self).items() if value not in (None, "")}
        if "since" not in values and "until" not in values:
            values.pop("date_field", None)
            values.pop("time_zone", None)
        return {key: str(value) for key, value in values.items()}

    def as_args(self) -> dict[str, str]:
        """The filters as URL query arguments (the names the report form uses)."""
        names = {"course_slug": "course", "organization_id": "organization", "cohort_id": "cohort"}
        values = self.as_dict()
        values.pop("time_zone", None)
        return {names.get(key, key): value for key, value in values.items()}


def parse_filters(
    values: dict[str, str | None], time_zone: str = site_time.DEFAULT_ZONE
) -> ReportFilters:
    """Filters from raw strings (form arguments or CLI options), dates in ``time_zone``;
    raises FilterError."""
    course = (values.get("course") or "").strip()
    if not course:
        raise FilterError("Choose a course.")
    since, until = _date(values, "since"), _date(values, "until")
    if since and until and since > until:
        raise FilterError("The start date must be on or before the end date.")
    return ReportFilters(
        course_slug=course,
        date_field=_choice(DateField, values.get("date_field")) or DateField.ENROLLED,
        since=since,
        until=until,
        organization_id=_number(values, "organization"),
        cohort_id=_number(values, "cohort"),
        role=(values.get("role") or "").strip() or None,
        state=(values.get("state") or "").strip().upper() or None,
        status=_choice(Status, values.get("status")),
        time_zone=time_zone,
    )


def _date(values: dict[str, str | None], name: str) -> date | None:
    text = (values.get(name) or "").strip()
    if not text:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise FilterError(f"{name}: enter a date as YYYY-MM-DD.") from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise FilterError(f"{name}: enter a date between 1900 and 2999.")
    return value


def _number(values: dict[str, str | None], name: str) -> int | None:
    text = (values.get(name) or "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > MAX_DATABASE_INT:
        raise FilterError(f"{name}: expected a number.")
    return int(text)


def _choice(kind: type[E], text: str | None) -> E | None:
    text = (text or "").strip().replace(" ", "_")
    if not text:
        return None
    try:
        return kind(text)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise FilterError(f"{text}: expected one of {allowed}.") from None
