"""Compiling a quiz file as it was: the text kept with an attempt, read again for its result."""

from __future__ import annotations

from pathlib import PurePosixPath

from course_engine.content.links import CourseLinks
from course_engine.content.objects import Course, Quiz
from course_engine.content.quiz_file import build_quiz

MODULE_URL = "/courses/{course}/modules/{module}"
ASSET_URL = "/courses/{course}/assets/{path}"


def compile_quiz_text(text: str, source: str, course: Course, content_hash: str) -> Quiz | None:
    """The quiz an earlier text of a file compiles to (links resolved against today's course).

    Problems are not reported: the text was valid when it was live, and a link to a module or
    asset removed since is simply left out.
    """
    module_files = {PurePosixPath(m.source).name: m.id for m in course.modules}
    assets = frozenset(
        p.relative_to(course.assets_dir).as_posix()
        for p in (course.assets_dir.rglob("*") if course.assets_dir.is_dir() else [])
        if p.is_file()
    )
    links = CourseLinks(course.slug, module_files, assets, MODULE_URL, ASSET_URL)
    stem = PurePosixPath(source).stem
    return build_quiz(text, stem, source, course.slug, links, content_hash).quiz
