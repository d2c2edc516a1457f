"""The broken fixture tree reports every one of its errors in a single pass."""

# ruff: noqa: E501

from __future__ import annotations

from course_engine.content import check_content

from .conftest import FIXTURES

EXPECTED = [
    "modules/broken/01-intro.md:3: 'minutes' must be a whole number greater than 0",
    "modules/broken/01-intro.md:4: prerequisites form a cycle: intro -> loop -> intro",
    "modules/broken/01-intro.md:5: 'quiz' must refer to a knowledge_check quiz, but 'survey' is a survey quiz",
    "modules/broken/01-intro.md:9: 'assets/missing.png' does not exist in the course's assets folder",
    "modules/broken/01-intro.md:9: image 'assets/missing.png' needs alt text: ![describe the image](...)",
    "modules/broken/01-intro.md:11: link to '09-nothing.md', which is not a module file of this course",
    "modules/broken/02-loop.md:2: missing required key 'title'",
    "modules/broken/02-loop.md:2: unknown key 'titel', did you mean 'title'?",
    "modules/broken/course.yaml:1: slug 'broke' must equal the folder name 'broken'",
    "modules/broken/course.yaml:4: 'hours' must be a number greater than 0",
    "modules/broken/course.yaml:5: 'posttest' refers to quiz 'missing-final', which does not exist in quizzes/broken/",
    "modules/broken/course.yaml:7: completion module 'nowhere' is not a module of this course",
    "modules/broken/course.yaml:9: certificate template 'fancy' does not exist in certificates/",
    "modules/broken/course.yaml:10: unknown key 'signatry', did you mean 'signatory'?",
    "quizzes/broken/check.yaml:3: 'draw' must be a whole number from 1 to 4 (the number of questions)",
    "quizzes/broken/check.yaml:8: a 'single' question needs exactly one correct choice (found 2)",
    "quizzes/broken/check.yaml:16: a 'multiple' question needs at least one correct choice",
    "quizzes/broken/check.yaml:20: question type 'text' is only allowed in survey quizzes",
    "quizzes/broken/check.yaml:22: missing required key 'answer'",
    "quizzes/broken/check.yaml:25: YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed: use plain strings, numbers, booleans, lists, mappings",
    "quizzes/broken/survey.yaml:3: 'pass_score' is not allowed in a survey quiz",
    "quizzes/broken/survey.yaml:8: duplicate question id 'q1' (also on line 5)",
    "quizzes/orphan:1: quiz folder has no course with the slug 'orphan'",
]


def test_broken_tree_reports_all_errors_in_one_pass() -> None:
    catalog, errors = check_content(FIXTURES / "broken")
    assert catalog is None
    assert [str(e) for e in errors] == EXPECTED


def test_errors_are_sorted_by_path_then_line() -> None:
    _, errors = check_content(FIXTURES / "broken")
    assert errors == sorted(errors, key=lambda e: (e.path, e.line, e.message))
