"""`make screenshots`: Chromium walks the page tour as anonymous, learner and administrator at
1280 and 375 px (light, and dark at 375 px) and writes full-page PNGs to a folder for review.

    python -m tests.support.screenshots [FOLDER]     (default: screenshots/, git-ignored)
"""

from __future__ import annotations

import logging
import re
import sys
import tempfile
import threading
from pathlib import Path

from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from course_engine import create_app
from course_engine.database import engine_of
from course_engine.schema import upgrade
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.databases import app_settings
from tests.support.tour import build_world, contexts

SHOTS = ((1280, "light"), (375, "light"), (375, "dark"))


def file_name(role: str, path: str, width: int, scheme: str) -> str:
    """A readable PNG name for one page view, e.g. learner-courses-heart-collaboration-375.png."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    return f"{role}-{slug}-{width}{'-dark' if scheme == 'dark' else ''}.png"


def main(folder: Path) -> int:
    """Serve the bundled course on a scratch database and photograph every tour page."""
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/shots.sqlite3"
        upgrade(url)
        app = create_app(
            app_settings(url, INSTANCE_PATH=f"{scratch}/instance", MAIL_OUTBOX=f"{scratch}/mail")
        )
        server = make_server("127.0.0.1", 0, app, threaded=True)
        base = f"http://127.0.0.1:{server.server_port}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        course = app.extensions["content"].catalog.course("heart-collaboration")
        with Session(engine_of(app)) as session:
            world = build_world(session, course)
            session.commit()
        count = 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for role, context in contexts(browser, base, world):
                tab = context.new_page()
                for path in world.pages[role]:
                    for width, scheme in SHOTS:
                        tab.emulate_media(color_scheme=scheme)
                        tab.set_viewport_size({"width": width, "height": 800})
                        tab.goto(base + path)
                        shot = folder / file_name(role, path, width, scheme)
                        tab.screenshot(path=shot, full_page=True)
                        count += 1
            browser.close()
        server.shutdown()
        engine_of(app).dispose()
    print(f"{count} screenshots in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
