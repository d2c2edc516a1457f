"""Content safety: broken, mutated and random files only ever produce located ContentErrors.

Each example copies the bundled course, mutates one to three of its real files (lines deleted,
duplicated or inserted, bytes spliced in, whole files replaced by random YAML or unicode) and
compiles the tree in a worker thread with a time bound: the compiler must return, never raise,
and every error must name a file and a line >= 1.
"""

from __future__ import annotations

import itertools
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_engine.content import ContentError, check_content
from tests.security.content_tree import content_files, copy_content
from tests.support.databases import ROOT

#: Builds its own SQLite instance (or none): the same on either --db, so run once.
pytestmark = pytest.mark.database_independent

#: Seconds one compile of the whole course may take before it counts as a hang.
TIME_BOUND = 10.0
_runs = itertools.count()

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40)
)
yaml_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
lines = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "---",
            "...",
            "<!-- page -->",
            "```",
            "- id: x",
            "questions:",
            "  - ",
            ":",
            "&a x",
            "*a",
            "!!python/object:os.system",
            "? key",
            "|",
            "%YAML 1.1",
            "\t",
        ]
    ),
)


@st.composite
def mutation(draw: st.DrawFn, files: list[str]) -> tuple[str, str, Any]:
    """(file, operation, argument) for one change to one content file."""
    rel = draw(st.sampled_from(files))
    operation = draw(st.sampled_from(["delete", "duplicate", "insert", "bytes", "yaml", "text"]))
    if operation == "bytes":
        spliced = draw(st.binary(min_size=1, max_size=12))
        return rel, operation, (draw(st.integers(0, 10**6)), spliced)
    if operation == "yaml":
        return rel, operation, draw(yaml_values)
    if operation == "text":
        return rel, operation, draw(st.text(max_size=400))
    return rel, operation, (draw(st.integers(0, 10**6)), draw(lines))


def apply(root: Path, rel: str, operation: str, argument: Any) -> None:
    """Change one file of the tree."""
    path = root / rel
    data = path.read_bytes()
    if operation == "yaml":
        path.write_text(yaml.safe_dump(argument, allow_unicode=True), encoding="utf-8")
    elif operation == "text":
        path.write_text(argument, encoding="utf-8", errors="surrogatepass")
    elif operation == "bytes":
        at, extra = argument
        at %= len(data) + 1
        path.write_bytes(data[:at] + extra + data[at:])
    else:
        at, new_line = argument
        rows = data.split(b"\n")
        at %= len(rows)
        if operation == "delete":
            del rows[at]
        elif operation == "duplicate":
            rows.insert(at, rows[at])
        else:
            rows.insert(at, new_line.encode("utf-8", "surrogatepass"))
        path.write_bytes(b"\n".join(rows))


def compile_bounded(root: Path) -> tuple[Any, list[ContentError]]:
    """check_content(root) in a worker thread; fail on a hang or an exception."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = check_content(root)
        except BaseException as error:  # noqa: BLE001 - reported below
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(TIME_BOUND)
    if worker.is_alive():
        pytest.fail(f"check_content did not return within {TIME_BOUND}s", pytrace=False)
    if "error" in outcome:
        raise AssertionError("check_content raised instead of reporting") from outcome["error"]
    return outcome["result"]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled course, copied once; every example works on a copy of this."""
    return copy_content(tmp_path_factory.mktemp("pristine") / "content")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the examples' trees are made."""
    return tmp_path_factory.mktemp("fuzz")


FILES = content_files(ROOT)


@settings(
    max_examples=60, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(changes=st.lists(mutation(FILES), min_size=1, max_size=3))
def test_mutated_content_only_ever_yields_located_errors(
    pristine: Path, scratch: Path, changes: list[tuple[str, str, Any]]
) -> None:
    root = scratch / f"run-{next(_runs)}"
    shutil.copytree(pristine, root, symlinks=True)
    try:
        for rel, operation, argument in changes:
            apply(root, rel, operation, argument)
        catalog, errors = compile_bounded(root)
        assert (catalog is None) == bool(errors)
        for error in errors:
            assert isinstance(error, ContentError)
            assert error.path and not error.path.startswith("/"), error
            assert isinstance(error.line, int) and error.line >= 1, error
            assert error.message.strip(), error
    finally:
        shutil.rmtree(root, ignore_errors=True)
