"""The URL of a course step (``progress.next_step.Step``) for views and templates."""

from __future__ import annotations

from flask import url_for

from course_engine.progress.next_step import Step


def step_url(step: Step) -> str:
    """The page, the quiz intro or the course page the step names."""
    if step.quiz_id is not None:
        return url_for("quiz.intro", slug=step.course_slug, quiz_id=step.quiz_id)
    if step.module_id is not None:
        return url_for(
            "learn.page", slug=step.course_slug, module_id=step.module_id, number=step.page or 1
        )
    return url_for("learn.course", slug=step.course_slug)
