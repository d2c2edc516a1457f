"""``course-engine-check [ROOT]``: compile the content, print every error and warning, or a summary.

Exit status: 0 when the content compiles (warnings allowed unless ``--strict``), 1 otherwise.
``--format json`` prints one JSON document for a course repository's own CI.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from course_engine.content.checks import CheckSettings, catalog_warnings
from course_engine.content.checks.report import quality_figures, quality_lines
from course_engine.content.checks.workload import course_estimate
from course_engine.content.errors import ContentError, ContentWarning
from course_engine.content.loader import check_content
from course_engine.content.objects import Catalog


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(catalog: Catalog) -> str:
    """One line: how many courses, modules, pages, quizzes and questions loaded."""
    stats = catalog.stats
    return "OK: " + ", ".join(
        [
            _plural(stats.courses, "course"),
            _plural(stats.modules, "module"),
            _plural(stats.pages, "page"),
            _plural(stats.quizzes, "quiz").replace("quizs", "quizzes"),
            _plural(stats.questions, "question"),
        ]
    )


def coverage_lines(catalog: Catalog) -> list[str]:
    """Translation coverage per language and course: modules and quizzes translated."""
    lines = []
    for language, courses in catalog.translations.items():
        for slug, course in courses.items():
            modules = [m for m in course.modules if m.id not in course.untranslated]
            quizzes = [q for q in course.quizzes if q not in course.untranslated]
            lines.append(
                f"Translation {language} of {slug}: {len(modules)} of {len(course.modules)} "
                f"modules, {len(quizzes)} of {len(course.quizzes)} quizzes."
            )
    return lines


def seat_times(catalog: Catalog, settings: CheckSettings) -> list[dict[str, Any]]:
    """Per course: the estimated seat time against the contact hours it claims."""
    return [
        {
            "course": course.slug,
            "estimated_minutes": round(course_estimate(course, settings)),
            "claimed_minutes": round(course.hours * 60),
        }
        for course in catalog.courses.values()
    ]


def parser() -> argparse.ArgumentParser:
    """The command-line options (shared with ``flask content check``)."""
    parser = argparse.ArgumentParser(
        prog="course-engine-check", description="Check course content for errors and warnings."
    )
    parser.add_argument("root", nargs="?", default=".", help="folder holding modules/ and quizzes/")
    parser.add_argument("--modules-dir", default="modules")
    parser.add_argument("--quizzes-dir", default="quizzes")
    parser.add_argument("--certificates-dir", default="certificates")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--reading-grade", type=float, default=CheckSettings.reading_grade,
        help="warn when a module reads above this Flesch-Kincaid grade (default 9)",
    )  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Check the content under ROOT (default: current folder); 0 when it has no errors."""
    args = parser().parse_args(argv)
    catalog, errors = check_content(
        args.root,
        modules_dir=args.modules_dir,
        quizzes_dir=args.quizzes_dir,
        certificates_dir=args.certificates_dir,
    )
    settings = CheckSettings(reading_grade=args.reading_grade)
    warnings = catalog_warnings(catalog, settings) if catalog is not None else []
    failed = catalog is None or (args.strict and bool(warnings))
    if args.format == "json":
        _print_json(catalog, errors, warnings, settings, failed)
    else:
        _print_text(catalog, errors, warnings, settings, strict=args.strict)
    return 1 if failed else 0


def _print_text(
    catalog: Catalog | None,
    errors: list[ContentError],
    warnings: list[ContentWarning],
    settings: CheckSettings,
    *,
    strict: bool,
) -> None:
    for problem in [*errors, *warnings]:
        print(problem)
    if catalog is None:
        print(f"{_plural(len(errors), 'error')} found.", file=sys.stderr)
        return
    print(summary(catalog))
    for line in coverage_lines(catalog):
        print(line)
    for seat in seat_times(catalog, settings):
        print(
            f"Seat time of {seat['course']}: about {seat['estimated_minutes']} minutes "
            f"estimated, {seat['claimed_minutes']} minutes claimed."
        )
    for course in catalog.courses.values():
        for line in quality_lines(quality_figures(course), settings.reading_grade):
            print(line)
    if warnings:
        suffix = " (--strict: failing)" if strict else ""
        print(f"{_plural(len(warnings), 'warning')} found{suffix}.", file=sys.stderr)


def _print_json(
    catalog: Catalog | None,
    errors: list[ContentError],
    warnings: list[ContentWarning],
    settings: CheckSettings,
    failed: bool,
) -> None:
    document = {
        "ok": not failed,
        "errors": [asdict(error) for error in errors],
        "warnings": [asdict(warning) for warning in warnings],
        "stats": asdict(catalog.stats) if catalog is not None else None,
        "seat_time": seat_times(catalog, settings) if catalog is not None else [],
        "quality": [quality_figures(c) for c in catalog.courses.values()] if catalog else [],
    }
    print(json.dumps(document, indent=2))


if __name__ == "__main__":
    sys.exit(main())
