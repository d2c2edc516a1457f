"""Compiling a course's translation files into the course as read in each language."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

from course_engine.content import messages
from course_engine.content.errors import ContentError, Sink
from course_engine.content.links import CourseLinks
from course_engine.content.objects import Course, Module, Quiz
from course_engine.content.translated_quiz import translate_quiz
from course_engine.content.translations import (
    merged_answers,
    translate_course_file,
    translate_module,
    translation_of,
)

#: reads a file as text (None when it cannot be read; the problem is reported)
Reader = Callable[[Path], str | None]


def translation_files(folder: Path, quiz_folder: Path) -> dict[str, list[tuple[Path, str]]]:
    """language -> [(translation file, original file name)] of one course."""
    found: dict[str, list[tuple[Path, str]]] = {}
    for base in (folder, quiz_folder):
        for path in sorted(base.iterdir()) if base.is_dir() else []:
            seen = translation_of(path) if path.is_file() else None
            if seen is not None:
                found.setdefault(seen[1], []).append((path, seen[0]))
    return found


def translate_course(
    original: Course,
    folder: Path,
    quiz_folder: Path,
    links: CourseLinks,
    read: Reader,
    rel: Callable[[Path], str],
) -> tuple[Course, dict[str, Course], list[ContentError], list[Path]]:
    """(original with every language's short answers, {language: course}, errors, files read)."""
    errors: list[ContentError] = []
    courses: dict[str, Course] = {}
    files: list[Path] = []
    modules_by_file = {Path(m.source).name: m for m in original.modules}
    quizzes_by_file = {Path(q.source).name: q for q in original.quizzes.values()}
    for language, entries in sorted(translation_files(folder, quiz_folder).items()):
        modules: dict[str, Module] = {}
        quizzes: dict[str, Quiz] = {}
        changes: dict[str, object] = {}
        for path, name in entries:
            files.append(path)
            text = read(path)
            base = folder if path.parent == folder else quiz_folder
            original_path = base / name
            original_text = read(original_path) if original_path.is_file() else None
            if text is None or original_text is None:
                if original_text is None:
                    message = messages.TRANSLATION_WITHOUT_ORIGINAL.format(
                        original=rel(original_path)
                    )
                    errors.append(ContentError(rel(path), 1, message))
                continue
            sink: Sink
            if name == "course.yaml":
                changes, sink = translate_course_file(
                    original, original_text, text, rel(path), links
                )
            elif name in modules_by_file:
                module, sink = translate_module(
                    modules_by_file[name], original_text, text, rel(path), links, language
                )
                if module is not None:
                    modules[module.id] = module
            elif name in quizzes_by_file:
                quiz, sink = translate_quiz(
                    quizzes_by_file[name], original_text, text, rel(path), links, language
                )
                if quiz is not None:
                    quizzes[quiz.id] = quiz
            else:
                message = messages.TRANSLATION_WITHOUT_ORIGINAL.format(original=rel(original_path))
                errors.append(ContentError(rel(path), 1, message))
                continue
            errors.extend(sink.errors)
        untranslated = {m.id for m in original.modules if m.id not in modules}
        untranslated |= {q for q in original.quizzes if q not in quizzes}
        courses[language] = dataclasses.replace(
            original,
            **changes,  # type: ignore[arg-type]
            modules=tuple(modules.get(m.id, m) for m in original.modules),
            quizzes=MappingProxyType({k: quizzes.get(k, q) for k, q in original.quizzes.items()}),
            language=language,
            untranslated=frozenset(untranslated),
        )
    merged = merged_answers(original, list(courses.values()))
    return merged, courses, errors, files
