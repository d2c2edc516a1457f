"""Benchmark 1: a learner's pages against two floors serving the same bytes.

Run: python -m bench.lesson_page   (needs wrk: apt-get install -y wrk)
Floors: a plain Flask app with no extensions returning the lesson page's bytes (the framework's
floor, ``bench/plain_wsgi.py``) and the same bytes from a bare route inside the application (the
app's floor: every per-request hook runs). Pages: a signed-in learner's lesson page, dashboard
and course page. Each is served by gunicorn (2 workers x 4 threads, gthread) and loaded with the
same wrk settings, in turn, three rounds (medians reported). wrk sends "Connection: close":
gthread workers keep a kept-alive connection on the worker that accepted it, so with keep-alive
a run can land every connection on one worker and the figures swing by 3x between runs.
Targets (issue 20): app floor >= 80% of the plain floor; lesson >= 60% of the app floor and
>= 45% of the plain floor, p99/p50 <= 3x; dashboard and course page >= 40% of the app floor.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

import httpx

from bench.harness import COURSE, gunicorn, prepare, server_env

WORKERS, THREADS = 2, 4
CONNECTIONS, DURATION, ROUNDS = 16, "5s", 3


def wrk(url: str, cookie: str) -> dict[str, float]:
    """Requests/s, p50 and p99 (ms) from one wrk run."""
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--latency",
            "-H",
            f"Cookie: session={cookie}",
            "-H",
            "Connection: close",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
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


LESSON = f"/courses/{COURSE}/modules/community-resilience/1"
PAGES = {
    "plain Flask floor": ("plain", "/_bench/floor"),
    "app floor (bare route)": ("app", "/_bench/floor"),
    "lesson page": ("app", LESSON),
    "dashboard": ("app", "/dashboard"),
    "course page": ("app", f"/courses/{COURSE}/"),
}


def measure(rounds: int = ROUNDS) -> dict[str, dict[str, float]]:
    """Median requests/s, p50 and p99 of each page and floor, measured in turn."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        learner = prepare(url, tmp, learners=1)[0]
        env = server_env(url, tmp)
        with gunicorn(env, 1, 1) as base:  # render one lesson page to size the floor
            html = httpx.get(
                base + LESSON, cookies={"session": learner.cookie}, timeout=120
            ).content
        assert b"Page 1 of" in html, "the benchmark learner did not get the lesson page"
        floor_file = tmp / "floor.html"
        floor_file.write_bytes(html)
        env["BENCH_FLOOR_FILE"] = str(floor_file)
        with ExitStack() as servers:
            bases = {
                "app": servers.enter_context(gunicorn(env, WORKERS, THREADS)),
                "plain": servers.enter_context(
                    gunicorn(env, WORKERS, THREADS, app="bench.plain_wsgi:app")
                ),
            }
            for server, path in PAGES.values():
                wrk(bases[server] + path, learner.cookie)  # warm up
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in PAGES}
            for _ in range(rounds):
                for name, (server, path) in PAGES.items():
                    runs[name].append(wrk(bases[server] + path, learner.cookie))
    results = {name: median_run(rows) for name, rows in runs.items()}
    results["_bytes"] = {"size": float(len(html))}
    return results


def main() -> None:
    """Print every figure and the ratios against both floors."""
    results = measure()
    size = int(results.pop("_bytes")["size"])
    print(
        f"Pages vs two floors ({size} bytes each; gunicorn {WORKERS} workers x {THREADS} threads;"
        f" wrk {CONNECTIONS} connections, {ROUNDS} x {DURATION} each, medians)"
    )
    for name, row in results.items():
        print(
            f"  {name:24} {row['rps']:8.0f} req/s   p50 {row['p50']:7.2f} ms   "
            f"p99 {row['p99']:7.2f} ms"
        )
    plain = results["plain Flask floor"]["rps"]
    floor = results["app floor (bare route)"]["rps"]
    lesson = results["lesson page"]
    print(f"  app floor / plain Flask floor   {floor / plain:4.0%} (target >= 80%)")
    print(f"  lesson page / app floor         {lesson['rps'] / floor:4.0%} (target >= 60%)")
    print(f"  lesson page / plain Flask floor {lesson['rps'] / plain:4.0%} (target >= 45%)")
    print(f"  lesson page p99 / p50           {lesson['p99'] / lesson['p50']:4.1f}x (target <= 3x)")
    for name in ("dashboard", "course page"):
        share = results[name]["rps"] / floor
        print(f"  {name + ' / app floor':31} {share:4.0%} (target >= 40%)")


if __name__ == "__main__":
    main()
