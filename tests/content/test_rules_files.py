"""One test per file-level rule: YAML safety, front matter, sizes, encodings, escaping paths."""

from __future__ import annotations

import os
from pathlib import Path

from course_engine.content import messages as m
from course_engine.content.files import MAX_TEXT_BYTES

from .conftest import edit, error, errors_of, write

COURSE = "modules/demo/course.yaml"
WELCOME = "modules/demo/01-welcome.md"
PRETEST = "quizzes/demo/pretest.yaml"


def test_yaml_python_tag_is_refused_not_constructed(root: Path, tmp_path: Path) -> None:
    marker = tmp_path / "constructed"
    payload = f'!!python/object/apply:os.mkdir ["{marker}"]'
    edit(root, COURSE, 'version: "2"', f"version: {payload}")
    tag = "tag:yaml.org,2002:python/object/apply:os.mkdir"
    assert errors_of(root) == [error(COURSE, 12, m.YAML_TAG.format(tag=tag))]
    assert not marker.exists()


def test_yaml_custom_tag_is_refused(root: Path) -> None:
    edit(root, PRETEST, "kind: pretest", "kind: pretest\nmax_attempts: !secret 3")
    assert errors_of(root) == [error(PRETEST, 3, m.YAML_TAG.format(tag="!secret"))]


def test_yaml_anchors_and_aliases_are_refused(root: Path) -> None:
    edit(root, PRETEST, "title: Before you start", "title: &t Before you start\nx: *t")
    assert errors_of(root) == [error(PRETEST, 1, m.YAML_ALIAS)]


def test_yaml_syntax_error_names_the_line(root: Path) -> None:
    edit(root, PRETEST, "    answer: false", "    answer: [false")
    [found] = errors_of(root)
    assert (found.path, found.line) == (PRETEST, 8)
    assert found.message.startswith("invalid YAML: ")


def test_duplicate_yaml_key(root: Path) -> None:
    edit(root, COURSE, 'version: "2"', 'version: "2"\nversion: "3"')
    assert errors_of(root) == [error(COURSE, 13, m.YAML_DUPLICATE_KEY.format(key="version"))]


def test_yaml_key_must_be_a_string(root: Path) -> None:
    edit(root, COURSE, 'version: "2"', 'version: "2"\n1: one')
    assert errors_of(root) == [error(COURSE, 13, m.YAML_KEY_NOT_STRING)]


def test_top_level_must_be_a_mapping(root: Path) -> None:
    write(root, PRETEST, "- just\n- a list\n")
    assert errors_of(root) == [error(PRETEST, 1, m.NOT_A_MAPPING.format(what="a quiz file"))]


def test_front_matter_missing(root: Path) -> None:
    write(root, WELCOME, "# No front matter\n")
    assert errors_of(root) == [error(WELCOME, 1, m.FRONT_MATTER_MISSING)]


def test_front_matter_not_closed(root: Path) -> None:
    write(root, WELCOME, "---\ntitle: Welcome\n# Body\n")
    assert errors_of(root) == [error(WELCOME, 1, m.FRONT_MATTER_UNCLOSED)]


def test_front_matter_must_be_a_mapping(root: Path) -> None:
    write(root, WELCOME, "---\n- a list\n---\nBody\n")
    assert errors_of(root) == [error(WELCOME, 2, m.NOT_A_MAPPING.format(what="front matter"))]


def test_front_matter_lines_are_file_lines(root: Path) -> None:
    edit(root, WELCOME, "minutes: 10", "minutes: ten")
    assert errors_of(root) == [error(WELCOME, 3, m.MUST_BE_POSITIVE_INT.format(key="minutes"))]


def test_file_over_size_limit(root: Path) -> None:
    assert MAX_TEXT_BYTES == 256 * 1024
    write(root, WELCOME, "---\ntitle: Big\n---\n" + "x" * MAX_TEXT_BYTES)
    assert errors_of(root) == [error(WELCOME, 1, m.FILE_TOO_LARGE.format(limit=256))]


def test_file_not_utf8(root: Path) -> None:
    (root / PRETEST).write_bytes("title: Caf\u00e9\n".encode("latin-1"))
    assert errors_of(root) == [error(PRETEST, 1, m.FILE_NOT_UTF8)]


def test_symlinked_content_file_outside_the_course_is_refused(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Outside\n---\nSecret\n", encoding="utf-8")
    os.symlink(outside, root / "modules/demo/03-outside.md")
    target = "modules/demo/03-outside.md"
    assert errors_of(root) == [error(target, 1, m.PATH_ESCAPES.format(target=target))]


def test_symlinked_asset_outside_the_course_is_refused(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"png")
    os.symlink(outside, root / "modules/demo/assets/secret.png")
    target = "modules/demo/assets/secret.png"
    assert errors_of(root) == [error(target, 1, m.PATH_ESCAPES.format(target=target))]


def test_link_that_leaves_the_course_folder(root: Path) -> None:
    edit(root, WELCOME, "(assets/tip-sheet.pdf)", "(../../quizzes/demo/pretest.yaml)")
    message = m.PATH_ESCAPES.format(target="../../quizzes/demo/pretest.yaml")
    assert errors_of(root) == [error(WELCOME, 25, message)]


def test_absolute_image_path_is_refused(root: Path) -> None:
    edit(root, WELCOME, "(assets/diagram.svg)", "(/etc/passwd)")
    assert errors_of(root) == [error(WELCOME, 23, m.PATH_ESCAPES.format(target="/etc/passwd"))]


def test_bad_module_file_name(root: Path) -> None:
    write(root, "modules/demo/notes.md", "---\ntitle: Notes\nid: notes\n---\nText\n")
    assert errors_of(root) == [error("modules/demo/notes.md", 1, m.BAD_MODULE_FILENAME)]


def test_missing_course_file(root: Path) -> None:
    (root / COURSE).unlink()
    assert errors_of(root) == [error(COURSE, 1, m.MISSING_COURSE_FILE)]


def test_quiz_folder_without_course(root: Path) -> None:
    write(root, "quizzes/ghost/q.yaml", "title: Ghost\n")
    message = m.QUIZ_FOLDER_WITHOUT_COURSE.format(slug="ghost")
    assert errors_of(root) == [error("quizzes/ghost", 1, message)]


def test_quiz_file_with_yml_extension(root: Path) -> None:
    write(root, "quizzes/demo/extra.yml", "title: Extra\n")
    assert errors_of(root) == [error("quizzes/demo/extra.yml", 1, m.BAD_QUIZ_FILENAME)]


def test_missing_modules_folder(tmp_path: Path) -> None:
    message = m.MISSING_FOLDER.format(folder="modules")
    assert errors_of(tmp_path) == [error("modules", 1, message)]
