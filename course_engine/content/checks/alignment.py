"""Alignment checks: objectives with ids, questions naming them, and pre/post parallelism."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from course_engine.content.checks.choices import scored_quizzes
from course_engine.content.checks.settings import CheckSettings
from course_engine.content.errors import ContentWarning
from course_engine.content.objects import Course, QuizKind
from course_engine.content.questions import Question

#: Quizzes whose questions count as assessing an objective (the pre-test only measures).
ASSESSING_KINDS = (QuizKind.KNOWLEDGE_CHECK, QuizKind.POSTTEST)


def alignment_warnings(
    course: Course, settings: CheckSettings | None = None
) -> Iterator[ContentWarning]:
    """Objectives without ids or assessed too little; questions naming none; post-only ones."""
    settings = settings or CheckSettings()
    assessed: Counter[str] = Counter()
    for quiz in scored_quizzes(course):
        for question in quiz.questions:
            if not question.graded:
                continue
            if quiz.kind in ASSESSING_KINDS:
                assessed.update(set(question.objectives))
            if not question.objectives:
                yield ContentWarning(
                    quiz.source, question.line, "question-without-objective",
                    f"question '{question.id}' names no objective: add "
                    "objectives: [objective-id] with the module objective it assesses",
                )  # fmt: skip
    for module in course.visible_modules():
        for objective in module.objectives:
            if objective.id is None:
                yield ContentWarning(
                    module.source, objective.line, "objective-without-id",
                    f"objective \"{_short(objective.text)}\" has no id, so no question can "
                    "say it assesses it: write it as {id: ..., text: ...}",
                )  # fmt: skip
            elif objective.id not in assessed:
                yield ContentWarning(
                    module.source, objective.line, "objective-not-assessed",
                    f"objective '{objective.id}' is assessed by no question of a knowledge "
                    "check or the post-test",
                )  # fmt: skip
            elif assessed[objective.id] < settings.questions_per_objective:
                yield ContentWarning(
                    module.source, objective.line, "objective-assessed-too-little",
                    f"objective '{objective.id}' is assessed by {assessed[objective.id]} "
                    f"graded question(s) of the knowledge checks and post-test; write at least "
                    f"{settings.questions_per_objective}",
                )  # fmt: skip
    yield from _parallel_tests(course)
    yield from _posttest_pool(course)


def _parallel_tests(course: Course) -> Iterator[ContentWarning]:
    """The pre-test and post-test assess the same objectives (parallel forms)."""
    posttest = course.quiz(course.posttest) if course.posttest else None
    pretest = course.quiz(course.pretest) if course.pretest else None
    if posttest is None or pretest is None:
        return
    before = {objective for q in pretest.questions for objective in q.objectives}
    first: dict[str, Question] = {}
    for question in posttest.questions:
        for objective in question.objectives:
            first.setdefault(objective, question)
    for objective, question in first.items():
        if objective not in before:
            yield ContentWarning(
                posttest.source, question.line, "pretest-misses-objective",
                f"objective '{objective}' is assessed by the post-test but not by the "
                f"pre-test ({pretest.source}), so its knowledge gain cannot be measured",
            )  # fmt: skip
    reported: set[str] = set()
    for question in pretest.questions:
        for objective in question.objectives:
            if objective not in first and objective not in reported:
                reported.add(objective)
                yield ContentWarning(
                    pretest.source, question.line, "posttest-misses-objective",
                    f"objective '{objective}' is measured by the pre-test but not by the "
                    f"post-test ({posttest.source}), so the two are not parallel forms",
                )  # fmt: skip


def _posttest_pool(course: Course) -> Iterator[ContentWarning]:
    """A post-test that draws questions holds at least twice as many, so retakes meet new ones."""
    posttest = course.quiz(course.posttest) if course.posttest else None
    if posttest is None or posttest.draw is None or posttest.max_attempts == 1:
        return
    if len(posttest.questions) < 2 * posttest.draw:
        yield ContentWarning(
            posttest.source, posttest.lines.get("draw", 1), "posttest-pool-small",
            f"the post-test draws {posttest.draw} of {len(posttest.questions)} questions: "
            f"a retake meets mostly the same items; write at least {2 * posttest.draw}",
        )  # fmt: skip


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
