"""Fill in an attempt's form as a learner would: every answer right (or as told)."""

from __future__ import annotations

from course_engine.content import Quiz
from course_engine.models import QuizAttempt
from course_engine.quizzes.layout import AskedQuestion, asked_questions


def right_answer(asked: AskedQuestion) -> dict[str, list[str]]:
    """The form fields that answer one question correctly (likert: 3, text: a sentence)."""
    question = asked.question
    kind = question.type
    if kind in ("single", "multiple"):
        picks = [str(row) for row, choice in asked.parts if choice.correct]
        return {asked.field: picks}
    if kind == "true_false":
        return {asked.field: ["true" if question.answer else "false"]}
    if kind == "short_answer":
        return {asked.field: [question.answers[0].upper()]}
    if kind == "numeric":
        return {asked.field: [str(question.answer)]}
    if kind == "matching":
        numbers = {text: str(number) for number, text in asked.options}
        return {asked.row_field(row): [numbers[pair.right]] for row, pair in asked.parts}
    if kind == "ordering":
        positions = {item.key: str(n) for n, item in enumerate(question.items, start=1)}
        return {asked.row_field(row): [positions[item.key]] for row, item in asked.parts}
    if kind == "likert":
        return {asked.field: ["3"]}
    return {asked.field: ["More examples, please."]}


def right_form(quiz: Quiz, attempt: QuizAttempt) -> dict[str, list[str]]:
    """A form answering every question of the attempt correctly."""
    form: dict[str, list[str]] = {}
    for asked in asked_questions(quiz, attempt.layout):
        form.update(right_answer(asked))
    return form
