"""Content safety: YAML never builds objects, and no content path leaves the course's folders."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from course_engine.content import ContentError, check_content
from tests.security.content_tree import MODULE, QUIZ, SLUG, copy_content, insert_line

SCRIPT_URL = re.compile(r"<[a-z][^>]*\s(?:href|src)\s*=\s*[\"']?\s*(?:javascript|data|file):", re.I)
OBJECT_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/new:subprocess.check_output [["touch", "{marker}"]]',
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    "!!set {{a: null}}",
    "!custom {{x: 1}}",
]


def errors_at(root: Path, rel: str) -> list[ContentError]:
    """Errors the compiler reports for one file (the catalog must be refused)."""
    catalog, errors = check_content(root)
    assert catalog is None and errors
    return [error for error in errors if error.path == rel]


@pytest.mark.parametrize("tag", OBJECT_TAGS)
@pytest.mark.parametrize(("rel", "index"), [(MODULE, 1), (QUIZ, 3)])
def test_yaml_tags_that_build_objects_are_refused_at_their_line(
    tmp_path: Path, tag: str, rel: str, index: int
) -> None:
    root = copy_content(tmp_path / "content")
    marker = tmp_path / "side-effect"
    line = insert_line(root, rel, index, f"evil: {tag.format(marker=marker)}")
    errors = errors_at(root, rel)
    assert any(e.line == line and "tag" in e.message.casefold() for e in errors), errors
    assert not marker.exists()


def test_anchors_and_aliases_are_refused_before_expansion(tmp_path: Path) -> None:
    root = copy_content(tmp_path / "content")
    bomb = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    bomb += [f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]"
             for n in range(12)]  # fmt: skip
    for offset, line in enumerate(bomb):
        insert_line(root, QUIZ, 3 + offset, line)
    errors = errors_at(root, QUIZ)
    assert errors and all(error.line >= 4 for error in errors), errors


@pytest.mark.parametrize(
    "markdown",
    [
        "![A map](../../../certificates/images/logo.svg)",
        "![A map](/etc/passwd)",
        "![A map](assets/../course.yaml)",
        "![A map](assets/%2e%2e/course.yaml)",
        "[Download](assets/../../../quizzes/heart-collaboration/pretest.yaml)",
        "[Download](/etc/passwd)",
        "[Download](assets/..%2F..%2Fcourse.yaml)",
        "![A map](assets/linked/secret.svg)",
        "[Download](assets/linked/secret.svg)",
    ],
)
def test_links_and_images_outside_the_assets_folder_are_refused(
    tmp_path: Path, markdown: str
) -> None:
    root = copy_content(tmp_path / "content")
    (root / "modules" / SLUG / "assets" / "linked").symlink_to(outside_folder(tmp_path))
    line = insert_line(root, MODULE, body_start(root), markdown)
    errors = errors_at(root, MODULE)
    assert any(error.line == line for error in errors), errors


def body_start(root: Path) -> int:
    """The 0-based index of the first body line of the bundled first module."""
    return (root / MODULE).read_text(encoding="utf-8").splitlines().index("---", 1) + 2


def outside_folder(tmp_path: Path) -> Path:
    """A folder outside the content root with a secret file in it."""
    outside = tmp_path / "private"
    outside.mkdir(exist_ok=True)
    (outside / "secret.svg").write_text("<svg>TOP SECRET</svg>", encoding="utf-8")
    return outside


@pytest.mark.parametrize(
    "markdown",
    [
        "[Run me](javascript:alert(1))",
        "[Run me](JaVaScRiPt:alert(1))",
        "[Run me](data:text/html,<script>alert(1)</script>)",
        "![A map](file:///etc/passwd)",
        '<a href="javascript:alert(1)">Run me</a>',
        '<img src="file:///etc/passwd" alt="x">',
    ],
)
def test_script_and_file_urls_are_refused_or_left_as_plain_text(
    tmp_path: Path, markdown: str
) -> None:
    root = copy_content(tmp_path / "content")
    line = insert_line(root, MODULE, body_start(root), markdown)
    catalog, errors = check_content(root)
    if catalog is None:
        assert any(e.path == MODULE and e.line == line for e in errors), errors
        return
    course = catalog.course(SLUG)
    assert course is not None
    assert not SCRIPT_URL.search(course.modules[0].pages[0].html)


def outside_file(tmp_path: Path) -> Path:
    """A secret file next to, not inside, the content root."""
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Stolen\n---\nThe server's secrets.\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize(
    "link",
    [
        f"modules/{SLUG}/assets/secret.svg",
        f"modules/{SLUG}/07-stolen.md",
        f"quizzes/{SLUG}/stolen.yaml",
        "modules/stolen-course",
        f"modules/{SLUG}/course.yaml",
    ],
)
def test_symlinks_to_outside_files_and_folders_are_refused(tmp_path: Path, link: str) -> None:
    root = copy_content(tmp_path / "content")
    secret = outside_file(tmp_path)
    target = root / link
    if link.endswith("course.yaml"):
        target.unlink()
    if link == "modules/stolen-course":
        secret = tmp_path / "elsewhere"
        copy_content(secret)
        secret = secret / "modules" / SLUG
    target.symlink_to(secret)
    catalog, errors = check_content(root)
    assert catalog is None
    assert any(error.path == link for error in errors), errors


def test_the_asset_route_serves_nothing_outside_the_assets_folder(
    tmp_path: Path, make_app: Callable[..., Flask], db: Session
) -> None:
    root = copy_content(tmp_path / "content")
    (root / "modules" / SLUG / "assets" / "linked").symlink_to(outside_folder(tmp_path))
    app = make_app(CONTENT_ROOT=str(root))
    client = app.test_client()
    base = f"/courses/{SLUG}/assets/"
    for path in [
        "linked/secret.svg", "../course.yaml", "..%2Fcourse.yaml", "%2e%2e/course.yaml",
        "..%5Ccourse.yaml", "/etc/passwd", "%2Fetc%2Fpasswd", "assets/../../course.yaml",
        "csmhm-four-parts.svg%00.txt",
    ]:  # fmt: skip
        response = client.get(base + path)
        assert response.status_code in (404, 400, 308), (path, response.status_code)
        assert b"TOP SECRET" not in response.data and b"slug:" not in response.data
        response.close()
    with client.get(base + "csmhm-four-parts.svg") as served:
        assert served.status_code == 200  # the control: real assets are served
