"""Where a learner goes next: what Continue opens, the next step, and what follows a module."""

from __future__ import annotations

from dataclasses import dataclass

from course_engine.content import Module
from course_engine.progress.pages import resume_point
from course_engine.progress.state import CourseProgress


@dataclass(frozen=True)
class Step:
    """A place in a course: a module page, a quiz (its intro), or the course page itself."""

    course_slug: str
    #: With ``page``: a page of this module.
    module_id: str | None = None
    page: int | None = None
    #: A quiz of the course (pre-test, knowledge check, post-test, evaluation).
    quiz_id: str | None = None


def continue_step(progress: CourseProgress) -> Step:
    """Where Continue leads: the pre-test first, else the page where the learner stopped,
    else the next step."""
    course = progress.course
    if course.pretest and not progress.pretest_done:
        return Step(course.slug, quiz_id=course.pretest)
    resume = resume_point(progress.enrolment, course)
    if resume is not None:
        module, number = resume
        check_pending = module.quiz is not None and progress.read_to_end(module)
        if (
            progress.is_open(module)
            and module.id not in progress.completed_modules
            and not check_pending  # after the last page, Continue opens the knowledge check
        ):
            return Step(course.slug, module_id=module.id, page=number)
    return next_step(progress)


def next_step(progress: CourseProgress) -> Step:
    """The first thing left to do: a module page, a knowledge check, the post-test, the
    evaluation; the course page when nothing is left."""
    course = progress.course
    for module in course.visible_modules():
        if module.id in progress.completed_modules or not progress.is_open(module):
            continue
        if progress.read_to_end(module) and module.quiz:
            return Step(course.slug, quiz_id=module.quiz)
        reached = progress.pages.get(module.id) or {1}
        return Step(course.slug, module_id=module.id, page=max(reached))
    if course.posttest and not progress.posttest_passed:
        return Step(course.slug, quiz_id=course.posttest)
    if course.evaluation and not progress.quiz(course.evaluation).submitted:
        return Step(course.slug, quiz_id=course.evaluation)
    return Step(course.slug)


def after_module(progress: CourseProgress, module: Module) -> Step:
    """After a module's last page: its knowledge check until passed, else the next step."""
    if module.quiz and not progress.quiz(module.quiz).passed:
        return Step(progress.course.slug, quiz_id=module.quiz)
    return next_step(progress)
