"""One test per quiz and question rule."""

from __future__ import annotations

from pathlib import Path

from course_engine.content import messages as m

from .conftest import edit, error, errors_of, write

CHECK = "quizzes/demo/check-practice.yaml"
PRETEST = "quizzes/demo/pretest.yaml"
POSTTEST = "quizzes/demo/posttest.yaml"
SURVEY = "quizzes/demo/evaluation.yaml"


def test_duplicate_quiz_id(root: Path) -> None:
    write(root, "quizzes/demo/zz-copy.yaml", "id: pretest\ntitle: Copy\nkind: pretest\n")
    message = m.DUPLICATE_QUIZ_ID.format(id="pretest", other=PRETEST)
    errors = errors_of(root)
    assert error("quizzes/demo/zz-copy.yaml", 1, message) in errors


def test_duplicate_question_id(root: Path) -> None:
    edit(root, CHECK, "- id: signs", "- id: first-step")
    message = m.DUPLICATE_QUESTION_ID.format(id="first-step", other=7)
    assert errors_of(root) == [error(CHECK, 17, message)]


def test_quiz_kind_is_required(root: Path) -> None:
    edit(root, PRETEST, "kind: pretest\n", "")
    assert errors_of(root)[-1] == error(PRETEST, 1, m.MISSING_KEY.format(key="kind"))


def test_quiz_kind_must_be_known(root: Path) -> None:
    edit(root, SURVEY, "kind: survey", "kind: poll")
    choices = "knowledge_check, pretest, posttest, survey"
    assert error(SURVEY, 2, m.MUST_BE_ONE_OF.format(key="kind", choices=choices)) in errors_of(root)


def test_single_needs_exactly_one_correct_choice(root: Path) -> None:
    edit(root, CHECK, "      - text: Lecture", "      - text: Lecture\n        correct: true")
    message = "a 'single' question needs exactly one correct choice (found 2)"
    assert errors_of(root) == [error(CHECK, 11, message)]


def test_multiple_needs_a_correct_choice(root: Path) -> None:
    edit(root, CHECK, "        correct: true\n      - text: Sleeping", "      - text: Sleeping")
    edit(root, CHECK, "      - text: Sleeping badly\n        correct: true", "      - text: Sleep")
    assert errors_of(root) == [error(CHECK, 21, m.MULTIPLE_NEEDS_CORRECT)]


def test_draw_larger_than_pool(root: Path) -> None:
    edit(root, POSTTEST, "draw: 1", "draw: 3")
    assert errors_of(root) == [error(POSTTEST, 4, m.DRAW_OUT_OF_RANGE.format(pool=2))]


def test_draw_below_one(root: Path) -> None:
    edit(root, POSTTEST, "draw: 1", "draw: 0")
    assert errors_of(root) == [error(POSTTEST, 4, m.DRAW_OUT_OF_RANGE.format(pool=2))]


def test_pass_score_not_allowed_on_pretest(root: Path) -> None:
    edit(root, PRETEST, "kind: pretest", "kind: pretest\npass_score: 50")
    message = "'pass_score' is not allowed in a pretest quiz"
    assert errors_of(root) == [error(PRETEST, 3, message)]


def test_pass_score_not_allowed_on_survey(root: Path) -> None:
    edit(root, SURVEY, "kind: survey", "kind: survey\npass_score: 50")
    message = m.PASS_SCORE_NOT_ALLOWED.format(kind="survey")
    assert errors_of(root) == [error(SURVEY, 3, message)]


def test_pass_score_must_be_a_percent(root: Path) -> None:
    edit(root, CHECK, "pass_score: 75", "pass_score: 175")
    message = m.MUST_BE_INT_RANGE.format(key="pass_score", low=0, high=100)
    assert errors_of(root) == [error(CHECK, 3, message)]


def test_survey_only_types_refused_in_graded_quiz(root: Path) -> None:
    edit(root, PRETEST, "    type: true_false\n", "    type: likert\n")
    edit(root, PRETEST, "    answer: false\n", "")
    assert errors_of(root) == [error(PRETEST, 5, m.SURVEY_ONLY_TYPE.format(type="likert"))]


def test_unknown_question_type_suggests(root: Path) -> None:
    edit(root, PRETEST, "type: true_false", "type: truefalse")
    message = "unknown question type 'truefalse', did you mean 'true_false'?"
    assert errors_of(root) == [error(PRETEST, 5, message)]


def test_unknown_question_type_lists_known_types(root: Path) -> None:
    edit(root, PRETEST, "type: true_false", "type: essay")
    types = "likert, matching, multiple, numeric, ordering, short_answer, single, text, true_false"
    message = m.UNKNOWN_QUESTION_TYPE.format(type="essay", types=types)
    assert errors_of(root) == [error(PRETEST, 5, message)]


def test_unknown_key_in_a_question(root: Path) -> None:
    edit(root, PRETEST, "answer: false", "answer: false\n    explaination: x")
    message = "unknown key 'explaination', did you mean 'explanation'?"
    assert errors_of(root) == [error(PRETEST, 8, message)]


def test_true_false_needs_answer(root: Path) -> None:
    edit(root, PRETEST, "    answer: false\n", "")
    assert errors_of(root) == [error(PRETEST, 4, m.MISSING_KEY.format(key="answer"))]


def test_points_must_be_positive(root: Path) -> None:
    edit(root, PRETEST, "answer: false", "answer: false\n    points: 0")
    message = m.MUST_BE_POSITIVE_NUMBER.format(key="points")
    assert errors_of(root) == [error(PRETEST, 8, message)]


def test_matching_needs_two_pairs(root: Path) -> None:
    edit(root, CHECK, "      - left: Counsellor\n        right: Assess\n", "")
    assert errors_of(root) == [error(CHECK, 43, m.TOO_FEW.format(key="pairs", minimum=2))]


def test_ordering_items_must_be_distinct(root: Path) -> None:
    edit(root, CHECK, "      - Refer", "      - Ask")
    message = m.DUPLICATE_ENTRY.format(value="Ask", key="items")
    assert errors_of(root) == [error(CHECK, 54, message)]


def test_numeric_tolerance_not_negative(root: Path) -> None:
    edit(root, CHECK, "tolerance: 2", "tolerance: -1")
    message = m.MUST_BE_NONNEGATIVE_NUMBER.format(key="tolerance")
    assert errors_of(root) == [error(CHECK, 39, message)]


def test_likert_scale_or_labels_not_both(root: Path) -> None:
    edit(root, SURVEY, "    scale: 4", "    scale: 4\n    labels: [a, b]")
    assert errors_of(root) == [error(SURVEY, 13, m.LIKERT_SCALE_AND_LABELS)]


def test_choice_must_be_a_mapping(root: Path) -> None:
    edit(root, POSTTEST, "      - text: Nobody", "      - Nobody")
    message = m.NOT_A_MAPPING.format(what="a choice")
    assert errors_of(root) == [error(POSTTEST, 18, message)]


def test_questions_must_not_be_empty(root: Path) -> None:
    write(root, PRETEST, "title: Before\nkind: pretest\nquestions: []\n")
    assert errors_of(root) == [error(PRETEST, 3, m.TOO_FEW.format(key="questions", minimum=1))]
