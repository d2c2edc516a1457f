"""Seat time (claimed minutes and hours against an estimate) and reading level per module."""

from __future__ import annotations

from collections.abc import Iterator

from course_engine.content.checks.settings import CheckSettings
from course_engine.content.checks.text import html_text, reading_grade, words
from course_engine.content.errors import ContentWarning
from course_engine.content.objects import Course, Module, Quiz

_REFLECT = 'class="callout callout-reflect"'


def questions_asked(quiz: Quiz | None) -> int:
    """How many questions one attempt asks."""
    if quiz is None:
        return 0
    return quiz.draw or len(quiz.questions)


def module_estimate(course: Course, module: Module, settings: CheckSettings) -> float:
    """Minutes to read the module, answer its knowledge check and do its reflections."""
    text = "\n".join(html_text(page.html) for page in module.pages)
    reflections = sum(page.html.count(_REFLECT) for page in module.pages)
    quiz = course.quiz(module.quiz) if module.quiz else None
    return (
        len(words(text)) / settings.words_per_minute
        + questions_asked(quiz) * settings.minutes_per_question
        + reflections * settings.minutes_per_reflection
    )


def course_estimate(course: Course, settings: CheckSettings) -> float:
    """Minutes for every module plus the pre-test, post-test and evaluation."""
    minutes = sum(module_estimate(course, m, settings) for m in course.visible_modules())
    for quiz_id in (course.pretest, course.posttest, course.evaluation):
        quiz = course.quiz(quiz_id) if quiz_id else None
        minutes += questions_asked(quiz) * settings.minutes_per_question
    return minutes


def workload_warnings(course: Course, settings: CheckSettings) -> Iterator[ContentWarning]:
    """Claimed minutes or hours above the estimate by more than the slack; hard reading."""
    limit = 1 + settings.seat_time_slack
    for module in course.visible_modules():
        estimate = module_estimate(course, module, settings)
        if module.minutes is not None and module.minutes > estimate * limit:
            yield ContentWarning(
                module.source, module.lines.get("minutes", 1), "seat-time",
                f"'minutes: {module.minutes}' is more than {settings.seat_time_slack:.0%} above "
                f"the estimate of {estimate:.0f} minutes (reading at "
                f"{settings.words_per_minute} words a minute, questions and reflections)",
            )  # fmt: skip
        elif module.minutes is not None and module.minutes * limit < estimate:
            yield ContentWarning(
                module.source, module.lines.get("minutes", 1), "seat-time-low",
                f"'minutes: {module.minutes}' is more than {settings.seat_time_slack:.0%} below "
                f"the estimate of {estimate:.0f} minutes: learners need longer than it says",
            )  # fmt: skip
        text = "\n".join(html_text(page.html) for page in module.pages)
        grade = reading_grade(text)
        if grade is not None and grade > settings.reading_grade:
            yield ContentWarning(
                module.source, 1, "reading-grade",
                f"reading level is grade {grade:.1f} (Flesch-Kincaid), above the target of "
                f"{settings.reading_grade:g}: use shorter sentences and plainer words",
            )  # fmt: skip
    estimate = course_estimate(course, settings)
    claimed = course.hours * 60
    if claimed > estimate * limit:
        yield ContentWarning(
            course.source, course.lines.get("hours", 1), "seat-time",
            f"'hours: {course.hours:g}' ({claimed:.0f} minutes, the contact hours the "
            f"certificate states) is more than {settings.seat_time_slack:.0%} above the "
            f"estimate of {estimate:.0f} minutes for the whole course",
        )  # fmt: skip
    elif claimed and claimed * limit < estimate:
        yield ContentWarning(
            course.source, course.lines.get("hours", 1), "seat-time-low",
            f"'hours: {course.hours:g}' ({claimed:.0f} minutes) is more than "
            f"{settings.seat_time_slack:.0%} below the estimate of {estimate:.0f} minutes for "
            "the whole course: the certificate would understate the course's length",
        )  # fmt: skip
