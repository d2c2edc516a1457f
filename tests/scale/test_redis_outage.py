"""A Redis outage degrades the limits, never the site: a real Redis stopped mid-run, restarted."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
import redis

from bench.harness import free_port, prepare, serve, server_env
from tests.support.databases import IN_CI, scratch_database

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@contextmanager
def redis_server(port: int, folder: Path) -> Iterator[redis.Redis]:
    """A redis-server of this test's own on ``port`` (no persistence)."""
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield client
    finally:
        process.terminate()
        process.wait(timeout=10)


def login_attempt(base: str) -> int:
    """A failed login from a fresh client: the POST's status."""
    with httpx.Client(base_url=base, timeout=30) as client:
        token = TOKEN.search(client.get("/login").text)
        assert token is not None
        data = {"email": "x@example.org", "password": "wrong password", "csrf_token": token[1]}
        return client.post("/login", data=data).status_code


def test_login_and_verify_keep_working_while_redis_is_down_and_use_it_again_after(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if not Path(REDIS_SERVER).exists():
        (pytest.fail if IN_CI else pytest.skip)("redis-server is not installed")
    port = free_port()
    with ExitStack() as stack:
        url = stack.enter_context(scratch_database(request.config.getoption("--db"), tmp_path))
        prepare(url, tmp_path, learners=0)
        store = stack.enter_context(redis_server(port, tmp_path))
        env = server_env(url, tmp_path)
        env.update(
            RATELIMIT_ENABLED="true",
            RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0",
            LOGIN_RATE_LIMIT="1000 per minute",
        )
        base = stack.enter_context(serve(env, 1, 2, log=tmp_path / "gunicorn.log")).url

        assert login_attempt(base) == 200
        assert store.keys("*"), "the counters live in Redis"
        assert httpx.get(f"{base}/healthz").json()["rate_limits"] == "ok"
        store.shutdown(nosave=True)

        assert login_attempt(base) == 200  # not 500: counted in the worker meanwhile
        assert httpx.get(f"{base}/verify", params={"q": "HEART-2026-000001"}).status_code == 200
        health = httpx.get(f"{base}/healthz").json()
        assert health["status"] == "ok" and health["rate_limits"].startswith("fallback")
        assert "falling back to in-memory storage" in (tmp_path / "gunicorn.log").read_text()

        restarted = stack.enter_context(redis_server(port, tmp_path))
        for _ in range(60):  # the limiter re-checks the store with back-off (1, 2, 4 ... s)
            httpx.get(f"{base}/verify", params={"q": "HEART-2026-000001"})
            if httpx.get(f"{base}/healthz").json()["rate_limits"] == "ok":
                break
            time.sleep(0.5)
        assert httpx.get(f"{base}/healthz").json()["rate_limits"] == "ok"
        assert login_attempt(base) == 200
        assert restarted.keys("*"), "counting in Redis again"
