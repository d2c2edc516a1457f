"""Where a page's time goes, in one process: CPU per request and a profile of the hot pages.

Run: python -m bench.profile_pages [--requests 2000] [--profile lesson]
No server and no network: each request goes straight through the WSGI app (production settings,
one signed-in learner on a scratch SQLite database), so the CPU time per request is steady even
on a busy machine. This is the tool for finding work to remove; ``bench.lesson_page`` measures
throughput under gunicorn and wrk.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from werkzeug.test import EnvironBuilder

from bench.harness import COURSE, prepare, server_env

PAGES = {
    "floor": "/_bench/floor",
    "lesson": f"/courses/{COURSE}/modules/community-resilience/1",
    "dashboard": "/dashboard",
    "course": f"/courses/{COURSE}/",
}


def caller(app: Any, path: str, cookie: str) -> Callable[[], int]:
    """A function that sends one GET of ``path`` through ``app`` and returns the body's size."""
    environ = EnvironBuilder(
        path=path, base_url="http://127.0.0.1", headers={"Cookie": f"session={cookie}"}
    ).get_environ()
    status: list[str] = []

    def start_response(code: str, _headers: Any, _exc: Any = None) -> None:
        status.append(code)

    def call() -> int:
        status.clear()
        body: Iterable[bytes] = app(dict(environ), start_response)
        size = sum(len(chunk) for chunk in body)
        getattr(body, "close", lambda: None)()
        if not status or not status[0].startswith("200"):
            raise SystemExit(f"{path}: {status}")
        return size

    return call


def cpu_per_request(call: Callable[[], int], count: int) -> float:
    """Process CPU microseconds per request over ``count`` requests (after a warm-up)."""
    for _ in range(50):
        call()
    started = time.process_time()
    for _ in range(count):
        call()
    return (time.process_time() - started) / count * 1e6


def profile(call: Callable[[], int], count: int, lines: int) -> str:
    """A cProfile summary (cumulative time) of ``count`` requests."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        call()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(
        os.environ.get("BENCH_PROFILE_SORT", "cumulative")
    ).print_stats(lines)
    return out.getvalue()


def main() -> None:
    """Prepare a learner, then measure in a process started with the server's environment."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", action="append", default=[], choices=sorted(PAGES))
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'profile.sqlite3'}"
        learner = prepare(url, tmp, learners=1)[0]
        floor_file = tmp / "floor.html"
        floor_file.write_bytes(b"x" * 5000)
        env = dict(server_env(url, tmp), BENCH_FLOOR_FILE=str(floor_file))
        env["BENCH_PROFILE_COOKIE"] = learner.cookie
        command = [sys.executable, "-c", "from bench.profile_pages import measure; measure()"]
        command += [str(args.requests), str(args.lines), *args.profile]
        subprocess.run(command, env=env, check=True)


def measure() -> None:
    """In the server's environment: CPU per request of each page, then the profiles asked for."""
    requests, lines, *profiled = sys.argv[1:]
    count = int(requests)
    cookie = os.environ["BENCH_PROFILE_COOKIE"]
    from bench.plain_wsgi import app as plain
    from bench.wsgi import app

    calls = {"plain": caller(plain, "/_bench/floor", cookie)}
    calls.update({name: caller(app, path, cookie) for name, path in PAGES.items()})
    print(f"CPU per request, {count} requests each, in-process (no server)")
    for name, call in calls.items():
        print(f"  {name:10} {cpu_per_request(call, count):8.0f} us")
    for name in profiled:
        print(f"\n--- profile: {name} ({count} requests) ---")
        print(profile(calls[name], count, int(lines)))


if __name__ == "__main__":
    main()
