"""The completion report: values per row, filters, scope, and one query however many rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event, inspect
from sqlalchemy.orm import Session

from course_engine.reports.completions import completion_page, completion_rows
from course_engine.reports.filters import (
    DateField,
    FilterError,
    ReportFilters,
    Status,
    parse_filters,
)
from tests.reports.conftest import World, at

SLUG = "heart-collaboration"


def names(world: World, viewer: Any = None, **filters: Any) -> list[str]:
    """The learners listed by the report with these filters, in report order."""
    session = Session.object_session(world.ada)
    assert session is not None
    rows = completion_rows(session, world.course, ReportFilters(SLUG, **filters), viewer)
    return [row.name for row in rows]


@contextmanager
def counted_queries(session: Session) -> Iterator[list[str]]:
    """Collect the SQL statements run on the session's connection."""
    statements: list[str] = []
    engine = session.get_bind()

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_one_row_per_enrolment_of_the_course_with_hand_computed_values(
    db: Session, world: World
) -> None:
    rows = {row.name: row for row in completion_rows(db, world.course, ReportFilters(SLUG), None)}
    assert list(rows) == ["Ada Lovelace", "Ben Okafor", "Chloé Ünal", "Dan Brooks", "Eve Adams"]
    ada, ben, chloe, dan, eve = rows.values()
    assert (ada.email, ada.role, ada.organization, ada.state, ada.cohort) == (
        "ada@example.org",
        "Teacher",
        "Lincoln Elementary",
        "MD",
        "June 2026",
    )
    assert (ada.enrolled_at, ada.completed_at) == (at(1, 10), at(1, 20))
    assert (ada.modules_completed, ada.modules_total) == (6, 6)
    assert (ada.pretest_percent, ada.posttest_best, ada.hours) == (40, 90, world.course.hours)
    assert ada.certificate_serial and ada.certificate_status == "valid"
    assert ada.status is Status.COMPLETE
    assert (ben.modules_completed, ben.pretest_percent, ben.posttest_best) == (2, 60, None)
    assert (ben.completed_at, ben.hours, ben.certificate_serial) == (None, None, None)
    assert ben.status is Status.IN_PROGRESS
    assert (chloe.posttest_best, chloe.certificate_status, chloe.cohort) == (80, "revoked", "")
    assert (dan.status, dan.pretest_percent, dan.modules_completed) == (Status.NOT_STARTED, None, 0)
    assert (eve.organization, eve.role, eve.status) == ("Home", "Family member", Status.IN_PROGRESS)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": Status.COMPLETE}, ["Ada Lovelace", "Chloé Ünal"]),
        ({"status": Status.IN_PROGRESS}, ["Ben Okafor", "Eve Adams"]),
        ({"status": Status.NOT_STARTED}, ["Dan Brooks"]),
        ({"role": "teacher"}, ["Ada Lovelace", "Dan Brooks"]),
        ({"state": "VA"}, ["Chloé Ünal", "Dan Brooks"]),
        (
            {"since": date(2026, 2, 1), "until": date(2026, 3, 1)},
            ["Ben Okafor", "Chloé Ünal", "Dan Brooks"],
        ),
        ({"since": date(2026, 3, 1), "date_field": DateField.COMPLETED}, ["Chloé Ünal"]),
        ({"until": date(2026, 1, 31), "date_field": DateField.COMPLETED}, ["Ada Lovelace"]),
        ({"role": "teacher", "state": "MD", "status": Status.COMPLETE}, ["Ada Lovelace"]),
    ],
)
def test_filters_return_exactly_the_matching_rows(
    world: World, filters: dict[str, Any], expected: list[str]
) -> None:
    assert names(world, **filters) == expected


def test_organization_and_cohort_filters(world: World) -> None:
    assert names(world, organization_id=world.lincoln.id) == ["Ada Lovelace", "Ben Okafor"]
    assert names(world, organization_id=world.eastside.id) == ["Chloé Ünal", "Dan Brooks"]
    assert names(world, cohort_id=world.june.id) == ["Ada Lovelace"]


def test_org_admins_see_only_their_organization(world: World) -> None:
    assert names(world, world.org_admin) == ["Ada Lovelace", "Ben Okafor"]
    assert names(world, world.other_org_admin) == ["Chloé Ünal", "Dan Brooks"]
    assert names(world, world.org_admin, organization_id=world.eastside.id) == []
    assert len(names(world, world.admin)) == 5


def test_a_learner_viewer_sees_nothing(world: World) -> None:
    assert names(world, world.ada) == []


def test_the_report_is_one_query_whatever_the_number_of_rows(db: Session, world: World) -> None:
    with counted_queries(db) as statements:
        rows = list(completion_rows(db, world.course, ReportFilters(SLUG), None))
    assert len(rows) == 5
    assert len(statements) == 1


def test_a_page_and_the_total(db: Session, world: World) -> None:
    rows, total = completion_page(db, world.course, ReportFilters(SLUG), None, 2, 2)
    assert total == 5
    assert [row.name for row in rows] == ["Chloé Ünal", "Dan Brooks"]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"status": Status.COMPLETE},
        {"status": Status.IN_PROGRESS},
        {"status": Status.NOT_STARTED},
        {"since": date(2026, 3, 1)},
        {"date_field": DateField.COMPLETED, "since": date(2026, 1, 1)},
        {"state": "MD"},
    ],
)
def test_the_total_counts_exactly_the_rows_the_report_lists(
    db: Session, world: World, filters: dict[str, Any]
) -> None:
    for viewer in (None, world.admin, world.org_admin, world.other_org_admin):
        listed = completion_rows(db, world.course, ReportFilters(SLUG, **filters), viewer)
        _, total = completion_page(db, world.course, ReportFilters(SLUG, **filters), viewer, 1, 2)
        assert total == len(list(listed)), (filters, viewer)


def test_filters_parse_from_strings_and_reject_bad_values() -> None:
    filters = parse_filters(
        {
            "course": SLUG,
            "since": "2026-01-01",
            "status": "in progress",
            "organization": "3",
            "state": "md",
            "role": "",
        }
    )
    assert filters == ReportFilters(
        SLUG, since=date(2026, 1, 1), status=Status.IN_PROGRESS, organization_id=3, state="MD"
    )
    assert filters.as_dict() == {
        "course_slug": SLUG,
        "date_field": "enrolled",
        "since": "2026-01-01",
        "organization_id": "3",
        "state": "MD",
        "status": "in_progress",
        "time_zone": "America/New_York",
    }
    for bad in (
        {"course": ""},
        {"course": SLUG, "since": "01/02/2026"},
        {"course": SLUG, "status": "finished"},
        {"course": SLUG, "cohort": "x"},
        {"course": SLUG, "since": "2026-02-02", "until": "2026-02-01"},
    ):
        with pytest.raises(FilterError):
            parse_filters(bad)


def test_every_filter_has_an_index(engine: Engine) -> None:
    inspector = inspect(engine)
    indexed = {
        table: {tuple(index["column_names"]) for index in inspector.get_indexes(table)}
        for table in ("enrolments", "users")
    }
    for columns in (
        ("course_slug", "enrolled_at"),
        ("course_slug", "completed_at"),
        ("course_slug", "last_active_at"),
    ):
        assert columns in indexed["enrolments"]
    for column in ("organization_id", "cohort_id", "role", "state"):
        assert (column,) in indexed["users"]
