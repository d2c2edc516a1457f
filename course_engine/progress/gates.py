"""When a learner may take each quiz of a course."""

from __future__ import annotations

from course_engine.content import Course, Module, Quiz, QuizKind
from course_engine.models import QuizAttempt
from course_engine.progress.state import CourseProgress
from course_engine.quizzes.attempts import attempts_left
from course_engine.texts import Text

#: Kinds whose attempts are scored against a pass score (and may be retried).
SCORED = (QuizKind.KNOWLEDGE_CHECK, QuizKind.POSTTEST)


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
        return Text("You have already taken the pre-test.") if record.submitted else None
    if not progress.pretest_done:
        return Text("Take the pre-test first.")
    if quiz.id == course.posttest:
        missing = [m for m in progress.required_modules() if m.id not in progress.completed_modules]
        return Text("Complete every module before the post-test.") if missing else None
    if quiz.id == course.evaluation:
        if record.submitted:
            return Text("You have already submitted the evaluation. Thank you!")
        return (
            None if progress.posttest_passed else Text("Pass the post-test before the evaluation.")
        )
    module = module_of_quiz(course, quiz.id)
    if module is None:
        return Text("This quiz is not part of the course.")
    if not progress.is_open(module):
        return Text("Complete the modules before “%(title)s” first.", title=module.title)
    if not progress.read_to_end(module):
        return Text(
            "Read every page of “%(title)s” before its knowledge check.", title=module.title
        )
    return None


def start_gate(progress: CourseProgress, quiz: Quiz) -> str | None:
    """Why no attempt can start now, or None; an open attempt can always be resumed."""
    if progress.quiz(quiz.id).open_attempt_id is not None:
        return None
    return quiz_gate(progress, quiz)


def may_retry(progress: CourseProgress, quiz: Quiz, attempt: QuizAttempt) -> bool:
    """The retry policy: Try again after a failed knowledge check or post-test, while attempts
    are left and nothing else stops a new attempt."""
    if quiz.kind not in SCORED or attempt.passed:
        return False
    if attempts_left(quiz, progress.quiz(quiz.id).submitted) == 0:
        return False
    return start_gate(progress, quiz) is None
