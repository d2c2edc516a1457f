"""The ``flask`` commands: ``db`` (Flask-Alembic's migrations, and backup) and ``content``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_alembic.cli import cli as alembic_commands

from course_engine import live_content
from course_engine.admin.cli import commands as user_commands
from course_engine.content import Catalog, load_catalog
from course_engine.content import cli as content_cli
from course_engine.extensions import db
from course_engine.i18n import say
from course_engine.progress import releases
from course_engine.reports.cli import reports_commands


@click.group("db", cls=AppGroup, commands=alembic_commands.commands)
@with_appcontext
@click.pass_context
def db_commands(ctx: click.Context) -> None:
    """Create and migrate the database schema (Flask-Alembic's commands); back it up."""
    ctx.obj = current_app.extensions["alembic"]  # what Flask-Alembic's commands are passed


content_commands = AppGroup("content", help="Check and reload the course files.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(db_commands)
    app.cli.add_command(content_commands)
    app.cli.add_command(reports_commands)
    app.cli.add_command(user_commands)


@db_commands.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def db_backup(path: Path) -> None:
    """Copy the live database to PATH (SQLite: online backup API; PostgreSQL: pg_dump)."""
    from course_engine import backup

    try:
        click.echo(backup.backup(current_app.config["DATABASE_URL"], path))
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error


@content_commands.command("check")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@click.option("--reading-grade", type=float, help="Warn above this Flesch-Kincaid grade (9).")
@click.option("--impact", is_flag=True, help="Also compare with the version live and learners.")
def content_check(strict: bool, output: str, reading_grade: float | None, impact: bool) -> None:
    """Validate every content file; print all errors and warnings, or a summary (exit 0).

    With ``--impact``: each change against the version live, the learners it touches by state,
    and the rule that applies (exit 1 when an edit is refused because of learners).
    """
    options = ["--format", output] + (["--strict"] if strict else [])
    if reading_grade is not None:
        options += ["--reading-grade", str(reading_grade)]
    status = content_cli.main([current_app.config["CONTENT_ROOT"], *_content_dirs(), *options])
    if impact and status == 0:
        report = _impact_report()
        click.echo("\n".join(report.lines()))
        status = 1 if report.errors else 0
    raise SystemExit(status)


@content_commands.command("reload")
@click.option("--yes", is_flag=True, help="Go live without asking (for scripts).")
def content_reload(yes: bool) -> None:
    """Check content, show its impact on learners, confirm, then tell instances to reload it."""
    status = content_cli.main([current_app.config["CONTENT_ROOT"]] + _content_dirs())
    if status:
        click.echo(say("Not reloading: running instances keep their last good content."), err=True)
        raise SystemExit(status)
    report = _impact_report()
    click.echo("\n".join(report.lines()))
    if report.errors:
        click.echo("Not reloading: fix the errors above first.", err=True)
        raise SystemExit(1)
    if not yes:
        if not sys.stdin.isatty():
            click.echo("Not reloading: confirm in a terminal, or pass --yes.", err=True)
            raise SystemExit(1)
        if not click.confirm("Make this version live?"):
            click.echo("Not reloading.", err=True)
            raise SystemExit(1)
    catalog = _disk_catalog()
    releases.record_release(db.session, catalog)
    db.session.commit()
    live_content.follow_all_renames(catalog)
    live_content.request_reload(Path(current_app.instance_path))
    click.echo(say("Reload requested: each instance reloads before its next request."))


def _disk_catalog() -> Catalog:
    """The content on disk, compiled (the check before has found no errors)."""
    config = current_app.config
    return load_catalog(
        config["CONTENT_ROOT"],
        modules_dir=config["MODULES_DIR"],
        quizzes_dir=config["QUIZZES_DIR"],
        certificates_dir=config["CERTIFICATES_DIR"],
    )


def _impact_report() -> releases.ImpactReport:
    """The files on disk against the release live and the database."""
    return releases.impact_report(db.session, _disk_catalog())


def _content_dirs() -> list[str]:
    """The content folder options as CLI arguments."""
    config = current_app.config
    return [
        "--modules-dir",
        config["MODULES_DIR"],
        "--quizzes-dir",
        config["QUIZZES_DIR"],
        "--certificates-dir",
        config["CERTIFICATES_DIR"],
    ]
