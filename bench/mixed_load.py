"""Benchmark 2: 50 learners, 90% page views and 10% writes, on SQLite and on PostgreSQL.

Run: python -m bench.mixed_load [--seconds 30] [--learners 50]
Writes are progress (POST next page) and knowledge-check attempts (start + submit). Each learner
is a thread with its own session. Targets (issue 20): zero errors; on SQLite write p99 <= 2x
read p99 and write p50 <= 1.5x read p50; on PostgreSQL write p99 <= 1.5x read p99.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import text

from bench.harness import COURSE, TOKEN, Learner, prepare, serve, server_env
from course_engine.database import make_engine

POSTGRES_ADMIN = os.environ.get(
    "BENCH_POSTGRES_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
#: Scratch databases are named this plus a random suffix (and dropped afterwards).
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "bench_mixed_")
MODULE = "community-resilience"
#: The one-time token of a quiz's review page (Submit for grading needs it).
REVIEW_TOKEN = re.compile(r'name="review_token" value="([^"]+)"')
READS = [f"/courses/{COURSE}/modules/{MODULE}/{n}" for n in (1, 2, 3)] + [
    f"/courses/{COURSE}/",
    "/dashboard",
]


class Recorder:
    """Latencies by kind, and every error seen."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {"read": [], "write": []}
        self.errors: list[str] = []

    def add(self, kind: str, seconds: float, response: httpx.Response, expected: int) -> None:
        """Record one request."""
        with self.lock:
            self.latency[kind].append(seconds)
            if response.status_code != expected:
                self.errors.append(
                    f"{response.request.method} {response.request.url.path}: {response.status_code}"
                )


def learner_loop(base: str, learner: Learner, stop: float, recorder: Recorder, seed: int) -> None:
    """One learner: mostly reading, sometimes recording progress or taking the check."""
    rng = random.Random(seed)
    with httpx.Client(base_url=base, cookies={"session": learner.cookie}, timeout=60) as client:
        while time.monotonic() < stop:
            started = time.perf_counter()
            if rng.random() < 0.9:
                response = client.get(rng.choice(READS))
                recorder.add("read", time.perf_counter() - started, response, 200)
            elif rng.random() < 0.5:
                number = rng.randint(1, 3)
                response = client.post(
                    f"/courses/{COURSE}/modules/{MODULE}/{number}/next",
                    data={"csrf_token": learner.csrf},
                )
                recorder.add("write", time.perf_counter() - started, response, 302)
            else:
                response = client.post(
                    f"/courses/{COURSE}/quizzes/{MODULE}-check/start",
                    data={"csrf_token": learner.csrf},
                )
                recorder.add("write", time.perf_counter() - started, response, 302)
                if response.status_code != 302:
                    continue
                attempt = response.headers["Location"]
                started = time.perf_counter()
                response = client.post(attempt + "/review", data={"csrf_token": learner.csrf})
                recorder.add("write", time.perf_counter() - started, response, 302)
                found = REVIEW_TOKEN.search(client.get(attempt + "/review").text)
                if found is None:
                    continue
                started = time.perf_counter()
                response = client.post(
                    attempt, data={"csrf_token": learner.csrf, "review_token": found.group(1)}
                )
                recorder.add("write", time.perf_counter() - started, response, 302)


def wait_until_healthy(base: str) -> None:
    """Wait for the workers to have booted (the master accepts connections before that)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=30).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server never became healthy")


def read_module_first(base: str, learners: list[Learner]) -> None:
    """Setup, not measured: every learner reads module 1 to its end so the check opens."""
    wait_until_healthy(base)
    for learner in learners:
        with httpx.Client(base_url=base, cookies={"session": learner.cookie}, timeout=60) as client:
            for number in range(1, 5):
                page = client.get(f"/courses/{COURSE}/modules/{MODULE}/{number}")
                if page.status_code != 200:
                    break
                token = TOKEN.search(page.text)
                client.post(
                    f"/courses/{COURSE}/modules/{MODULE}/{number}/next",
                    data={"csrf_token": token.group(1) if token else learner.csrf},
                )


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall (ms)."""
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(kind: str, url: str, folder: Path, seconds: float, count: int) -> Recorder:
    """Prepare learners, serve with gunicorn (4 workers), and load it."""
    learners = prepare(url, folder, learners=count)
    log = folder / f"{kind}.log"
    with serve(server_env(url, folder), 4, 4, log=log) as server:
        read_module_first(server.url, learners)
        recorder = Recorder()
        stop = time.monotonic() + seconds
        threads = [
            threading.Thread(target=learner_loop, args=(server.url, learner, stop, recorder, n))
            for n, learner in enumerate(learners)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    locked = log.read_text(errors="replace").count("database is locked")
    if locked:
        recorder.errors.append(f"'database is locked' {locked} times in the server log")
    return recorder


def report(kind: str, recorder: Recorder, seconds: float) -> None:
    """Print one database's figures."""
    reads, writes = recorder.latency["read"], recorder.latency["write"]
    total = len(reads) + len(writes)
    print(
        f"  {kind:10} {total / seconds:7.0f} req/s  reads {len(reads):6}  writes {len(writes):5}"
        f"  errors {len(recorder.errors)}"
    )
    print(
        f"  {'':10} read p50 {percentile(reads, 0.5):6.1f} ms  p99 {percentile(reads, 0.99):7.1f}"
        f" ms | write p50 {percentile(writes, 0.5):6.1f} ms  p99 {percentile(writes, 0.99):7.1f} ms"
    )
    limit = "2" if kind == "SQLite" else "1.5"
    print(
        f"  {'':10} write p99 / read p99 {percentile(writes, 0.99) / percentile(reads, 0.99):.2f}"
        f" (target <= {limit}) | write p50 / read p50"
        f" {percentile(writes, 0.5) / percentile(reads, 0.5):.2f}"
        + (" (target <= 1.5)" if kind == "SQLite" else "")
    )
    for error in sorted(set(recorder.errors))[:5]:
        print(f"  {'':10} error: {error}")


def main() -> None:
    """Run on SQLite, then PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--learners", type=int, default=50)
    args = parser.parse_args()
    print(
        f"Mixed load: {args.learners} learners, 90% reads / 10% writes, {args.seconds:g} s each,"
        " gunicorn 4 workers x 4 threads"
    )
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        sqlite = run(
            "SQLite", f"sqlite:///{tmp / 'mixed.sqlite3'}", tmp, args.seconds, args.learners
        )
        report("SQLite", sqlite, args.seconds)
        name = f"{DB_PREFIX}{uuid.uuid4().hex[:8]}"
        admin = make_engine(POSTGRES_ADMIN).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            postgres = run(
                "PostgreSQL",
                POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}",
                tmp,
                args.seconds,
                args.learners,
            )
            report("PostgreSQL", postgres, args.seconds)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
