"""Checks of how questions are written: the answer's position and length, negative items,
duplicate prompts, and answer keys shown while attempts remain."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from course_engine.content.checks.text import html_text
from course_engine.content.errors import ContentWarning
from course_engine.content.objects import Course, Quiz, QuizKind, RevealAnswers
from course_engine.content.question_types import Choice, MultipleChoice, SingleChoice
from course_engine.content.questions import Question, normalize_answer

#: Fewest questions with choices before the position and length checks judge a quiz.
MIN_QUESTIONS = 2
#: Fewest such questions across a course before the course-wide figures are reported.
MIN_COURSE_QUESTIONS = 5
_NEGATIVE = re.compile(r"\b(NOT|EXCEPT)\b|\*\*(not|except)\*\*|<strong>(not|except)</strong>")


def scored_quizzes(course: Course) -> list[Quiz]:
    """The course's quizzes whose answers are scored (every kind but surveys)."""
    return [quiz for quiz in course.quizzes.values() if quiz.kind is not QuizKind.SURVEY]


def shown_in_file_order(quiz: Quiz, question: Question) -> bool:
    """Whether learners may see the choices in the order written (judged by the checks).

    True when the quiz does not shuffle, when every choice is fixed, and also when the quiz
    shuffles only by default (``shuffle_choices`` not written): the file order is the habit to fix.
    """
    choices: tuple[Choice, ...] = getattr(question, "choices", ())
    if not quiz.shuffle_choices or all(choice.fixed for choice in choices):
        return True
    return not quiz.shuffle_choices_set


def choice_questions(quiz: Quiz) -> list[SingleChoice | MultipleChoice]:
    """The quiz's single and multiple questions."""
    return [q for q in quiz.questions if isinstance(q, SingleChoice | MultipleChoice)]


def choice_warnings(course: Course) -> Iterator[ContentWarning]:
    """Position bias, longest-answer bias, all-but-one items, duplicate prompts, repeats."""
    positions: Counter[int] = Counter()
    position_total = longest_total = longest_count = 0
    for quiz in scored_quizzes(course):
        questions = [q for q in choice_questions(quiz) if shown_in_file_order(quiz, q)]
        quiz_positions = Counter(_correct_position(q) for q in questions)
        positions.update(quiz_positions)
        position_total += len(questions)
        if len(questions) >= MIN_QUESTIONS:
            position, count = quiz_positions.most_common(1)[0]
            if count * 2 > len(questions):
                yield _position_warning(quiz, position, count, len(questions))
        singles = [q for q in choice_questions(quiz) if isinstance(q, SingleChoice)]
        longest = sum(_correct_is_longest(q) for q in singles)
        longest_total += len(singles)
        longest_count += longest
        if len(singles) >= MIN_QUESTIONS and longest * 2 > len(singles):
            yield ContentWarning(
                quiz.source, quiz.lines.get("questions", 1), "longest-correct",
                f"the correct choice is the longest in {longest} of {len(singles)} single-choice "
                "questions: learners learn to pick the longest; make distractors as long",
            )  # fmt: skip
        yield from _item_warnings(quiz)
    if position_total >= MIN_COURSE_QUESTIONS:
        position, count = positions.most_common(1)[0]
        if count * 2 > position_total:
            yield ContentWarning(
                course.source, 1, "position-bias",
                f"across the course's quizzes the correct choice is option {position} in "
                f"{count} of {position_total} questions with choices in their written order",
            )  # fmt: skip
    if longest_total >= MIN_COURSE_QUESTIONS and longest_count * 2 > longest_total:
        yield ContentWarning(
            course.source, 1, "longest-correct",
            f"across the course's quizzes the correct choice is the longest in {longest_count} "
            f"of {longest_total} single-choice questions",
        )  # fmt: skip
    yield from _duplicate_prompts(course)


def _correct_position(question: SingleChoice | MultipleChoice) -> int:
    """The 1-based position of the first correct choice as written (0 when none is)."""
    return next((n for n, c in enumerate(question.choices, start=1) if c.correct), 0)


def _correct_is_longest(question: SingleChoice) -> bool:
    """Whether the correct choice's text is longer than every other choice's."""
    lengths = [(len(html_text(c.html)), c.correct) for c in question.choices]
    right = [length for length, correct in lengths if correct]
    others = [length for length, correct in lengths if not correct]
    return bool(right and others) and right[0] > max(others)


def _position_warning(quiz: Quiz, position: int, count: int, total: int) -> ContentWarning:
    if not quiz.shuffle_choices or quiz.shuffle_choices_set:
        advice = "and the choices are not shuffled, so learners can guess it"
        line = quiz.lines.get("shuffle_choices") or quiz.lines.get("questions", 1)
    else:
        advice = (
            "as written; learners see them shuffled only because shuffle_choices defaults "
            "to true: vary the order in the file, or write shuffle_choices: true"
        )
        line = quiz.lines.get("questions", 1)
    return ContentWarning(
        quiz.source, line, "position-bias",
        f"the correct choice is option {position} in {count} of {total} questions {advice}",
    )  # fmt: skip


def _item_warnings(quiz: Quiz) -> Iterator[ContentWarning]:
    """All-correct-but-one items, and answer keys shown while the same questions return."""
    for question in choice_questions(quiz):
        wrong = sum(not choice.correct for choice in question.choices)
        negative = isinstance(question, SingleChoice) and _NEGATIVE.search(question.prompt_html)
        all_but_one = isinstance(question, MultipleChoice) and len(question.choices) >= 3
        if (all_but_one and wrong == 1) or negative:
            yield ContentWarning(
                quiz.source, question.line, "all-but-one-correct",
                f"question '{question.id}': every option but one is correct, so it tests "
                "spotting the odd one out; ask for the correct idea directly",
            )  # fmt: skip
    repeats = quiz.max_attempts != 1 and (quiz.draw is None or quiz.draw >= len(quiz.questions))
    graded = quiz.kind in (QuizKind.KNOWLEDGE_CHECK, QuizKind.POSTTEST)
    if graded and repeats and quiz.reveal_answers is RevealAnswers.ALWAYS:
        yield ContentWarning(
            quiz.source, quiz.lines.get("reveal_answers", 1), "answers-repeat",
            "the quiz shows its answer key after every attempt and asks every question "
            "again in the next one: use reveal_answers: after_last_attempt, or draw fewer "
            "questions than the pool",
        )  # fmt: skip


def _duplicate_prompts(course: Course) -> Iterator[ContentWarning]:
    """A prompt asked word for word in two quizzes (the pre-test leaks the post-test)."""
    seen: dict[str, tuple[Quiz, Question]] = {}
    for quiz in sorted(scored_quizzes(course), key=lambda q: q.source):
        for question in quiz.questions:
            key = normalize_answer(html_text(question.prompt_html))
            if key not in seen:
                seen[key] = (quiz, question)
                continue
            other_quiz, other = seen[key]
            if other_quiz is quiz:
                continue
            yield ContentWarning(
                quiz.source, question.line, "duplicate-prompt",
                f"question '{question.id}' has the same prompt as '{other.id}' in "
                f"{other_quiz.source}:{other.line}",
            )  # fmt: skip
