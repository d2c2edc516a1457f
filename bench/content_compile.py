"""Benchmark 3: compiling 200 modules and 200 quizzes, against merely parsing the same files.

Run: python -m bench.content_compile
Floor: PyYAML safe_load of every quiz and front matter + markdown-it render of every body,
with no validation, sanitizing or link checking. Targets: full load <= 2x the floor; one edited
file picked up in < 50 ms.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from course_engine.content import ContentStore

MODULES = 200
QUIZZES = 200
REPEAT = 5

COURSE_YAML = """slug: bench
title: Benchmark course
summary: A generated course for timing the compiler.
hours: 10
"""

BODY = (
    "\n\n".join(
        f"## Part {i}\n\nSome *text* with a [link](https://example.org) and a list:\n\n"
        f"- one\n- two\n\n::: tip\nA tip.\n:::\n\n<!-- page -->"
        for i in range(4)
    )
    + "\n\nThe end.\n"
)


def write_tree(root: Path) -> None:
    """200 modules (4-5 pages each) and 200 ten-question quizzes."""
    course = root / "modules/bench"
    course.mkdir(parents=True)
    (root / "certificates").mkdir()
    (course / "course.yaml").write_text(COURSE_YAML)
    quizzes = root / "quizzes/bench"
    quizzes.mkdir(parents=True)
    for n in range(1, MODULES + 1):
        front = f"---\ntitle: Module {n}\nminutes: 10\nquiz: q{n}\n---\n"
        (course / f"{n:03d}-m{n}.md").write_text(front + BODY)
    for n in range(1, QUIZZES + 1):
        questions = "".join(
            f"  - id: q{i}\n    type: single\n    prompt: Question *{i}*?\n    choices:\n"
            f"      - {{text: 'Agree', correct: true, feedback: Right.}}\n"
            f"      - {{text: 'Disagree', correct: false, feedback: Not quite.}}\n"
            for i in range(10)
        )
        (quizzes / f"q{n}.yaml").write_text(
            f"title: Check {n}\nkind: knowledge_check\nquestions:\n{questions}"
        )


def parse_floor(root: Path) -> None:
    """The floor: parse YAML and render Markdown for every file, nothing more."""
    markdown = MarkdownIt("commonmark").enable("table")
    for path in sorted((root / "modules/bench").glob("*.md")):
        text = path.read_text()
        _, front, body = text.split("---\n", 2)
        yaml.safe_load(front)
        for page in body.split("<!-- page -->"):
            markdown.render(page)
    for path in sorted((root / "quizzes/bench").glob("*.yaml")):
        yaml.safe_load(path.read_text())
    yaml.safe_load((root / "modules/bench/course.yaml").read_text())


def timed(action: object) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    """Print the figures and ratios."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_tree(root)
        floor = statistics.median(timed(lambda: parse_floor(root)) for _ in range(REPEAT))
        loads = []
        for _ in range(REPEAT):
            store: ContentStore | None = None

            def load() -> None:
                nonlocal store
                store = ContentStore(root)

            loads.append(timed(load))
        if store is None or store.catalog is None:
            errors = store.errors if store else []
            raise SystemExit(f"generated content has {len(errors)} errors, first: {errors[:3]}")
        full = statistics.median(loads)
        edits = []
        target = root / "modules/bench/100-m100.md"
        for n in range(REPEAT * 4):
            target.write_text(target.read_text().replace("title: Module", f"title: E{n} Module", 1))
            stat = target.stat()
            os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + (n + 1) * 1_000_000_000))
            edits.append(timed(store.reload_if_changed))
        one_edit = statistics.median(edits)
        unchanged = statistics.median(timed(store.reload_if_changed) for _ in range(REPEAT * 4))
    print("Content compile: 200 modules, 200 quizzes (median of repeated runs)")
    print(f"  floor (parse YAML + render Markdown only) {floor * 1000:8.1f} ms")
    print(
        f"  full load and validation                  {full * 1000:8.1f} ms"
        f"   ratio {full / floor:4.2f}x the floor (target <= 2x)"
    )
    print(
        f"  one edited file picked up                 {one_edit * 1000:8.1f} ms   (target < 50 ms)"
    )
    print(f"  check with nothing changed                {unchanged * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
