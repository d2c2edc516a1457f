"""Limits hold through four gunicorn workers on the embedded store (no Redis): the attack."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import httpx
import pytest
from sqlalchemy.orm import Session

from bench.harness import ROOT, SECRET, prepare, serve, server_env
from course_engine import create_app
from course_engine.auth import passwords
from course_engine.database import engine_of
from course_engine.models import User
from tests.support.databases import scratch_database

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
OWNER = "owner@example.org"
OWNER_PASSWORD = "the owner's own passphrase"
LOGIN_LIMIT, VERIFY_LIMIT = 10, 60


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Production settings, four workers, the limits in the app's own database, one proxy hop."""
    folder = tmp_path_factory.mktemp("limits")
    with ExitStack() as stack:
        url = stack.enter_context(scratch_database(request.config.getoption("--db"), folder))
        prepare(url, folder, learners=0)
        app = create_app(
            {
                "SECRET_KEY": SECRET,
                "DATABASE_URL": url,
                "CONTENT_ROOT": str(ROOT),
                "INSTANCE_PATH": str(folder),
            }
        )
        with Session(engine_of(app)) as session:
            session.add(
                User(
                    email=OWNER,
                    email_key=OWNER,
                    full_name="Owner",
                    role="teacher",
                    organization_kind="school",
                    state="MA",
                    password_hash=passwords.hash_password(OWNER_PASSWORD),
                )
            )
            session.commit()
        engine_of(app).dispose()
        env = server_env(url, folder)
        env.pop("RATELIMIT_STORAGE_URI", None)  # the default: database://
        env.update(
            RATELIMIT_ENABLED="true",
            PROXY_FIX="1",
            LOGIN_RATE_LIMIT=f"{LOGIN_LIMIT} per 15 minutes",
            VERIFY_RATE_LIMIT=f"{VERIFY_LIMIT} per minute",
        )
        yield stack.enter_context(serve(env, 4, 4, log=folder / "gunicorn.log")).url


def login(base: str, address: str, password: str) -> int:
    """One login from ``address`` (behind the proxy): GET the form, POST it; the POST's status."""
    headers = {"X-Forwarded-For": address}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        token = TOKEN.search(client.get("/login").text)
        assert token is not None
        data = {"email": OWNER, "password": password, "csrf_token": token.group(1)}
        return client.post("/login", data=data).status_code


def test_parallel_guesses_through_four_workers_are_checked_exactly_up_to_the_limit(
    server: str,
) -> None:
    with ThreadPoolExecutor(16) as pool:
        statuses = list(
            pool.map(
                lambda n: login(server, "198.51.100.66", f"wrong guess number {n}"), range(120)
            )
        )
    checked = [status for status in statuses if status != 429]
    assert checked == [200] * LOGIN_LIMIT, sorted(statuses)
    # The owner, from another address, with the right password, is not locked out.
    assert login(server, "192.0.2.10", OWNER_PASSWORD) == 302


def test_parallel_verify_lookups_through_four_workers_stop_at_the_limit(server: str) -> None:
    headers = {"X-Forwarded-For": "203.0.113.77"}

    def look_up(n: int) -> int:
        with httpx.Client(base_url=server, headers=headers, timeout=60) as client:
            return client.get("/verify", params={"q": f"HEART-2026-{n:06d}"}).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(look_up, range(160)))
    assert statuses.count(200) == VERIFY_LIMIT
    assert statuses.count(429) == 160 - VERIFY_LIMIT
