"""``flask reports completions``: the completion report written to a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from course_engine import audit, live_content
from course_engine.extensions import db
from course_engine.i18n import say
from course_engine.reports.completions import completion_rows
from course_engine.reports.exports import write_export
from course_engine.reports.filters import DateField, FilterError, Status, parse_filters

reports_commands = AppGroup("reports", help="Completion reports and exports.")


@reports_commands.command("completions")
@click.option("--course", required=True, help="Course slug.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx"]),
    default="csv",
    show_default=True,
    help="File format.",
)
@click.option("--organization", help="Organization id.")
@click.option("--cohort", help="Cohort id.")
@click.option("--role", help="Job role, e.g. teacher.")
@click.option("--state", help="Two-letter state code.")
@click.option("--status", type=click.Choice([s.value for s in Status]), help="Enrolment status.")
@click.option("--since", help="First day of the date range (YYYY-MM-DD, site time zone).")
@click.option("--until", help="Last day of the date range (YYYY-MM-DD, site time zone), included.")
@click.option(
    "--dates-of",
    "date_field",
    type=click.Choice([d.value for d in DateField]),
    default=DateField.ENROLLED.value,
    show_default=True,
    help="Which date --since/--until apply to.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write.",
)
def completions(fmt: str, output: Path, **options: str | None) -> None:
    """Write the completion report of COURSE, filtered, to a file (recorded in the audit log)."""
    try:
        filters = parse_filters(options, current_app.config["SITE_TIMEZONE"])
    except FilterError as error:
        raise click.UsageError(str(error)) from error
    current = live_content.current_catalog()
    course = current.course(filters.course_slug) if current else None
    if course is None:
        raise click.UsageError(f"No course {filters.course_slug!r} in the content.")
    partial = output.with_name(output.name + ".part")
    with partial.open("wb") as target:
        rows = completion_rows(db.session, course, filters, None)
        count = write_export(fmt, rows, target, filters.time_zone)
    partial.replace(output)
    audit.record(
        db.session,
        None,
        "report.exported",
        "report",
        report="completions",
        format=fmt,
        rows=count,
        filters=filters.as_dict(),
        via="command line",
    )
    db.session.commit()
    click.echo(
        say("Wrote %(count)s row to %(output)s.", count=count, output=output)
        if count == 1
        else say("Wrote %(count)s rows to %(output)s.", count=count, output=output)
    )
