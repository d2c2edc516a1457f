"""A content version's outline: the ids, versions, pages, pass scores and answer keys that
progress depends on, as plain JSON (kept in the database as the version live)."""

from __future__ import annotations

from typing import Any

from course_engine.content.objects import Catalog, Course, Quiz
from course_engine.content.questions import Question


def catalog_outline(catalog: Catalog) -> dict[str, Any]:
    """The outline of every course of a catalog."""
    return {
        "content_hash": catalog.content_hash,
        "courses": {slug: course_outline(course) for slug, course in catalog.courses.items()},
    }


def course_outline(course: Course) -> dict[str, Any]:
    """What of one course progress depends on."""
    return {
        "version": course.version,
        "content_version": course.content_version,
        "requires_recompletion": course.requires_recompletion,
        "source": course.source,
        "posttest": course.posttest,
        "posttest_min_score": course.completion.posttest_min_score,
        "required": list(course.completion.modules),
        "modules": [
            {
                "id": m.id,
                "title": m.title,
                "source": m.source,
                "version": m.version,
                "requires_recompletion": m.requires_recompletion,
                "renamed_from": list(m.renamed_from),
                "draft": m.draft,
                "pages": [p.id for p in m.pages],
                "line": m.lines.get("renamed_from") or 1,
            }
            for m in course.modules
        ],
        "quizzes": {quiz.id: quiz_outline(quiz) for quiz in course.quizzes.values()},
    }


def quiz_outline(quiz: Quiz) -> dict[str, Any]:
    """A quiz's pass score and the answer key of each question."""
    return {
        "title": quiz.title,
        "source": quiz.source,
        "pass_score": quiz.pass_score,
        "renamed_from": list(quiz.renamed_from),
        "lines": {key: quiz.lines.get(key) or 1 for key in ("pass_score", "renamed_from")},
        "questions": {q.id: [answer_key(q), q.line] for q in quiz.questions},
    }


def answer_key(question: Question) -> str:
    """What grading a question depends on (its points and correct answers), as text."""
    parts: list[Any] = [question.type, question.points]
    for name in ("answer", "answers", "tolerance"):
        if hasattr(question, name):
            parts.append(getattr(question, name))
    if hasattr(question, "choices"):
        parts.append([(c.key, c.correct) for c in question.choices])
    if hasattr(question, "pairs"):
        parts.append([(p.key, p.right) for p in question.pairs])
    if hasattr(question, "items"):
        parts.append([i.key for i in question.items])
    return repr(parts)
