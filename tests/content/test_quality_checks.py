"""The authoring checks: one test per warning, each from a course that has none to begin with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_engine.content import load_catalog
from course_engine.content.checks import CheckSettings, ContentWarning, course_warnings
from course_engine.content.cli import main

from .conftest import ALIGNED, edit

MODULE = "modules/aligned/01-signs.md"
COURSE = "modules/aligned/course.yaml"
CHECK = "quizzes/aligned/signs-check.yaml"
PRETEST = "quizzes/aligned/pretest.yaml"
POSTTEST = "quizzes/aligned/posttest.yaml"


def warnings_of(root: Path, **settings: float) -> list[ContentWarning]:
    """The warnings of the aligned course under ``root``."""
    course = load_catalog(root).courses["aligned"]
    return course_warnings(course, CheckSettings(**settings))  # type: ignore[arg-type]


def codes(warnings: list[ContentWarning]) -> list[tuple[str, int, str]]:
    """(path, line, code) of each warning."""
    return [(w.path, w.line, w.code) for w in warnings]


def test_the_aligned_course_has_no_warnings() -> None:
    assert warnings_of(ALIGNED) == []


def _correct_first(root: Path) -> None:
    """Move the correct choice of both single questions to option 1."""
    sign = "      - text: Sleeping badly for weeks\n        correct: true\n"
    edit(root, CHECK, sign, "")
    edit(
        root,
        CHECK,
        "      - text: Going to class on time\n",
        sign + "      - text: Going to class on time\n",
    )
    lead = "      - text: The lead\n        correct: true\n"
    edit(root, CHECK, lead, "")
    edit(root, CHECK, "      - text: Nobody at all", lead + "      - text: Nobody at all")


def test_position_bias_when_choices_are_not_shuffled(aligned: Path) -> None:
    _correct_first(aligned)
    edit(aligned, CHECK, "max_attempts: 3", "max_attempts: 3\nshuffle_choices: false")
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (CHECK, 4, "position-bias")
    assert "option 1 in 2 of 2 questions and the choices are not shuffled" in warning.message


def test_position_bias_in_the_file_when_only_the_default_shuffles(aligned: Path) -> None:
    _correct_first(aligned)
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (CHECK, 4, "position-bias")
    assert "shuffle_choices defaults to true" in warning.message


def test_no_position_bias_when_the_quiz_asks_for_shuffling(aligned: Path) -> None:
    _correct_first(aligned)
    edit(aligned, CHECK, "max_attempts: 3", "max_attempts: 3\nshuffle_choices: true")
    assert warnings_of(aligned) == []


def test_position_bias_counts_a_question_with_every_choice_fixed(aligned: Path) -> None:
    _correct_first(aligned)
    edit(aligned, CHECK, "max_attempts: 3", "max_attempts: 3\nshuffle_choices: true")
    edit(aligned, CHECK, "    objectives: [spot-signs]\n    choices:",
         "    objectives: [spot-signs]\n    fixed: true\n    choices:")  # fmt: skip
    edit(aligned, CHECK, "    objectives: [refer-early]\n", "    objectives: [refer-early]\n"
         "    fixed: true\n")  # fmt: skip
    assert codes(warnings_of(aligned)) == [(CHECK, 4, "position-bias")]


def test_longest_correct_choice(aligned: Path) -> None:
    edit(aligned, CHECK, "text: The lead", "text: The school lead, who knows what to do next")
    edit(aligned, CHECK, "text: Sleeping badly", "text: Sleeping badly, night after night,")
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.code) == (CHECK, "longest-correct")
    assert "longest in 2 of 2 single-choice questions" in warning.message


def test_all_correct_but_one(aligned: Path) -> None:
    edit(aligned, CHECK, "  - id: tell\n    type: single", "  - id: tell\n    type: multiple")
    edit(aligned, CHECK, "      - text: Nobody at all, just wait",
         "      - text: Nobody at all, just wait\n        correct: true")  # fmt: skip
    assert codes(warnings_of(aligned)) == [(CHECK, 14, "all-but-one-correct")]


def test_negatively_worded_single_question(aligned: Path) -> None:
    edit(aligned, CHECK, "Which of these is an early", "Which of these is NOT an early")
    assert codes(warnings_of(aligned)) == [(CHECK, 5, "all-but-one-correct")]


def test_duplicate_prompt_across_quizzes(aligned: Path) -> None:
    edit(aligned, POSTTEST, "Sleeping badly for weeks can be a warning sign.",
         "Missing class for two weeks can be a warning sign.")  # fmt: skip
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (PRETEST, 4, "duplicate-prompt")
    assert f"'after-sign' in {POSTTEST}:5" in warning.message


def test_answers_repeat_when_the_key_shows_and_every_question_returns(aligned: Path) -> None:
    edit(aligned, POSTTEST, "max_attempts: 2", "max_attempts: 2\nreveal_answers: always")
    assert codes(warnings_of(aligned)) == [(POSTTEST, 4, "answers-repeat")]


def test_no_repeat_warning_when_the_quiz_draws_fewer_questions(aligned: Path) -> None:
    edit(aligned, POSTTEST, "max_attempts: 2", "max_attempts: 2\nreveal_answers: always\ndraw: 1")
    assert "answers-repeat" not in [w.code for w in warnings_of(aligned)]


def test_objective_no_graded_question_assesses(aligned: Path) -> None:
    for rel in (CHECK, PRETEST, POSTTEST):
        text = (aligned / rel).read_text(encoding="utf-8")
        (aligned / rel).write_text(text.replace("[refer-early]", "[spot-signs]"), encoding="utf-8")
    assert codes(warnings_of(aligned)) == [(MODULE, 7, "objective-not-assessed")]


def test_objective_only_one_graded_question_assesses(aligned: Path) -> None:
    text = (aligned / CHECK).read_text(encoding="utf-8")
    (aligned / CHECK).write_text(text.replace("[refer-early]", "[spot-signs]"), encoding="utf-8")
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (
        MODULE, 7, "objective-assessed-too-little",
    )  # fmt: skip
    assert "'refer-early' is assessed by 1 graded question" in warning.message
    assert warnings_of(aligned, questions_per_objective=1) == []


def test_post_test_pool_smaller_than_twice_its_draw(aligned: Path) -> None:
    edit(aligned, POSTTEST, "max_attempts: 2", "max_attempts: 2\ndraw: 2")
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (POSTTEST, 4, "posttest-pool-small")
    assert "draws 2 of 2 questions" in warning.message and "at least 4" in warning.message


def test_no_pool_warning_for_a_post_test_taken_once(aligned: Path) -> None:
    edit(aligned, POSTTEST, "max_attempts: 2", "max_attempts: 1\ndraw: 2")
    assert warnings_of(aligned) == []


def test_question_that_names_no_objective(aligned: Path) -> None:
    edit(aligned, CHECK, "    objectives: [refer-early]\n", "")
    edit(aligned, POSTTEST, "[refer-early]", "[refer-early, spot-signs]")
    found = warnings_of(aligned, questions_per_objective=1)
    assert codes(found) == [(CHECK, 14, "question-without-objective")]


def test_objective_without_an_id(aligned: Path) -> None:
    edit(aligned, MODULE, "  - id: refer-early\n    text: Say", "  - refer-early\n  - Say")
    for rel in (CHECK, PRETEST, POSTTEST):
        edit(aligned, rel, "[refer-early]", "[spot-signs]")
    assert codes(warnings_of(aligned)) == [
        (MODULE, 7, "objective-without-id"), (MODULE, 8, "objective-without-id"),
    ]  # fmt: skip


def test_post_test_objective_the_pre_test_does_not_assess(aligned: Path) -> None:
    edit(aligned, PRETEST, "[refer-early]", "[spot-signs]")
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (POSTTEST, 10, "pretest-misses-objective")
    assert "'refer-early'" in warning.message


def test_pre_test_objective_the_post_test_does_not_assess(aligned: Path) -> None:
    edit(aligned, POSTTEST, "[refer-early]", "[spot-signs]")
    found = warnings_of(aligned, questions_per_objective=1)
    assert [(w.path, w.code) for w in found] == [(PRETEST, "posttest-misses-objective")]
    assert "'refer-early'" in found[0].message


def test_the_check_prints_assessment_and_reading_figures(
    aligned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(aligned), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "Assessment of aligned: 2 module objectives, each assessed by 2 to 3 graded" in out
    assert "pre-test 2 objectives, post-test 2, both 2; post-test pool 2 for a draw of 2." in out
    assert "Reading grade of aligned by module: " in out and "(target 9 or below)." in out
    assert main([str(aligned), "--format", "json"]) == 0
    [figures] = json.loads(capsys.readouterr().out)["quality"]
    assert figures["fewest_questions_per_objective"] == 2
    assert set(figures["reading_grades"]) == {"signs"}


def test_module_minutes_above_the_estimate(aligned: Path) -> None:
    edit(aligned, MODULE, "minutes: 4", "minutes: 30")
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (MODULE, 3, "seat-time")
    assert "'minutes: 30'" in warning.message and "estimate of 4 minutes" in warning.message


def test_course_hours_above_the_estimate(aligned: Path) -> None:
    edit(aligned, COURSE, "hours: 0.15", "hours: 2")
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (COURSE, 4, "seat-time")
    assert "'hours: 2' (120 minutes" in warning.message


def test_module_minutes_below_the_estimate(aligned: Path) -> None:
    edit(aligned, MODULE, "minutes: 4", "minutes: 1")
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (MODULE, 3, "seat-time-low")
    assert "'minutes: 1'" in warning.message and "estimate of 4 minutes" in warning.message


def test_course_hours_below_the_estimate(aligned: Path) -> None:
    edit(aligned, COURSE, "hours: 0.15", "hours: 0.05")
    [warning] = warnings_of(aligned)
    assert (warning.path, warning.line, warning.code) == (COURSE, 4, "seat-time-low")
    assert "'hours: 0.05' (3 minutes)" in warning.message


def test_reading_grade_above_the_target(aligned: Path) -> None:
    assert codes(warnings_of(aligned, reading_grade=-5)) == [(MODULE, 1, "reading-grade")]


def test_reading_grade_of_dense_prose(aligned: Path) -> None:
    dense = (
        "Interprofessional collaboration necessitates institutionalized communication "
        "infrastructures, comprehensive confidentiality agreements, and sustained administrative "
        "commitment to organizational accountability across multidisciplinary partnerships."
    )
    edit(aligned, MODULE, "## Who to tell\n", "## Who to tell\n\n" + " ".join([dense] * 12) + "\n")
    assert (MODULE, 1, "reading-grade") in codes(warnings_of(aligned))


def test_check_command_prints_warnings_and_passes_unless_strict(
    aligned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(aligned, MODULE, "minutes: 4", "minutes: 30")
    assert main([str(aligned)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith(f"{MODULE}:3: warning: 'minutes: 30'")
    assert captured.out.splitlines()[0].endswith("[seat-time]")
    assert "OK: 1 course, 1 module, 2 pages, 3 quizzes, 7 questions" in captured.out
    assert captured.err == "1 warning found.\n"
    assert main([str(aligned), "--strict"]) == 1


def test_check_command_prints_json_for_ci(
    aligned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(aligned, MODULE, "minutes: 4", "minutes: 30")
    assert main([str(aligned), "--format", "json", "--strict"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is False and document["errors"] == []
    [warning] = document["warnings"]
    assert (warning["path"], warning["line"], warning["code"]) == (MODULE, 3, "seat-time")
    assert document["seat_time"] == [
        {"course": "aligned", "estimated_minutes": 8, "claimed_minutes": 9}
    ]


def test_check_command_json_lists_errors(aligned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(aligned, CHECK, "objectives: [refer-early]", "objectives: [nope]")
    assert main([str(aligned), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is False and document["warnings"] == []
    assert [(e["path"], e["line"]) for e in document["errors"]] == [(CHECK, 17)]


def test_check_command_reading_grade_option(
    aligned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(aligned), "--strict", "--reading-grade", "-5"]) == 1
    assert "[reading-grade]" in capsys.readouterr().out
