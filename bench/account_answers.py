"""Benchmark: do reset requests and registrations take the same time for every address?

Run: python -m bench.account_answers [--requests 300]
Requests for a known and an unknown address alternate (so drift hits both alike), in process
through the test client on a migrated SQLite file with a SQLite queue (mail only queued, as in
production). Printed per form: median, p10 and p90 in ms for each kind of address, the ratio of
medians, and how often a known request was slower than the unknown one next to it (50% is a coin
toss: the timing tells nothing).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.harness import ROOT, SECRET, prepare
from course_engine import create_app

PASSWORD = "a bench password words"


def timed(send: Callable[[], int]) -> float:
    """Milliseconds of one request (its status must be a redirect)."""
    start = time.perf_counter()
    status = send()
    elapsed = (time.perf_counter() - start) * 1000
    assert status in (302, 303), status
    return elapsed


def compare(name: str, known: list[float], unknown: list[float]) -> None:
    """Print one line of figures for a form."""
    slower = sum(k > u for k, u in zip(known, unknown, strict=True)) / len(known)

    def spread(values: list[float]) -> str:
        deciles = statistics.quantiles(values, n=10)
        return f"{statistics.median(values):6.2f} ({deciles[0]:.2f}-{deciles[8]:.2f})"

    print(
        f"{name:13} known {spread(known)} ms  unknown {spread(unknown)} ms  "
        f"ratio {statistics.median(known) / statistics.median(unknown):.2f}  "
        f"known slower in {slower:.0%} of pairs ({len(known)} pairs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-answers-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    prepare(url, folder, learners=args.requests)  # bench0..N@example.org exist
    app = create_app(
        {
            "SECRET_KEY": SECRET,
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(folder),
            "CONTENT_ROOT": str(ROOT),
            "CONTENT_AUTO_RELOAD": False,
            "QUEUE_URL": f"sqlite:///{folder / 'queue.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "CREDENTIALS_KEY_DIR": str(folder / "credential-keys"),
            "BASE_URL": "http://127.0.0.1",
        }
    )
    client = app.test_client()

    def reset(email: str) -> Callable[[], int]:
        return lambda: client.post("/reset-password", data={"email": email}).status_code

    def register(email: str) -> Callable[[], int]:
        form = {
            "email": email,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "full_name": "Bench Visitor",
            "role": "teacher",
            "organization_kind": "school",
            "state": "MA",
        }
        return lambda: client.post("/register", data=form).status_code

    for name, form in (("reset", reset), ("registration", register)):
        known, unknown = [], []
        for n in range(args.requests):
            pair = [
                (known, form(f"bench{n}@example.org")),
                (unknown, form(f"{name}{n}@example.net")),
            ]
            for times, send in pair if n % 2 else reversed(pair):
                times.append(timed(send))
        compare(name, known, unknown)


if __name__ == "__main__":
    main()
