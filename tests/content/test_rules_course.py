"""One test per rule of course.yaml, module front matter and module Markdown."""

from __future__ import annotations

from pathlib import Path

from course_engine.content import messages as m

from .conftest import edit, error, errors_of, write

COURSE = "modules/demo/course.yaml"
WELCOME = "modules/demo/01-welcome.md"
PRACTICE = "modules/demo/02-practice.md"


def test_missing_required_key(root: Path) -> None:
    edit(root, COURSE, "title: Demo Course\n", "")
    assert errors_of(root) == [error(COURSE, 1, "missing required key 'title'")]


def test_wrong_type(root: Path) -> None:
    edit(root, COURSE, "hours: 1.5", "hours: lots")
    assert errors_of(root) == [error(COURSE, 5, "'hours' must be a number greater than 0")]


def test_wrong_type_in_a_list(root: Path) -> None:
    edit(root, COURSE, "  - Teachers", "  - {name: Teachers}")
    assert errors_of(root) == [error(COURSE, 6, m.MUST_BE_STRING_LIST.format(key="audience"))]


def test_unknown_key_suggests_the_nearest(root: Path) -> None:
    edit(root, COURSE, "hours: 1.5", "hours: 1.5\nobjectivs: []")
    message = "unknown key 'objectivs', did you mean 'objectives'?"
    assert errors_of(root) == [error(COURSE, 6, message)]


def test_unknown_key_without_a_near_match(root: Path) -> None:
    edit(root, COURSE, "hours: 1.5", "hours: 1.5\nzzz: 1")
    assert errors_of(root) == [error(COURSE, 6, m.UNKNOWN_KEY.format(key="zzz"))]


def test_slug_must_equal_folder(root: Path) -> None:
    edit(root, COURSE, "slug: demo", "slug: other")
    message = "slug 'other' must equal the folder name 'demo'"
    assert errors_of(root) == [error(COURSE, 1, message)]


def test_bad_id(root: Path) -> None:
    edit(root, PRACTICE, "title: Practice", "title: Practice\nid: has space")
    message = m.BAD_ID.format(key="id", value="has space")
    assert errors_of(root) == [error(PRACTICE, 3, message)]


def test_course_quiz_reference_must_exist(root: Path) -> None:
    edit(root, COURSE, "posttest: posttest", "posttest: final")
    message = m.UNKNOWN_QUIZ.format(key="posttest", quiz="final", folder="quizzes/demo")
    assert errors_of(root) == [error(COURSE, 14, message)]


def test_course_quiz_reference_must_have_the_right_kind(root: Path) -> None:
    edit(root, COURSE, "pretest: pretest", "pretest: posttest")
    message = m.WRONG_QUIZ_KIND.format(
        key="pretest", expected="pretest", quiz="posttest", actual="posttest"
    )
    assert errors_of(root) == [error(COURSE, 13, message)]


def test_completion_module_must_exist(root: Path) -> None:
    edit(root, COURSE, "modules: all", "modules: [welcome, missing]")
    message = m.UNKNOWN_COMPLETION_MODULE.format(module="missing")
    assert errors_of(root) == [error(COURSE, 17, message)]


def test_completion_module_must_not_be_a_draft(root: Path) -> None:
    edit(root, COURSE, "modules: all", "modules:\n    - welcome\n    - practice")
    edit(root, PRACTICE, "title: Practice", "title: Practice\ndraft: true")
    message = m.DRAFT_COMPLETION_MODULE.format(module="practice")
    assert errors_of(root) == [error(COURSE, 19, message)]


def test_completion_setting_needs_its_quiz(root: Path) -> None:
    edit(root, COURSE, "posttest: posttest\n", "")
    edit(root, COURSE, "modules: all", "modules: all\n  posttest_min_score: 90")
    message = m.NEEDS_SETTING.format(key="posttest_min_score", needs="posttest")
    assert errors_of(root) == [error(COURSE, 17, message)]


def test_certificate_template_must_exist(root: Path) -> None:
    edit(root, COURSE, "template: standard", "template: fancy")
    message = m.UNKNOWN_TEMPLATE.format(template="fancy", folder="certificates")
    assert errors_of(root) == [error(COURSE, 20, message)]


