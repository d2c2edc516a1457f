"""Grading every question type on the server, partial credit and malformed answers included."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_engine.content import QUESTION_TYPES, Question
from course_engine.quizzes.graders import parse_number
from course_engine.quizzes.grading import (
    GRADERS,
    QuestionResult,
    Slot,
    field_name,
    grade,
    grader_for,
)
from tests.quizzes import builders


def parse(question: Question, form: dict[str, str | list[str]], slot: Slot | None = None) -> Any:
    """Parse a form given as {field: value or [values]}."""
    values = {k: v if isinstance(v, list) else [v] for k, v in form.items()}
    return grader_for(question).parse(question, values, slot)


def test_every_question_type_of_the_content_format_has_a_grader() -> None:
    assert set(GRADERS) == set(QUESTION_TYPES)


def test_results_say_in_words_how_the_answer_did() -> None:
    assert QuestionResult(1, 1, True).verdict == "Correct"
    assert QuestionResult(0.5, 1, False).verdict == "Partly correct"
    assert QuestionResult(0, 1, False).verdict == "Incorrect"
    stored = QuestionResult(0.5, 2, False).to_json()
    assert QuestionResult.from_json(stored) == QuestionResult(0.5, 2, False)


# --- single -------------------------------------------------------------------------------
def test_single_choice_is_all_or_nothing() -> None:
    question = builders.single(False, True, False, points=2)
    assert grade(question, "b") == QuestionResult(2.0, 2.0, True)
    assert grade(question, "a") == QuestionResult(0.0, 2.0, False)


@pytest.mark.parametrize("answer", [None, "", "z", 3, ["b"], {"b": 1}])
def test_single_choice_unknown_or_malformed_answers_earn_nothing(answer: object) -> None:
    assert grade(builders.single(False, True), answer).points == 0


def test_single_choice_form_values_are_the_numbers_shown_not_the_keys() -> None:
    question = builders.single(True, False, False)
    slot = {"question": question.id, "order": ["c", "a", "b"]}
    assert parse(question, {field_name(question.id): "2"}, slot) == "a"
    assert parse(question, {field_name(question.id): "1"}) == "a"  # no slot: author's order


@pytest.mark.parametrize("value", ["", "0", "4", "a", "-1", "1.0", "²", "9" * 40])
def test_single_choice_ignores_values_it_never_offered(value: str) -> None:
    question = builders.single(True, False, False)
    assert parse(question, {field_name(question.id): value}) is None


def test_missing_field_is_unanswered() -> None:
    assert parse(builders.single(True, False), {}) is None


# --- multiple -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("picked", "points", "correct"),
    [
        (["a", "b", "c"], 3.0, True),  # exactly the correct ones
        (["a", "b"], 2.0, False),  # 2 right of 3
        (["a", "b", "d"], 1.0, False),  # 2 right - 1 wrong
        (["a", "d"], 0.0, False),  # 1 right - 1 wrong
        (["d"], 0.0, False),  # floored at 0
        (["a", "b", "c", "d"], 2.0, False),  # picking everything is not full marks
        ([], 0.0, False),
        (None, 0.0, False),
        (["a", "zz", "b"], 2.0, False),  # unknown keys ignored
    ],
)
def test_multiple_choice_partial_credit_is_right_minus_wrong_over_correct(
    picked: list[str] | None, points: float, correct: bool
) -> None:
    question = builders.multiple(True, True, True, False, points=3)
    assert grade(question, picked) == QuestionResult(points, 3.0, correct)


def test_multiple_choice_parses_every_checked_box_once() -> None:
    question = builders.multiple(True, False, True)
    slot = {"question": question.id, "order": ["b", "c", "a"]}
    form = {field_name(question.id): ["1", "3", "3", "7", "x"]}
    assert parse(question, form, slot) == ["a", "b"]
    assert parse(question, {}, slot) is None


@given(st.sets(st.sampled_from("abcde")), st.lists(st.booleans(), min_size=5, max_size=5))
def test_multiple_choice_score_stays_within_the_points(picked: set[str], flags: list[bool]) -> None:
    if not any(flags):
        flags[0] = True
    question = builders.multiple(*flags, points=2)
    result = grade(question, sorted(picked))
    assert 0 <= result.points <= 2
    expected = {key for key, flag in zip("abcde", flags, strict=True) if flag}
    assert result.correct == (picked == expected)
    assert result.correct == (result.points == 2)


# --- true/false, short answer, numeric ----------------------------------------------------
def test_true_false() -> None:
    question = builders.true_false(False)
    assert parse(question, {field_name(question.id): "false"}) is False
    assert parse(question, {field_name(question.id): "yes"}) is None
    assert grade(question, False).correct
    assert not grade(question, True).correct
    assert not grade(question, None).correct
    assert not grade(question, 0).correct  # 0 is not False here


def test_short_answer_ignores_case_and_spacing() -> None:
    question = builders.short_answer("Community Resilience Model")
    answer = parse(question, {field_name(question.id): "  community   RESILIENCE\tmodel "})
    assert grade(question, answer).correct
    assert not grade(question, "Community Resilience").correct
    assert parse(question, {field_name(question.id): "   "}) is None
    assert not grade(question, None).correct
    assert not grade(question, ["community resilience model"]).correct


def test_short_answer_keeps_at_most_500_characters() -> None:
    question = builders.short_answer("x")
    assert len(parse(question, {field_name(question.id): "y" * 5000})) == 500


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("56.4", 56.4), (" 56.4 % ", 56.4), ("56,4", 56.4), ("1,000", 1000.0),
        ("1,000.5", 1000.5), ("-3", -3.0), (".5", 0.5), ("4", 4.0),
        ("", None), ("abc", None), ("inf", None), ("nan", None), ("1e3", None),
        ("1_000", None), ("4 5", 45.0), ("1,2,3", None),
    ],
)  # fmt: skip
def test_numbers_are_read_leniently_but_never_as_infinity(typed: str, number: float | None) -> None:
    assert parse_number(typed) == number


def test_numeric_is_right_within_the_tolerance() -> None:
    question = builders.numeric(56.4, tolerance=0.5)
    assert grade(question, 56.4).correct
    assert grade(question, 56.9).correct  # the edge counts, despite float rounding
    assert grade(question, 55.9).correct
    assert not grade(question, 57.0).correct
    assert not grade(question, None).correct
    assert not grade(question, "56.4").correct
    assert not grade(question, True).correct
    exact = builders.numeric(4)
    assert grade(exact, parse(exact, {field_name(exact.id): "4"})).correct
    assert not grade(exact, 4.01).correct


# --- matching and ordering ----------------------------------------------------------------
def test_matching_gives_credit_per_left_item() -> None:
    question = builders.matching("one", "two", "three", "four", points=2)
    assert grade(question, {"a": "one", "b": "two", "c": "three", "d": "four"}).correct
    half = grade(question, {"a": "one", "b": "two", "c": "four", "d": None})
    assert half == QuestionResult(1.0, 2.0, False)
    assert grade(question, {"a": "nonsense", "zz": "one"}).points == 0
    assert grade(question, None).points == 0
    assert grade(question, ["one", "two"]).points == 0


def test_matching_parses_the_option_numbers_of_each_row_as_shown() -> None:
    question = builders.matching("one", "two", "three")
    slot = {"question": question.id, "order": ["c", "a", "b"], "options": ["two", "three", "one"]}
    form = {
        field_name(question.id, 1): "2",  # row 1 shows pair c -> option 2 "three"
        field_name(question.id, 2): "3",  # pair a -> "one"
        field_name(question.id, 3): "",  # pair b unanswered
    }
    answer = parse(question, form, slot)
    assert answer == {"c": "three", "a": "one", "b": None}
    assert grade(question, answer).points == pytest.approx(2 / 3, abs=1e-4)
    assert parse(question, {field_name(question.id, 1): "9"}, slot) is None


def test_ordering_gives_credit_per_item_in_its_place() -> None:
    question = builders.ordering(4)
    assert grade(question, {"a": 1, "b": 2, "c": 3, "d": 4}).correct
    assert grade(question, {"a": 1, "b": 3, "c": 2, "d": 4}).points == 0.5
    # the same position for every item earns at most one item
    assert grade(question, {"a": 1, "b": 1, "c": 1, "d": 1}).points == 0.25
    assert grade(question, {"x": 1}).points == 0
    assert grade(question, "abcd").points == 0


def test_ordering_parses_positions_of_the_rows_as_shown() -> None:
    question = builders.ordering(3)
    slot = {"question": question.id, "order": ["b", "c", "a"]}
    form = {field_name(question.id, row): value for row, value in [(1, "2"), (2, "3"), (3, "1")]}
    answer = parse(question, form, slot)
    assert answer == {"b": 2, "c": 3, "a": 1}
    assert grade(question, answer).correct
    bad = {field_name(question.id, 1): "4", field_name(question.id, 2): "x"}
    assert parse(question, bad, slot) is None


def test_ordering_items_are_never_shown_in_the_correct_order() -> None:
    question = builders.ordering(2)
    grader = grader_for(question)
    for seed in range(30):
        assert grader.slot(question, random.Random(seed), shuffle=False)["order"] == ["b", "a"]


# --- likert and text ----------------------------------------------------------------------
def test_likert_and_text_are_stored_but_never_scored() -> None:
    likert = builders.likert(5)
    assert parse(likert, {field_name(likert.id): "4"}) == 4
    assert parse(likert, {field_name(likert.id): "6"}) is None
    assert not grader_for(likert).graded
    assert grade(likert, 4) == QuestionResult(0.0, 0.0, False)
    text = builders.text(max_length=10)
    assert parse(text, {field_name(text.id): "  a very long answer  "}) == "a very lon"
    assert parse(text, {field_name(text.id): ""}) is None
    assert not grader_for(text).graded
