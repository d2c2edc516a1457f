"""LTI 1.3 tool: LMS platforms launch the course (pylti1p3next does the protocol)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from course_engine.progress.completion import on_course_completed, on_module_completed
from course_engine.progress.state import CourseProgress


def init_app(app: Flask) -> None:
    """The ``flask lti`` commands, and scores sent to LMS gradebooks on completion."""
    from course_engine.lti import roster_tasks, score_tasks
    from course_engine.lti.cli import commands

    app.cli.add_command(commands)
    score_tasks.init_app(app)
    roster_tasks.init_app(app)
    if send_course_result not in on_course_completed:
        on_course_completed.append(send_course_result)
    if send_module_result not in on_module_completed:
        on_module_completed.append(send_module_result)


def send_course_result(session: Session, progress: CourseProgress) -> None:
    """The completion hook: queue the post-test score for the learner's course line items."""
    from course_engine.lti import scores

    scores.queue_scores(session, progress.course, progress, module_id="")


def send_module_result(session: Session, progress: CourseProgress, module_id: str) -> None:
    """The module hook: queue the knowledge check score for the learner's module line items."""
    from course_engine.lti import scores

    scores.queue_scores(session, progress.course, progress, module_id=module_id)
