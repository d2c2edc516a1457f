"""Benchmark at scale, on PostgreSQL: 100,000 learners, 500 organizations, 2,000 cohorts.

Run: python -m bench.scale [--learners 100000] [--samples 200] [--keep]   (make bench-scale)
A scratch database (BENCH_POSTGRES_ADMIN's server, named BENCH_DB_PREFIX + random) is migrated
and filled with COPY (bench/scale_data.py); then the app runs in this process and each request
is timed from the WSGI call to the last byte (server-side time, no network), for random
learners and for an administrator. The completion report's queries are shown with EXPLAIN
ANALYZE. The CSV export of every row is timed against `psql \\copy` of the same query.
Targets (issue 20): lesson page and dashboard p95 <= 30 ms; completion report first page
p95 <= 300 ms with and without filters; course dashboard <= 500 ms; knowledge gain and item
analysis <= 1 s; the CSV export <= 2x the \\copy floor; generation plus measurement < 10 min.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from bench.harness import COURSE, ROOT, SECRET
from bench.scale_data import build, libpq_url
from course_engine import create_app
from course_engine.auth.sessions import open_session
from course_engine.database import engine_of, make_engine
from course_engine.models import AccessRole, User
from course_engine.schema import upgrade

ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PREFIX = os.environ.get("BENCH_DB_PREFIX", "bench_scale_")
#: This process's CPU milliseconds in the last timed request (the wall time waits for CPU too).
LAST_CPU_MS = [0.0]
#: CPU milliseconds per request, by page.
CPU: dict[str, list[float]] = {}
FILTERS = {"course": COURSE, "status": "complete", "organization": "17", "state": "MA"}


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def make_app(url: str, instance: Path) -> Flask:
    """The application on the scale database (production-like: no reload, strict content)."""
    return create_app(
        {
            "SECRET_KEY": SECRET,
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(instance),
            "CONTENT_ROOT": str(ROOT),
            "CONTENT_AUTO_RELOAD": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "BASE_URL": "http://localhost",
            "TRUSTED_HOSTS": None,
            "CREDENTIALS_KEY_DIR": str(instance / "credential-keys"),
        }
    )


def cookies_for(app: Flask, users: list[int]) -> dict[int, str]:
    """A signed session cookie for each user (a login recorded on the server for each)."""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    made = {}
    with Session(engine_of(app)) as session:
        for user_id in users:
            user = session.get(User, user_id)
            assert user is not None
            identity = open_session(session, user, "bench")
            made[user_id] = serializer.dumps(
                {"_user_id": identity, "_fresh": True, "seen": int(time.time()) + 3600}
            )
        session.commit()
    return made


def timed_get(app: Flask, cookie: str) -> Callable[[str], float]:
    """A function that GETs a path as the cookie's user; milliseconds, from call to last byte."""
    client = app.test_client()
    client.set_cookie("session", cookie)

    def get(path: str) -> float:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        body = response.get_data()
        elapsed = (time.perf_counter() - started) * 1000
        LAST_CPU_MS[0] = (time.process_time() - cpu) * 1000
        if response.status_code != 200 or not body:
            raise SystemExit(f"{path}: {response.status_code}")
        return elapsed

    return get


def explain(url: str, app: Flask, out: Path) -> None:
    """EXPLAIN ANALYZE of the completion report's page and count queries (filtered or not)."""
    from course_engine.reports.completions import completion_query
    from course_engine.reports.filters import parse_filters

    course = app.extensions["content"].catalog.course(COURSE)
    engine = make_engine(url)
    lines = []
    for label, values in (("no filters", {"course": COURSE}), ("filters", FILTERS)):
        query = completion_query(course, parse_filters(values), None)
        for kind, statement in (
            ("first page", query.limit(25)),
            ("count", select(func.count()).select_from(query.order_by(None).subquery())),
        ):
            sql = str(
                statement.compile(
                    dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
                )
            )
            with engine.connect() as connection:
                plan = connection.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")).scalars()
                lines.append(f"-- {kind}, {label}\n" + "\n".join(plan))
    engine.dispose()
    out.write_text("\n\n".join(lines) + "\n")


