"""The measured figures the check prints for each course: assessment coverage and reading level."""

from __future__ import annotations

from typing import Any

from course_engine.content.checks.alignment import ASSESSING_KINDS
from course_engine.content.checks.choices import scored_quizzes
from course_engine.content.checks.text import html_text, reading_grade
from course_engine.content.objects import Course


def quality_figures(course: Course) -> dict[str, Any]:
    """Questions per module objective, pre/post objectives, post-test pool and reading grades."""
    counts = {o.id: 0 for m in course.visible_modules() for o in m.objectives if o.id}
    for quiz in scored_quizzes(course):
        if quiz.kind not in ASSESSING_KINDS:
            continue
        for question in quiz.questions:
            for objective in set(question.objectives) if question.graded else ():
                if objective in counts:
                    counts[objective] += 1
    pretest = course.quiz(course.pretest) if course.pretest else None
    posttest = course.quiz(course.posttest) if course.posttest else None
    before = {o for q in pretest.questions for o in q.objectives} if pretest else set()
    after = {o for q in posttest.questions for o in q.objectives} if posttest else set()
    grades = {}
    for module in course.visible_modules():
        grade = reading_grade("\n".join(html_text(page.html) for page in module.pages))
        grades[module.id] = round(grade, 1) if grade is not None else None
    return {
        "course": course.slug,
        "objectives": len(counts),
        "fewest_questions_per_objective": min(counts.values(), default=0),
        "most_questions_per_objective": max(counts.values(), default=0),
        "pretest_objectives": len(before),
        "posttest_objectives": len(after),
        "shared_objectives": len(before & after),
        "posttest_pool": len(posttest.questions) if posttest else 0,
        "posttest_draw": (posttest.draw or len(posttest.questions)) if posttest else 0,
        "reading_grades": grades,
    }


def quality_lines(figures: dict[str, Any], target: float) -> list[str]:
    """The figures as the sentences the check prints."""
    slug = figures["course"]
    grades = [g for g in figures["reading_grades"].values() if g is not None]
    listed = ", ".join(f"{g:.1f}" for g in grades) or "none"
    return [
        f"Assessment of {slug}: {figures['objectives']} module objectives, each assessed by "
        f"{figures['fewest_questions_per_objective']} to "
        f"{figures['most_questions_per_objective']} graded questions; pre-test "
        f"{figures['pretest_objectives']} objectives, post-test "
        f"{figures['posttest_objectives']}, both {figures['shared_objectives']}; post-test "
        f"pool {figures['posttest_pool']} for a draw of {figures['posttest_draw']}.",
        f"Reading grade of {slug} by module: {listed} (target {target:g} or below).",
    ]
