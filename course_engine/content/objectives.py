"""Objective ids: unique within a course, and every id a question names must exist."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from course_engine.content import messages
from course_engine.content.errors import ContentError
from course_engine.content.fields import suggest
from course_engine.content.objects import Module, Quiz


def check_objectives(modules: Iterable[Module], quizzes: Mapping[str, Quiz]) -> list[ContentError]:
    """Duplicate objective ids across modules, and questions naming an unknown objective."""
    errors: list[ContentError] = []
    known: dict[str, str] = {}
    for module in modules:
        for objective in module.objectives:
            if objective.id is None:
                continue
            if objective.id in known:
                message = messages.DUPLICATE_OBJECTIVE_ID.format(
                    id=objective.id, other=known[objective.id]
                )
                errors.append(ContentError(module.source, objective.line, message))
                continue
            known[objective.id] = module.source
    for quiz in quizzes.values():
        for question in quiz.questions:
            pairs = zip(question.objectives, question.objective_lines, strict=True)
            for objective_id, line in pairs:
                if objective_id in known:
                    continue
                close = suggest(objective_id, known)
                if close:
                    message = messages.UNKNOWN_OBJECTIVE_SUGGEST.format(
                        id=objective_id, suggestion=close
                    )
                else:
                    message = messages.UNKNOWN_OBJECTIVE.format(id=objective_id)
                errors.append(ContentError(quiz.source, line, message))
    return errors