def export_vs_copy(url: str, app: Flask, folder: Path) -> tuple[float, float, int]:
    """Seconds to stream the whole report as CSV, seconds of `psql \\copy` of its query, rows."""
    from course_engine.reports.completions import completion_query, completion_rows
    from course_engine.reports.exports import write_export
    from course_engine.reports.filters import ReportFilters

    course = app.extensions["content"].catalog.course(COURSE)
    query = completion_query(course, ReportFilters(COURSE), None)
    sql = str(query.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    script = folder / "floor.sql"
    script.write_text(f"\\copy ({' '.join(sql.split())}) TO '{folder / 'floor.csv'}' CSV HEADER\n")
    psql = shutil.which("psql") or "psql"
    started = time.perf_counter()
    subprocess.run([psql, "-q", "-X", "-f", str(script), libpq_url(url)], check=True)
    floor = time.perf_counter() - started
    with app.app_context(), Session(engine_of(app)) as session, open(os.devnull, "wb") as target:
        started = time.perf_counter()
        rows = write_export(
            "csv", completion_rows(session, course, ReportFilters(COURSE), None), target
        )
        export = time.perf_counter() - started
    return export, floor, rows


def measure(app: Flask, samples: int) -> dict[str, list[float]]:
    """Server-side milliseconds of each page over the samples."""
    with Session(engine_of(app)) as session:
        session.execute(text("SELECT setseed(0.11)"))
        chosen_rows = session.execute(  # learners who started: their current module is open
            text(
                "SELECT user_id, last_module_id FROM enrolments WHERE last_module_id IS NOT NULL"
                " ORDER BY random() LIMIT :samples"
            ),
            {"samples": samples},
        ).all()
        where = {user_id: module_id for user_id, module_id in chosen_rows}
        chosen = list(where)
        admin = User(
            email="scale-admin@example.org",
            email_key="scale-admin@example.org",
            password_hash="!",
            full_name="Scale Admin",
            role="other",
            organization_kind="other",
            state="MA",
            access_role=AccessRole.ADMIN,
        )
        session.add(admin)
        session.commit()
        admin_id = admin.id
    cookies = cookies_for(app, [*chosen, admin_id])
    times: dict[str, list[float]] = {}
    for user_id in chosen:
        lesson = f"/courses/{COURSE}/modules/{where[user_id]}/1"
        get = timed_get(app, cookies[user_id])
        get(lesson)  # warm this learner's connection and caches equally for every page
        times.setdefault("lesson page", []).append(get(lesson))
        CPU.setdefault("lesson page", []).append(LAST_CPU_MS[0])
        times.setdefault("dashboard", []).append(get("/dashboard"))
        CPU.setdefault("dashboard", []).append(LAST_CPU_MS[0])
    admin = timed_get(app, cookies[admin_id])
    plain = "&".join(f"{key}={value}" for key, value in FILTERS.items())
    report_pages = {
        "completion report, page 1": f"/admin/reports/completions?course={COURSE}",
        "completion report, page 1, filters": f"/admin/reports/completions?{plain}",
        "course dashboard": f"/admin/reports/courses/{COURSE}/dashboard",
        "knowledge gain": f"/admin/reports/courses/{COURSE}/knowledge",
    }
    course = app.extensions["content"].catalog.course(COURSE)
    report_pages["item analysis (post-test)"] = (
        f"/admin/reports/courses/{COURSE}/quizzes/{course.posttest}/items"
    )
    for name, path in report_pages.items():
        admin(path)  # warm up
        for _ in range(5 if "completion" in name else 3):
            times.setdefault(name, []).append(admin(path))
            CPU.setdefault(name, []).append(LAST_CPU_MS[0])
    return times


def main() -> None:
    """Build the database, measure, print every figure beside its target, drop the database."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    began = time.perf_counter()
    name = f"{PREFIX}{uuid.uuid4().hex[:8]}"
    admin = make_engine(ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        with tempfile.TemporaryDirectory() as folder:
            run(url, Path(folder), args, began)
    finally:
        if not args.keep:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(url: str, folder: Path, args: argparse.Namespace, began: float) -> None:
    """Generate, measure and report."""
    upgrade(url)
    app = make_app(url, folder)
    course = app.extensions["content"].catalog.course(COURSE)
    started = time.perf_counter()
    counts = build(url, course, args.learners)
    generated = time.perf_counter() - started
    print(
        f"Scale on PostgreSQL: {args.learners:,} learners, 500 organizations, 2,000 cohorts;"
        f" generated in {generated:.1f} s (COPY): "
        + ", ".join(f"{table} {count:,}" for table, count in counts.items())
    )
    times = measure(app, args.samples)
    targets = {
        "lesson page": ("p95", 30),
        "dashboard": ("p95", 30),
        "completion report, page 1": ("p95", 300),
        "completion report, page 1, filters": ("p95", 300),
        "course dashboard": ("median", 500),
        "knowledge gain": ("median", 1000),
        "item analysis (post-test)": ("median", 1000),
    }
    print(
        "Server-side time per request (ms; in-process WSGI, from call to last byte; CPU is this"
        f" process's own, without PostgreSQL's; load average {os.getloadavg()[0]:.1f})"
    )
    for page, values in times.items():
        kind, limit = targets[page]
        figure = percentile(values, 0.95) if kind == "p95" else statistics.median(values)
        verdict = "met" if figure <= limit else "NOT met"
        print(
            f"  {page:36} n={len(values):4}  median {statistics.median(values):8.1f}"
            f"  p95 {percentile(values, 0.95):8.1f}  CPU median {statistics.median(CPU[page]):7.1f}"
            f"   target {kind} <= {limit} ms: {verdict}"
        )
    explain(url, app, folder / "explain.txt")
    export, floor, rows = export_vs_copy(url, app, folder)
    print(
        f"CSV export of {rows:,} rows: {export:.2f} s vs psql \\copy {floor:.2f} s:"
        f" {export / floor:.2f}x (target <= 2x)"
    )
    engine_of(app).dispose()
    total = time.perf_counter() - began
    print(f"Generation plus measurement: {total:.0f} s (target < 600 s)")
    print("\nEXPLAIN ANALYZE of the completion report's queries:\n")
    print((folder / "explain.txt").read_text())


if __name__ == "__main__":
    main()
