"""``renamed_from``: an old module or quiz id that progress, attempts and certificates follow."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from course_engine.content import messages
from course_engine.content.errors import ContentError
from course_engine.content.objects import Module, Quiz


def check_renames(modules: Iterable[Module], quizzes: Mapping[str, Quiz]) -> list[ContentError]:
    """An old id may not still be in use, nor be claimed by two modules or quizzes."""
    errors: list[ContentError] = []
    items: list[Module | Quiz] = [*modules, *quizzes.values()]
    in_use = {item.id for item in items}
    claimed: dict[str, str] = {}
    for item in items:
        line = item.lines.get("renamed_from", 1) or 1
        for old in item.renamed_from:
            if old in in_use:
                errors.append(
                    ContentError(item.source, line, messages.RENAMED_FROM_CURRENT.format(id=old))
                )
            elif old in claimed:
                message = messages.RENAMED_FROM_TWICE.format(
                    id=old, first=claimed[old], second=item.source
                )
                errors.append(ContentError(item.source, line, message))
            else:
                claimed[old] = item.source
    return errors
