"""Copy USWDS's compiled CSS and JS, and the fonts and images its CSS names, into the package."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIST = HERE / "node_modules" / "@uswds" / "uswds" / "dist"
TARGET = HERE.parent.parent / "course_engine" / "static" / "uswds"
#: The compiled files the pages load (no source maps: they name files we do not ship).
FILES = ["css/uswds.min.css", "js/uswds.min.js"]
URL = re.compile(r"url\(\s*['\"]?\.\./([^)'\"]+)['\"]?\s*\)")


def referenced(css: str) -> list[str]:
    """The dist-relative paths of the fonts and images a stylesheet loads."""
    return sorted(set(URL.findall(css)))


def main() -> int:
    """Replace course_engine/static/uswds with the files of the installed release."""
    version = json.loads((DIST.parent / "package.json").read_text())["version"]
    css = (DIST / FILES[0]).read_text()
    wanted = FILES + referenced(css)
    if TARGET.exists():
        shutil.rmtree(TARGET)
    for name in wanted:
        (TARGET / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DIST / name, TARGET / name)
    shutil.copyfile(DIST.parent / "LICENSE.md", TARGET / "LICENSE.md")
    (TARGET / "VERSION").write_text(version + "\n")
    print(f"USWDS {version}: {len(wanted)} files in {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
