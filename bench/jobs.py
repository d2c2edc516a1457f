"""Benchmark: mail and slow work through the queue (Huey on SQLite, real worker processes).

Run: python -m bench.jobs [--mails 1000] [--certificates 1000] [--workers 2]
1. 1,000 password-reset requests for known addresses: time per request (the mail is only
   queued), beside the baseline of the same request for an unknown address (nothing queued).
2. The same 1,000 emails delivered by ``--workers`` ``flask worker`` processes to a local
   aiosmtpd server: messages per second.
3. A ZIP of 1,000 certificates as an export job run by one worker drawing PDFs with
   ``--pdf-processes`` processes (EXPORT_PDF_PROCESSES): seconds, and certificates per second.
4. The other export jobs at the same size, by the same worker: the completion report of 1,000
   learners as CSV and as XLSX, and the ZIP of their 1,000 transcript PDFs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.harness import COURSE, ROOT, SECRET, free_port, prepare
from course_engine import create_app, exports
from course_engine.certificates.operations import issue_for_enrolment
from course_engine.database import engine_of, write_intent
from course_engine.export_tasks import enqueue_export
from course_engine.models import (
    AccessRole,
    Enrolment,
    ExportJob,
    ExportStatus,
    MailStatus,
    OutgoingMail,
    User,
)
from course_engine.models.types import utcnow


class Counter:
    """An aiosmtpd handler that counts what it accepts."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        self.count += 1
        return "250 OK"


def timed_posts(client, emails: list[str]) -> list[float]:
    """Milliseconds per reset request, one per address."""
    times = []
    for email in emails:
        start = time.perf_counter()
        response = client.post("/reset-password", data={"email": email})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
    return times


def workers(env: dict[str, str], count: int, folder: Path) -> list[subprocess.Popen[bytes]]:
    """Start ``count`` worker processes (4 threads each)."""
    return [
        subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "run", "worker", "--workers", "4"],
            cwd=ROOT,
            env=env,
            stdout=open(folder / f"worker-{n}.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        for n in range(count)
    ]


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdf-processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    queue_url = f"sqlite:///{folder / 'queue.sqlite3'}"
    prepare(url, folder, learners=max(args.mails, args.certificates))
    inbox = Counter()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    settings = {
        "SECRET_KEY": SECRET,
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(folder),
        "CONTENT_ROOT": str(ROOT),
        "CONTENT_AUTO_RELOAD": False,
        "QUEUE_URL": queue_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp.port,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "CREDENTIALS_KEY_DIR": str(folder / "credential-keys"),
        "BASE_URL": "http://127.0.0.1",
        "EXPORT_PDF_PROCESSES": args.pdf_processes,
        "EXPORT_JOB_ROWS": 0,
    }
    app = create_app(settings)
    client = app.test_client()
    env = dict(
        os.environ,
        COURSE_ENGINE_CONFIG="development",
        **{key: str(value) for key, value in settings.items()},
    )

    unknown = timed_posts(client, [f"nobody{n}@example.org" for n in range(args.mails)])
    known = timed_posts(client, [f"bench{n}@example.org" for n in range(args.mails)])
    print(
        f"Reset request, mail queued:      median {statistics.median(known):.2f} ms, "
        f"p95 {statistics.quantiles(known, n=20)[18]:.2f} ms ({args.mails} requests)"
    )
    print(
        f"Reset request, unknown address:  median {statistics.median(unknown):.2f} ms "
        f"(baseline; ratio {statistics.median(known) / statistics.median(unknown):.2f})"
    )

    started = time.perf_counter()
    running = workers(env, args.workers, folder)
    with Session(engine_of(app)) as session:
        while (
            session.scalar(
                select(func.count())
                .select_from(OutgoingMail)
                .where(OutgoingMail.status == MailStatus.SENT)
            )
            < args.mails
        ):
            session.rollback()  # end the read (SQLite: its lock) before waiting
            time.sleep(0.2)
    seconds = time.perf_counter() - started
    print(
        f"Delivered {inbox.count} mails to aiosmtpd in {seconds:.1f} s with {args.workers} "
        f"worker process(es) x 4 threads: {args.mails / seconds:.0f} messages/s "
        f"(worker start-up included)"
    )
    stop(running)
    smtp.stop()

    course = app.extensions["content"].catalog.course(COURSE)
    with Session(engine_of(app)) as session:
        enrolments = session.scalars(
            select(Enrolment).order_by(Enrolment.id).limit(args.certificates)
        ).all()
        for enrolment in enrolments:  # issued directly: no "certificate ready" mail queued
            enrolment.completed_at = utcnow()
            issue_for_enrolment(session, enrolment, course)
        admin = session.scalars(select(User)).first()
        admin.access_role = AccessRole.ADMIN
        session.commit()
        admin_id = admin.id
    running = workers(env, 1, folder)
    seconds, total = run_job(app, admin_id, exports.CERTIFICATES_ZIP, course=COURSE)
    print(
        f"Certificate ZIP job: {total} certificates in {seconds:.1f} s by 1 worker "
        f"(EXPORT_PDF_PROCESSES={app.config['EXPORT_PDF_PROCESSES']}): "
        f"{total / seconds:.1f} certificates/s"
    )
    filters = {"course": COURSE}
    zone = app.config["SITE_TIMEZONE"]
    for fmt in ("csv", "xlsx"):
        params = {"format": fmt, "filters": filters, "time_zone": zone}
        seconds, total = run_job(app, admin_id, exports.COMPLETIONS, course=COURSE, **params)
        print(f"Completion report job ({fmt.upper()}): {total} rows in {seconds:.1f} s by 1 worker")
    seconds, total = run_job(app, admin_id, exports.TRANSCRIPTS_ZIP, course=COURSE)
    print(
        f"Transcript ZIP job: {total} transcripts in {seconds:.1f} s by 1 worker: "
        f"{total / seconds:.1f} transcripts/s"
    )
    stop(running)


def run_job(app: Any, owner_id: int, kind: str, **params: Any) -> tuple[float, int]:
    """Ask for one export job, wait for the running worker to finish it: (seconds, items)."""
    with Session(engine_of(app)) as session:
        owner = session.get(User, owner_id)
        job_id = exports.request_export(session, owner, kind, **params).id
        session.commit()
    started = time.perf_counter()
    with app.app_context():
        enqueue_export(job_id)
    token = write_intent.set(False)  # poll as a page would read: without SQLite's write lock
    try:
        with Session(engine_of(app)) as session:
            while session.get(ExportJob, job_id).status not in (
                ExportStatus.DONE,
                ExportStatus.FAILED,
            ):
                session.rollback()  # end the read before waiting
                time.sleep(0.2)
            job = session.get(ExportJob, job_id)
            assert job.status == ExportStatus.DONE, job.error
            return time.perf_counter() - started, job.total
    finally:
        write_intent.reset(token)


if __name__ == "__main__":
    main()
