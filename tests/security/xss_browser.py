"""A live server for hostile content, and the check that a page opened in Chromium stayed inert."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from course_engine import create_app
from course_engine.database import engine_of
from course_engine.schema import upgrade
from tests.browser.conftest import LiveServer
from tests.support.databases import app_settings, scratch_database

#: What the page looks like from inside: anything a payload could have done or planted.
PROBE = """() => {
  const attrs = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on') || a.name === 'srcdoc' ||
          (['href', 'src', 'action', 'formaction', 'data'].includes(a.name) &&
           (v.startsWith('javascript:') || v.startsWith('data:')))) {
        attrs.push(el.tagName + ' ' + a.name + '=' + a.value);
      }
    }
  }
  return {
    xss: window.__xss === undefined ? null : String(window.__xss),
    getElementById: typeof document.getElementById,
    cookie: typeof document.cookie,
    planted: document.querySelectorAll(
      '#location, [name=getElementById], #xssForm, iframe, object, embed, frame, body body').length,
    scripts: [...document.scripts].map(s => s.getAttribute('src') || 'inline: ' + s.text),
    attrs: attrs,
    text: document.body ? document.body.innerText : '',
    title: document.title,
  };
}"""
#: The site's own script files (no inline script can run under the CSP, nor may one appear).
ALLOWED_SCRIPTS = {"/static/js/head.js", "/static/uswds/js/uswds.min.js", "/static/js/site.js"}


@contextmanager
def hostile_live_server(kind: str, folder: Path, content_root: Path) -> Iterator[LiveServer]:
    """Serve ``content_root`` on a free port with a fresh database of kind ``kind``."""
    with scratch_database(kind, folder) as url:
        upgrade(url)
        settings = app_settings(
            url, CONTENT_ROOT=str(content_root), INSTANCE_PATH=str(folder / "instance"),
            MAIL_OUTBOX=str(folder / "outbox"), RATELIMIT_ENABLED=False,
        )  # fmt: skip
        app = create_app(settings)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield LiveServer(server, app)
        finally:
            server.shutdown()
            engine_of(app).dispose()


class InertTab:
    """A Chromium tab that ignores the CSP (so only escaping stands between a payload and
    execution) and remembers every dialog any page opened."""

    def __init__(self, browser: Any, server: LiveServer) -> None:
        self.context = browser.new_context(bypass_csp=True)
        self.tab = self.context.new_page()
        self.tab.set_default_timeout(15_000)
        self.server = server
        self.dialogs: list[str] = []
        self.tab.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{self.tab.url}: {dialog.type} {dialog.message}")
        dialog.dismiss()

    def open(self, path: str, *, expect: str | None = "XSS{{7*7}}") -> dict[str, Any]:
        """Open ``path`` and check it is inert; ``expect``: text the page must show (a control)."""
        response = self.tab.goto(self.server(path))
        assert response is not None and response.status < 500, (path, response and response.status)
        return self.check(path, expect)

    def check(self, where: str, expect: str | None = "XSS{{7*7}}") -> dict[str, Any]:
        """Check the current page: no dialog, no planted script, handler, frame or 49."""
        self.tab.wait_for_load_state("load")
        self.tab.wait_for_timeout(150)  # let failing images fire their onerror, if any
        state: dict[str, Any] = self.tab.evaluate(PROBE)
        assert self.dialogs == [], self.dialogs
        assert state["xss"] is None, (where, state["xss"])
        assert state["getElementById"] == "function" and state["cookie"] == "string", where
        assert state["planted"] == 0, (where, "payload markup became elements")
        assert state["attrs"] == [], (where, state["attrs"])
        assert set(state["scripts"]) <= ALLOWED_SCRIPTS, (where, state["scripts"])
        for text in (state["text"], state["title"]):
            assert "XSS49" not in text and "XSS<%= 49" not in text, (where, "template evaluated")
        if expect is not None:  # the control: the payload did reach the page, as text
            shown = state["text"] + state["title"] + self.tab.content()
            assert expect in shown, (where, "payload not shown")
        return state

    def close(self) -> None:
        """Close the tab's context."""
        self.context.close()
