"""The package as a wheel: installed in a new virtualenv outside the repository, it checks a
course folder with ``course-engine-check`` and serves its pages (migrations, fonts, templates and
defaults all come from the wheel; nothing from the repository root)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest

#: Builds its own SQLite instance: the same on either --db, so it runs once.
pytestmark = pytest.mark.database_independent

ROOT = Path(__file__).resolve().parent.parent

SERVE = """
import sys
from werkzeug.serving import make_server
import course_engine
from course_engine import create_app
from course_engine.extensions import alembic
assert "site-packages" in course_engine.__file__, course_engine.__file__
app = create_app()
with app.app_context():
    alembic.upgrade()
server = make_server("127.0.0.1", 0, app)
print(server.server_port, course_engine.__file__, flush=True)
server.serve_forever()
"""


def build_wheel(folder: Path) -> Path:
    """``pip wheel . -w folder`` (the build backend from this environment, no download)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(folder),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = folder.glob("course_engine-*.whl")
    return wheel


def fresh_venv(folder: Path, wheel: Path) -> Path:
    """A new virtualenv with the wheel installed; its dependencies are this environment's."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The already-installed dependencies, after the venv's own packages (so the wheel wins).
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    return folder / "bin"


def course_folder(folder: Path) -> Path:
    """A course folder of its own: the bundled course's modules, quizzes and certificates."""
    for name in ("modules", "quizzes", "certificates"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def test_a_wheel_installed_outside_the_repository_checks_and_serves_a_course(
    tmp_path: Path,
) -> None:
    wheel = build_wheel(tmp_path / "dist")
    bin_dir = fresh_venv(tmp_path / "venv", wheel)
    course = course_folder(tmp_path / "course")

    check = subprocess.run(
        [str(bin_dir / "course-engine-check"), str(course)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("OK: 1 course")

    server = subprocess.Popen(
        [str(bin_dir / "python"), "-c", SERVE],
        cwd=course,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "COURSE_ENGINE_CONFIG": "development"},
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line, server.stderr.read() if server.stderr else ""
        port, package_file = line.split()
        assert str(tmp_path / "venv") in package_file  # the wheel, not the checkout
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:  # noqa: S310
            page = response.read().decode()
        assert response.status == 200
        assert "HEART" in page
        assert (course / "instance" / "course_engine.sqlite3").exists()
        spanish = urllib.request.Request(  # noqa: S310
            f"http://127.0.0.1:{port}/help", headers={"Accept-Language": "es"}
        )
        with urllib.request.urlopen(spanish) as response:  # noqa: S310  # compiled in the wheel
            assert "Saltar al contenido principal" in response.read().decode()
    finally:
        server.terminate()
        server.communicate(timeout=30)  # and close its pipes
