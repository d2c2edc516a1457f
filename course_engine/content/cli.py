"""``course-engine-check [ROOT]``: compile the content and print every error, or a summary."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from course_engine.content.loader import check_content
from course_engine.content.model import Catalog


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


def main(argv: Sequence[str] | None = None) -> int:
    """Check the content under ROOT (default: current folder); 0 when it has no errors."""
    parser = argparse.ArgumentParser(
        prog="course-engine-check", description="Check course content for errors."
    )
    parser.add_argument("root", nargs="?", default=".", help="folder holding modules/ and quizzes/")
    parser.add_argument("--modules-dir", default="modules")
    parser.add_argument("--quizzes-dir", default="quizzes")
    parser.add_argument("--certificates-dir", default="certificates")
    args = parser.parse_args(argv)
    catalog, errors = check_content(
        args.root,
        modules_dir=args.modules_dir,
        quizzes_dir=args.quizzes_dir,
        certificates_dir=args.certificates_dir,
    )
    if catalog is None:
        for error in errors:
            print(error)
        print(f"{_plural(len(errors), 'error')} found.", file=sys.stderr)
        return 1
    print(summary(catalog))
    return 0


if __name__ == "__main__":
    sys.exit(main())