def test_duplicate_module_id(root: Path) -> None:
    write(root, "modules/demo/03-again.md", "---\nid: welcome\ntitle: Again\n---\nText\n")
    message = m.DUPLICATE_MODULE_ID.format(id="welcome", other=WELCOME)
    assert errors_of(root) == [error("modules/demo/03-again.md", 2, message)]


def test_prerequisite_must_exist(root: Path) -> None:
    edit(root, PRACTICE, "  - welcome", "  - welcom")
    message = m.UNKNOWN_PREREQUISITE.format(module="welcom")
    assert errors_of(root) == [error(PRACTICE, 4, message)]


def test_prerequisite_must_not_be_a_draft(root: Path) -> None:
    edit(root, WELCOME, "title: Welcome", "title: Welcome\ndraft: true")
    message = m.DRAFT_PREREQUISITE.format(module="welcome")
    assert errors_of(root) == [error(PRACTICE, 4, message)]


def test_prerequisite_cycle_is_named(root: Path) -> None:
    edit(root, WELCOME, "minutes: 10", "minutes: 10\nprerequisites: [practice]")
    message = "prerequisites form a cycle: welcome -> practice -> welcome"
    assert errors_of(root) == [error(WELCOME, 4, message)]


def test_module_quiz_must_exist(root: Path) -> None:
    edit(root, PRACTICE, "quiz: check-practice", "quiz: check-missing")
    message = m.UNKNOWN_QUIZ.format(key="quiz", quiz="check-missing", folder="quizzes/demo")
    assert errors_of(root) == [error(PRACTICE, 5, message)]


def test_module_quiz_must_be_a_knowledge_check(root: Path) -> None:
    edit(root, PRACTICE, "quiz: check-practice", "quiz: evaluation")
    message = m.WRONG_QUIZ_KIND.format(
        key="quiz", expected="knowledge_check", quiz="evaluation", actual="survey"
    )
    assert errors_of(root) == [error(PRACTICE, 5, message)]


def test_link_to_missing_module_file(root: Path) -> None:
    edit(root, WELCOME, "(02-practice.md)", "(03-missing.md)")
    message = m.MISSING_MODULE_LINK.format(target="03-missing.md")
    assert errors_of(root) == [error(WELCOME, 9, message)]


def test_link_target_must_be_known_kind(root: Path) -> None:
    edit(root, WELCOME, "(02-practice.md)", "(ftp://example.org/x)")
    message = m.BAD_LINK_TARGET.format(target="ftp://example.org/x")
    assert errors_of(root) == [error(WELCOME, 9, message)]


def test_image_must_exist(root: Path) -> None:
    edit(root, WELCOME, "(assets/diagram.svg)", "(assets/missing.png)")
    message = "'assets/missing.png' does not exist in the course's assets folder"
    assert errors_of(root) == [error(WELCOME, 23, message)]


def test_image_needs_alt_text(root: Path) -> None:
    edit(root, WELCOME, "![A simple diagram]", "![]")
    message = m.EMPTY_ALT.format(target="assets/diagram.svg")
    assert errors_of(root) == [error(WELCOME, 23, message)]


def test_image_source_must_be_an_asset_or_https(root: Path) -> None:
    edit(root, WELCOME, "(assets/diagram.svg)", "(data:image/png;base64,AAAA)")
    message = m.BAD_IMAGE_SOURCE.format(target="data:image/png;base64,AAAA")
    assert errors_of(root) == [error(WELCOME, 23, message)]


def test_line_numbers_count_soft_breaks_in_a_paragraph(root: Path) -> None:
    edit(root, WELCOME, "Download the [tip sheet]", "Some text\nDownload the [tip sheet]")
    edit(root, WELCOME, "(assets/tip-sheet.pdf)", "(assets/nope.pdf)")
    message = m.MISSING_ASSET.format(target="assets/nope.pdf")
    assert errors_of(root) == [error(WELCOME, 26, message)]


def test_empty_page(root: Path) -> None:
    edit(root, WELCOME, "<!-- page -->", "<!-- page -->\n\n<!-- page -->")
    assert errors_of(root) == [error(WELCOME, 16, m.EMPTY_PAGE.format(number=2))]


def test_page_break_inside_code_fence_does_not_split(root: Path) -> None:
    edit(root, PRACTICE, "Practice makes perfect.", "```\n<!-- page -->\n```")
    assert errors_of(root) == []
