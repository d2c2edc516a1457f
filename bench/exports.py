"""Benchmark: the completion report exported as CSV and XLSX, against the sqlite3 CLI floor.

Run: python -m bench.exports [--sizes 10000 100000] [--repeat 3]

For each size a scratch SQLite database is filled (bench/export_data.py). Every measurement
runs in a fresh subprocess, so its peak memory (ru_maxrss from wait4) is its own:
- "baseline": Python with the app's modules imported and the content loaded, no export;
- "csv" / "xlsx": the same, then the report's query streamed into the file;
- "floor": `sqlite3 -csv -header <db> "<the report's SQL>"`, the same query with no Python.
Seconds are wall time of the export alone (in-process) and of the whole process.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.dialects import sqlite

from course_engine.content import Course, load_catalog

ROOT = Path(__file__).resolve().parent.parent
SLUG = "heart-collaboration"
#: GNU time (Debian package "time"): reports the peak RSS of exactly the command it runs.
TIME = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"


def course() -> Course:
    """The bundled course, compiled from the content files."""
    found = load_catalog(ROOT).course(SLUG)
    assert found is not None
    return found


def report_sql() -> str:
    """The completion report's query as SQLite SQL with its values inlined."""
    from course_engine.reports.completions import completion_query
    from course_engine.reports.filters import ReportFilters

    query = completion_query(course(), ReportFilters(SLUG), None)
    return str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def run_export(fmt: str, database: Path, output: Path) -> None:
    """Child process: export the report (or, for "baseline", only get ready) and print timings."""
    from sqlalchemy.orm import Session

    from course_engine.database import make_engine
    from course_engine.reports.completions import completion_rows
    from course_engine.reports.exports import write_export
    from course_engine.reports.filters import ReportFilters

    the_course = course()
    engine = make_engine(f"sqlite:///{database}")
    rows, start = 0, time.perf_counter()
    if fmt != "baseline":
        with Session(engine) as session, output.open("wb") as target:
            report = completion_rows(session, the_course, ReportFilters(SLUG), None)
            rows = write_export(fmt, report, target)
    print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows}))


def measure(command: list[str], stdout_path: Path | None = None) -> dict[str, float]:
    """Run a command; its wall seconds, peak RSS (MiB) and, if it printed JSON, its numbers.

    Peak memory comes from GNU time, not from wait4 here: Linux carries a process's peak RSS
    across exec, so a child forked from this (large) Python process would report our size.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as usage:
        timed = [TIME, "-f", "%M", "-o", usage.name, *command]
        out = stdout_path.open("wb") if stdout_path else subprocess.PIPE
        start = time.perf_counter()
        finished = subprocess.run(timed, cwd=ROOT, stdout=out, stderr=subprocess.PIPE, check=False)
        wall = time.perf_counter() - start
        if finished.returncode:
            raise RuntimeError(f"{command[:3]} failed: {finished.stderr.decode()[-2000:]}")
        peak_kib = int(usage.read().split()[-1])
    result = {"wall": wall, "rss": peak_kib / 1024}
    if finished.stdout and finished.stdout.strip():
        result.update(json.loads(finished.stdout))
    return result


def median_run(
    command: list[str], repeat: int, stdout_path: Path | None = None
) -> dict[str, float]:
    """Median seconds and largest peak memory over ``repeat`` runs."""
    runs = [measure(command, stdout_path) for _ in range(repeat)]
    summary = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    summary["rss"] = max(run["rss"] for run in runs)
    return summary


def bench_size(size: int, repeat: int, folder: Path) -> list[tuple[str, dict[str, float]]]:
    """Build the database for ``size`` enrolments and measure every variant."""
    from bench.export_data import build

    database = folder / f"bench-{size}.sqlite3"
    started = time.perf_counter()
    build(database, course(), size)
    print(f"  {size:,} enrolments built in {time.perf_counter() - started:.1f} s", flush=True)
    python = [sys.executable, "-m", "bench.exports", "--child"]
    results = [("baseline", median_run([*python, "baseline", str(database), "-"], repeat))]
    sql_file = folder / "report.sql"
    sql_file.write_text(report_sql())
    floor = ["sqlite3", "-csv", "-header", str(database), f".read {sql_file}"]
    results.append(("floor", median_run(floor, repeat, folder / "floor.csv")))
    floor_rows = sum(1 for _ in (folder / "floor.csv").open(encoding="utf-8")) - 1
    results[-1][1]["rows"] = floor_rows
    for fmt in ("csv", "xlsx"):
        output = folder / f"report-{size}.{fmt}"
        results.append((fmt, median_run([*python, fmt, str(database), str(output)], repeat)))
        results[-1][1]["size_mib"] = output.stat().st_size / 2**20
    return results


def print_table(size: int, results: list[tuple[str, dict[str, float]]]) -> None:
    """One table per size: seconds, memory and the ratios to the sqlite3 floor."""
    by_name = dict(results)
    floor, baseline = by_name["floor"], by_name["baseline"]
    print(f"\n{size:,} enrolments")
    print(
        f"{'run':<9}{'rows':>9}{'export s':>10}{'x floor':>9}{'process s':>11}{'x floor':>9}"
        f"{'peak MiB':>10}{'over base':>11}{'file MiB':>10}"
    )
    for name, result in results:
        export_s = result.get("seconds", result["wall"])
        over = result["rss"] - baseline["rss"] if name in ("csv", "xlsx") else 0
        print(
            f"{name:<9}{int(result.get('rows', 0)):>9,}{export_s:>10.2f}"
            f"{export_s / floor['wall']:>9.1f}{result['wall']:>11.2f}"
            f"{result['wall'] / floor['wall']:>9.1f}{result['rss']:>10.1f}"
            f"{over:>11.1f}{result.get('size_mib', 0):>10.1f}"
        )


def main() -> None:
    """Parse options; run the benchmark (or, with --child, one measured export)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("FORMAT", "DB", "OUT"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        fmt, database, output = options.child
        run_export(fmt, Path(database), Path(output))
        return
    print(
        f"Completion report exports (median of {options.repeat}; sqlite3 "
        f"{subprocess.check_output(['sqlite3', '--version'], text=True).split()[0]})"
    )
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            print_table(size, bench_size(size, options.repeat, Path(folder)))


if __name__ == "__main__":
    main()
