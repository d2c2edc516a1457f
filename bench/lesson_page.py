"""Benchmark 1: a logged-in learner's module page against a bare route of the same size.

Run: python -m bench.lesson_page   (needs wrk: apt-get install -y wrk)
Both are served by the same gunicorn (2 workers, gthread) in one run and loaded with the same
wrk settings, alternately, three times each (medians reported). wrk sends "Connection: close":
gthread workers keep a kept-alive connection on the worker that accepted it, so with keep-alive
a run can land every connection on one worker and the figures swing by 3x between runs.
Targets: lesson >= 35% of the bare route's requests/s; lesson p99 < 5x its p50.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import tempfile
from pathlib import Path

import httpx

from bench.harness import COURSE, gunicorn, prepare, server_env

WORKERS, THREADS = 2, 4
CONNECTIONS, DURATION, ROUNDS = 16, "5s", 3


def wrk(url: str, cookie: str) -> dict[str, float]:
    """Requests/s, p50 and p99 (ms) from one wrk run."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency",
         "-H", f"Cookie: session={cookie}", "-H", "Connection: close", url],
        check=True, capture_output=True, text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50": _latency(output, "50%"),
        "p99": _latency(output, "99%"),
    }


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over the runs."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _latency(output: str, percentile: str) -> float:
    """A latency percentile in milliseconds."""
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main() -> None:
    """Print both figures and the ratios."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        learner = prepare(url, tmp, learners=1)[0]
        env = server_env(url, tmp)
        with gunicorn(env, 1, 1) as base:  # render one lesson page to size the floor
            lesson_path = f"/courses/{COURSE}/modules/community-resilience/1"
            html = httpx.get(base + lesson_path, cookies={"session": learner.cookie}).content
        assert b"Page 1 of" in html, "the benchmark learner did not get the lesson page"
        floor_file = tmp / "floor.html"
        floor_file.write_bytes(html)
        env["BENCH_FLOOR_FILE"] = str(floor_file)
        with gunicorn(env, WORKERS, THREADS) as base:
            wrk(base + lesson_path, learner.cookie)  # warm up
            lessons, floors = [], []
            for _ in range(ROUNDS):
                lessons.append(wrk(base + lesson_path, learner.cookie))
                floors.append(wrk(base + "/_bench/floor", learner.cookie))
        lesson, floor = median_run(lessons), median_run(floors)
    print(f"Lesson page vs bare route ({len(html)} bytes each; gunicorn {WORKERS} workers x "
          f"{THREADS} threads; wrk {CONNECTIONS} connections, {ROUNDS} x {DURATION} each, medians)")
    for name, row in (("bare route (floor)", floor), ("lesson page", lesson)):
        print(f"  {name:20} {row['rps']:8.0f} req/s   p50 {row['p50']:7.2f} ms   "
              f"p99 {row['p99']:7.2f} ms")
    print(f"  throughput ratio lesson/floor {lesson['rps'] / floor['rps']:.0%} (target >= 35%)")
    print(f"  lesson p99/p50 {lesson['p99'] / lesson['p50']:.1f}x (target < 5x)")


if __name__ == "__main__":
    main()
