"""When a learner may take each quiz of a course."""

from __future__ import annotations

from course_engine.content import Course, Module, Quiz
from course_engine.progress.state import CourseProgress


def module_of_quiz(course: Course, quiz_id: str) -> Module | None:
    """The module whose knowledge check this quiz is."""
    return next((m for m in course.visible_modules() if m.quiz == quiz_id), None)


def is_course_quiz(course: Course, quiz_id: str) -> bool:
    """True when the course uses the quiz (pre-test, post-test, evaluation or a check)."""
    if quiz_id in (course.pretest, course.posttest, course.evaluation):
        return True
    return module_of_quiz(course, quiz_id) is not None


def quiz_gate(progress: CourseProgress, quiz: Quiz) -> str | None:
    """Why the learner cannot start an attempt now, or None when they can."""
    course = progress.course
    record = progress.quiz(quiz.id)
    if quiz.id == course.pretest:
        return "You have already taken the pre-test." if record.submitted else None
    if not progress.pretest_done:
        return "Take the pre-test first."
    if quiz.id == course.posttest:
        missing = [m for m in progress.required_modules() if m.id not in progress.completed_modules]
        return "Complete every module before the post-test." if missing else None
    if quiz.id == course.evaluation:
        if record.submitted:
            return "You have already submitted the evaluation. Thank you!"
        return None if progress.posttest_passed else "Pass the post-test before the evaluation."
    module = module_of_quiz(course, quiz.id)
    if module is None:
        return "This quiz is not part of the course."
    if not progress.is_open(module):
        return f"Complete the modules before “{module.title}” first."
    if not progress.read_to_end(module):
        return f"Read every page of “{module.title}” before its knowledge check."
    return None
