"""Answer a quiz in the browser the way a learner who read the course would."""

from __future__ import annotations

import html
import re
from typing import Any

from course_engine.content import (
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Quiz,
    ShortAnswer,
    SingleChoice,
    Text,
    TrueFalse,
)

TAG = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, with white space folded."""
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def squeeze(text: str) -> str:
    """Text without any white space, for comparing rendered and source text."""
    return "".join(text.split())


def fill_in(tab: Any, quiz: Quiz) -> None:
    """Answer every question on the open attempt page correctly (surveys: kindly)."""
    fieldsets = tab.locator("fieldset.question")
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        legend = squeeze(fieldset.locator("legend").first.inner_text())
        question = next(
            (q for q in quiz.questions if squeeze(plain(q.prompt_html)) in legend), None
        )
        assert question is not None, (legend, [plain(q.prompt_html) for q in quiz.questions])
        _answer(fieldset, question)


def _answer(fieldset: Any, question: Any) -> None:
    """Fill one question's fields with its correct answer, using the keyboard-usable controls."""
    if isinstance(question, SingleChoice | MultipleChoice):
        wanted = {squeeze(plain(choice.html)) for choice in question.choices if choice.correct}
        options = fieldset.locator(".option")
        for i in range(options.count()):
            option = options.nth(i)
            if squeeze(option.locator("label").inner_text()) in wanted:
                option.locator("input").check()
    elif isinstance(question, TrueFalse):
        fieldset.get_by_label("True" if question.answer else "False", exact=True).check()
    elif isinstance(question, ShortAnswer):
        fieldset.locator("input[type=text]").fill(question.answers[0])
    elif isinstance(question, Numeric):
        fieldset.locator("input[type=text]").fill(f"{question.answer:g}")
    elif isinstance(question, Matching):
        for pair in question.pairs:
            row = fieldset.get_by_role("group", name=plain(pair.left_html), exact=True)
            row.get_by_label(pair.right, exact=True).check()
    elif isinstance(question, Ordering):
        for position, item in enumerate(question.items, start=1):
            fieldset.get_by_label(plain(item.html), exact=True).select_option(str(position))
    elif isinstance(question, Likert):
        fieldset.locator("input[type=radio]").last.check()
    elif isinstance(question, Text):
        fieldset.locator("textarea").fill("Practical and clear. Thank you.")
    else:  # a new question type needs a line here
        raise AssertionError(f"no browser answer for {type(question).__name__}")
