"""ContentStore: reloads, keeps the last good catalog, and re-reads only changed files."""

from __future__ import annotations

import os
from pathlib import Path

from course_engine.content import ContentStore
from course_engine.content import messages as m

from .conftest import edit, error, write

PRETEST = "quizzes/demo/pretest.yaml"


def _touch_later(path: Path) -> None:
    """Make sure an edit changes mtime even on coarse file systems."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_store_loads_on_creation(root: Path) -> None:
    store = ContentStore(root)
    assert store.catalog is not None
    assert store.errors == []
    assert store.loaded_at == store.catalog.loaded_at


def test_reload_picks_up_an_edited_file(root: Path) -> None:
    store = ContentStore(root)
    edit(root, PRETEST, "Before you start", "Before you begin")
    assert store.reload() == []
    assert store.catalog is not None
    assert store.catalog.courses["demo"].quizzes["pretest"].title == "Before you begin"


def test_reload_keeps_last_good_catalog_when_an_edit_breaks_it(root: Path) -> None:
    store = ContentStore(root)
    good = store.catalog
    edit(root, PRETEST, "kind: pretest", "kind: pretest\npass_score: 50")
    message = m.PASS_SCORE_NOT_ALLOWED.format(kind="pretest")
    assert store.reload() == [error(PRETEST, 3, message)]
    assert store.catalog is good
    assert store.errors == [error(PRETEST, 3, message)]


def test_reload_if_changed_detects_edits_additions_and_removals(root: Path) -> None:
    store = ContentStore(root)
    assert store.reload_if_changed() is False
    edit(root, PRETEST, "Before you start", "Before you begin")
    _touch_later(root / PRETEST)
    assert store.reload_if_changed() is True
    assert store.reload_if_changed() is False
    write(root, "modules/demo/03-extra.md", "---\ntitle: Extra\n---\nMore.\n")
    assert store.reload_if_changed() is True
    assert store.catalog is not None
    assert store.catalog.courses["demo"].module("extra") is not None
    (root / "modules/demo/03-extra.md").unlink()
    assert store.reload_if_changed() is True
    assert store.catalog.courses["demo"].module("extra") is None


def test_store_without_valid_content_has_no_catalog(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    assert store.catalog is None
    assert store.errors == [error("modules", 1, m.MISSING_FOLDER.format(folder="modules"))]


def _big_tree(root: Path, modules: int, quizzes: int) -> None:
    body = "\n\n".join(
        f"## Part {i}\n\nSome *text* with a [link](https://example.org)." for i in range(8)
    )
    for number in range(1, modules + 1):
        write(
            root, f"modules/demo/{number:03d}-m{number}.md", f"---\ntitle: M{number}\n---\n{body}\n"
        )
    for number in range(quizzes):
        questions = "".join(
            f"  - id: q{i}\n    type: true_false\n    prompt: Statement *{i}*\n    answer: true\n"
            for i in range(10)
        )
        write(
            root,
            f"quizzes/demo/q{number}.yaml",
            f"title: Q\nkind: knowledge_check\nquestions:\n{questions}",
        )


def test_one_edit_among_200_files_is_picked_up(root: Path) -> None:
    """How fast this is, is measured by bench/, never asserted here."""
    _big_tree(root, modules=150, quizzes=50)
    store = ContentStore(root)
    assert store.catalog is not None and store.catalog.stats.modules == 152
    target = root / "modules/demo/077-m77.md"
    edit(root, "modules/demo/077-m77.md", "title: M77", "title: Seventy-seven")
    _touch_later(target)
    assert store.reload_if_changed() is True
    assert store.catalog.courses["demo"].module("m77").title == "Seventy-seven"  # type: ignore[union-attr]
    assert store.reload_if_changed() is False
