"""Every shell command README.md and docs/ show in a ``sh`` block is either run here, as written,
from the repository root (on a throwaway instance folder and database), or named below with the
reason it is not; a new documented command fails the test until it is one or the other."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

#: Builds its own SQLite instance (or none): the same on either --db, so run once.
pytestmark = pytest.mark.database_independent

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```(?:sh|bash|shell)\n(.*?)```", re.S)

#: Run as written (the ``flask`` commands find the app through .flaskenv).
RUN_PREFIXES = (
    "flask ",
    ".venv/bin/flask ",
    "printf ",
    "course-engine-check",
    "python -m course_engine.",
)
#: Not run, and why.
NOT_RUN = {
    "make run": "serves until stopped (tests/browser serve the same app)",
    "make test": "the whole suite",
    "make install": "what the test environment was installed with",
    "make serve": "gunicorn until stopped (tests/reliability run it)",
    "GUNICORN_BIND=": "gunicorn until stopped (tests/reliability run it)",
    "git clone": "needs the repository's address",
    "export ": "production settings for the shell that follows, not a command",
    "flask lti add-platform": "needs the organization and cohort it names (tests/lti run it)",
}


#: A command named in running text (`flask ...`, `make ...`), outside the sh blocks.
INLINE = re.compile(r"`((?:\.venv/bin/)?flask [^`]+|make [^`]+)`")
#: Prints {command: [exit code, --help output]} for the flask commands named in argv[1].
HELP = """
import json, sys
from flask.cli import FlaskGroup, ScriptInfo
from click.testing import CliRunner
from run import app
group, answers = FlaskGroup(create_app=lambda: app), {}
for name in json.loads(sys.argv[1]):
    info = ScriptInfo(create_app=lambda: app)
    result = CliRunner().invoke(group, [*name.split()[1:], "--help"], obj=info)
    answers[name] = [result.exit_code, result.output]
print(json.dumps(answers))
"""
#: A word of a flask command's name (the words before its arguments and options).
COMMAND_WORD = re.compile(r"[a-z][a-z0-9-]*")


def runs(command: str) -> bool:
    """True for the commands this test runs."""
    return command.startswith(RUN_PREFIXES) and not command.startswith(tuple(NOT_RUN))


def documented_commands() -> list[tuple[str, str]]:
    """(file, command) for every command line in a sh block, continuation lines joined."""
    found = []
    for doc in DOCS:
        for block in BLOCK.findall(doc.read_text(encoding="utf-8")):
            for command in block.replace("\\\n", " ").splitlines():
                command = re.sub(r"\s+#.*$", "", command).strip()
                if command:
                    found.append((doc.name, re.sub(r"\s+", " ", command)))
    return found


def inline_commands() -> list[tuple[str, str]]:
    """(file, command) for every flask or make command quoted in the docs' running text."""
    found = []
    for doc in DOCS:
        text = BLOCK.sub("", doc.read_text(encoding="utf-8"))
        found += [(doc.name, re.sub(r"\s+", " ", command)) for command in INLINE.findall(text)]
    return found


def test_every_make_target_the_docs_name_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    missing = []
    for doc, command in inline_commands() + documented_commands():
        if not command.startswith("make "):
            continue
        target, *settings = command.split()[1:]
        variables = [setting.partition("=")[0] for setting in settings if "=" in setting]
        if target not in targets or any(f"$({name})" not in makefile for name in variables):
            missing.append((doc, command))
    assert missing == []


def test_every_flask_command_the_text_names_exists_with_its_options(tmp_path: Path) -> None:
    """Commands in running text (with placeholders such as SLUG) are checked through --help,
    all in one process (the ``flask`` command's group, the app from run.py)."""
    named: dict[str, set[str]] = {}
    for _doc, command in inline_commands():
        if "flask " not in command:
            continue
        words = command.split()
        name = [words[0]]
        for word in words[1:]:
            if not COMMAND_WORD.fullmatch(word):
                break
            name.append(word)
        options = {word.partition("=")[0] for word in words if word.startswith("--")}
        named.setdefault(" ".join(name), set()).update(options)
    assert "flask content check" in named
    result = subprocess.run(
        [sys.executable, "-c", HELP, json.dumps(sorted(named))],
        cwd=ROOT,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for name, (exit_code, output) in json.loads(result.stdout).items():
        assert exit_code == 0, f"{name} --help\n{output}"
        assert "Usage:" in output, name
        unknown = [option for option in sorted(named[name]) if option not in output]
        assert unknown == [], f"{name} has no option {unknown}"


def _environment(tmp_path: Path) -> dict[str, str]:
    """A fresh shell's environment: no app settings, a throwaway instance folder."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "COURSE_ENGINE_", "DATABASE_URL"))
    }
    env.update(
        PATH=f"{ROOT / '.venv' / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}",
        INSTANCE_PATH=str(tmp_path / "instance"),
        CREDENTIALS_KEY_DIR=str(tmp_path / "keys"),
        PASSWORD="correct horse battery staple",
        RATELIMIT_STORAGE_URI="memory://",
    )
    return env


def test_every_documented_command_is_run_or_has_a_reason() -> None:
    unclassified = [
        (doc, command)
        for doc, command in documented_commands()
        if not runs(command) and not command.startswith(tuple(NOT_RUN))
    ]
    assert unclassified == []


def test_the_documented_flask_commands_work_as_written(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    commands = ["flask db upgrade"] + [
        command for _doc, command in documented_commands() if runs(command)
    ]
    for command in commands:
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            input=f"{env['PASSWORD']}\n{env['PASSWORD']}\n",
            timeout=300,
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        assert "INFO" not in result.stderr, f"{command} printed library noise:\n{result.stderr}"
