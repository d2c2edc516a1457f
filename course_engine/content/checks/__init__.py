"""Authoring checks: warnings about a course that compiles but may not teach or test well."""

from __future__ import annotations

from course_engine.content.checks.alignment import alignment_warnings
from course_engine.content.checks.choices import choice_warnings
from course_engine.content.checks.settings import CheckSettings
from course_engine.content.checks.workload import workload_warnings
from course_engine.content.errors import ContentWarning
from course_engine.content.objects import Catalog, Course

__all__ = ["CheckSettings", "ContentWarning", "catalog_warnings", "course_warnings"]


def course_warnings(course: Course, settings: CheckSettings | None = None) -> list[ContentWarning]:
    """Every warning for one compiled course, sorted by file and line."""
    settings = settings or CheckSettings()
    found = [
        *choice_warnings(course),
        *alignment_warnings(course, settings),
        *workload_warnings(course, settings),
    ]
    return sorted(set(found))


def catalog_warnings(
    catalog: Catalog, settings: CheckSettings | None = None
) -> list[ContentWarning]:
    """Every warning for every course of a catalog, sorted by file and line."""
    found: list[ContentWarning] = []
    for course in catalog.courses.values():
        found.extend(course_warnings(course, settings))
    return sorted(found)
