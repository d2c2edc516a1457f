"""``flask worker``: the Huey consumer that runs queued tasks, and its heartbeat."""

from __future__ import annotations

import logging

import click
from flask import Flask, current_app
from huey import crontab
from huey.storage import MemoryStorage

from course_engine import export_tasks, mail_tasks, reminder_tasks
from course_engine.extensions import queue
from course_engine.lti import score_tasks

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Register the task modules (importing them registers their tasks) and ``flask worker``."""
    mail_tasks.init_app(app)
    app.cli.add_command(worker_command)
    app.cli.add_command(reminders_command)


@queue.periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    """Every minute: tell /healthz a worker is alive."""
    queue.beat()


@queue.on_startup()
def _on_worker_start() -> None:
    """A worker thread starts: beat once and pick up work a killed worker left behind."""
    with queue.bound_app().app_context():
        queue.beat()
        found = mail_tasks.requeue_overdue()
        jobs = export_tasks.requeue_overdue_exports()
        grades = score_tasks.requeue_overdue()
        if found or jobs or grades:
            log.info(
                "Re-queued %s email(s), %s export(s) and %s LMS score(s) no worker held",
                found,
                jobs,
                grades,
            )


@click.command("worker")
@click.option("--workers", "-w", default=2, show_default=True, help="Tasks run at once.")
def worker_command(workers: int) -> None:
    """Run queued tasks (mail, reminders, exports) until Ctrl-C; run it beside the web."""
    if isinstance(queue.storage, MemoryStorage):
        raise click.UsageError(
            "QUEUE_URL=memory:// runs tasks inside the web process; a worker needs "
            "QUEUE_URL=sqlite:///path or redis://host/db."
        )
    click.echo(f"Worker for {current_app.config['QUEUE_URL']} with {workers} thread(s).")
    consumer = queue.create_consumer(
        workers=workers,
        worker_type="thread",
        periodic=True,
        check_worker_health=True,
    )
    consumer.run()


@click.command("send-reminders")
def reminders_command() -> None:
    """Queue the reminders and expiry notices due now (the worker does this every hour)."""
    inactive, expiring = reminder_tasks.queue_due_reminders()
    click.echo(f"Queued {inactive} reminder(s) and {expiring} expiry notice(s).")
