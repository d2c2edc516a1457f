"""A live server on its own database, and headless Chromium with an axe-core check."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from werkzeug.serving import BaseWSGIServer, make_server

from course_engine import create_app
from course_engine.database import engine_of
from course_engine.schema import upgrade
from tests.support.databases import app_settings, scratch_database

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def live_database_url(
    request: pytest.FixtureRequest, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database of its own for the live server (it commits), migrated."""
    folder = tmp_path_factory.mktemp("live")
    with scratch_database(request.config.getoption("--db"), folder) as url:
        upgrade(url)
        yield url


class LiveServer:
    """The app served over HTTP in a background thread."""

    def __init__(self, server: BaseWSGIServer, app: Any) -> None:
        self.server = server
        self.app = app
        self.url = f"http://127.0.0.1:{server.server_port}"

    def __call__(self, path: str) -> str:
        """The absolute URL of ``path``."""
        return self.url + path


@pytest.fixture(scope="session")
def live_server(
    live_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """Serve the bundled course on a free port for the whole session."""
    settings = app_settings(
        live_database_url,
        INSTANCE_PATH=str(tmp_path_factory.mktemp("live-instance")),
        MAIL_OUTBOX=str(tmp_path_factory.mktemp("live-outbox")),
    )
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Emailed links and the certificate's verify URL come from BASE_URL: point it at this server.
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(server, app)
    server.shutdown()
    engine_of(app).dispose()  # before its scratch database is dropped


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies) that fails the test on any console CSP error."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_check() -> Callable[[Any], None]:
    """Run axe-core (WCAG 2.0-2.2 A and AA, best practice) on the page; fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(tab: Any) -> None:
        results = axe.run(tab, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if results.violations_count:
            pytest.fail(f"axe violations on {tab.url}:\n{results.generate_report()}", pytrace=False)

    return check


@pytest.fixture
def live_learner(live_server: LiveServer) -> Callable[..., str]:
    """Create a learner in the live server's database; returns their email."""
    from sqlalchemy.orm import Session

    from tests.factories import create_user

    def make(**fields: Any) -> str:
        email = f"live-{uuid.uuid4().hex[:8]}@example.org"
        with Session(engine_of(live_server.app)) as session:
            create_user(session, email=email, **fields)
            session.commit()
        return email

    return make


def log_in(tab: Any, server: LiveServer, email: str) -> None:
    """Log in through the form."""
    from tests.factories import DEFAULT_PASSWORD

    tab.goto(server("/login"))
    tab.locator("#email").fill(email)
    tab.locator("#password").fill(DEFAULT_PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_load_state()
