"""Worker tasks that build export jobs (see export_builders) and clear expired results."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from huey import crontab

from course_engine import export_builders, exports
from course_engine.database import write_intent
from course_engine.extensions import db, queue
from course_engine.models.types import utcnow

log = logging.getLogger(__name__)

#: A queued job not started this long after it was asked for is enqueued again.
REQUEUE_GRACE = timedelta(minutes=2)


def enqueue_export(job_id: int) -> None:
    """Enqueue a committed job; a queue that is down only delays it (the sweep finds it)."""
    try:
        run_export(job_id)
    except Exception:  # the page that asked must still answer
        log.exception("Could not enqueue export %s; the periodic sweep will retry", job_id)


@queue.task()
def run_export(job_id: int) -> None:
    """Build one export job by id, reporting progress as it goes."""
    lease = timedelta(seconds=current_app.config["EXPORT_LEASE_SECONDS"])
    job = exports.claim(db.session, job_id, utcnow(), lease)
    db.session.commit()
    if job is None:
        return
    # The build only reads: on SQLite it must not hold the write lock while it draws PDFs.
    token = write_intent.set(False)
    try:
        content, filename, mimetype = export_builders.build(job, Progress(job_id, lease))
    except Exception as error:  # shown on the job's page; the worker goes on
        log.exception("Export %s failed", job_id)
        db.session.rollback()
        write_intent.reset(token)
        exports.fail(db.session, job, f"{type(error).__name__}: {error}")
        db.session.commit()
        return
    db.session.commit()
    write_intent.reset(token)
    db.session.refresh(job)
    keep = timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])
    exports.finish(db.session, job, content, filename, mimetype, keep)
    db.session.commit()


class Progress:
    """Commits a job's total and its progress about a hundred times in all, renewing the
    worker's lease each time (builders hold no open cursor when they report)."""

    def __init__(self, job_id: int, lease: timedelta) -> None:
        self.job_id, self.lease, self.total = job_id, lease, 0

    def start(self, total: int) -> None:
        """The job has ``total`` items."""
        self.total = total
        self._write(total=total, done=0)

    def __call__(self, done: int) -> None:
        """``done`` items are finished."""
        if done % max(1, self.total // 100) == 0 or done == self.total:
            self._write(done=done)

    def _write(self, **values: int) -> None:
        db.session.commit()  # end the build's read; the write takes the lock from the start
        token = write_intent.set(True)
        try:
            exports.record_progress(db.session, self.job_id, utcnow() + self.lease, **values)
            db.session.commit()
        finally:
            write_intent.reset(token)


@queue.periodic_task(crontab(minute="*"))
def sweep_exports() -> None:
    """Every minute: restart jobs no worker holds, delete expired results."""
    requeue_overdue_exports()
    exports.delete_expired(db.session, utcnow())
    db.session.commit()


def requeue_overdue_exports() -> int:
    """Enqueue every job no worker holds again; how many."""
    ids = exports.overdue_job_ids(db.session, utcnow(), REQUEUE_GRACE)
    db.session.rollback()
    for job_id in ids:
        enqueue_export(job_id)
    return len(ids)
