"""The ``flask`` commands: ``db`` (schema) and ``content`` (check, reload)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from course_engine import catalog, migrate
from course_engine.admin.cli import commands as user_commands
from course_engine.content import cli as content_cli
from course_engine.extensions import db
from course_engine.reports.cli import reports_commands

db_commands = AppGroup("db", help="Create and migrate the database schema.")
content_commands = AppGroup("content", help="Check and reload the course files.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(db_commands)
    app.cli.add_command(content_commands)
    app.cli.add_command(reports_commands)
    app.cli.add_command(user_commands)


@db_commands.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    migrate.upgrade(db.engine, revision)
    click.echo(f"Database at revision {migrate.current_revision(db.engine)}.")


@db_commands.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION."""
    migrate.downgrade(db.engine, revision)
    click.echo(f"Database at revision {migrate.current_revision(db.engine)}.")


@db_commands.command("current")
def db_current() -> None:
    """Print the database's revision."""
    click.echo(migrate.current_revision(db.engine) or "(not migrated)")


@db_commands.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def db_revision(message: str) -> None:
    """Write a new migration from the differences between models and database."""
    migrate.new_revision(db.engine, message)


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
def content_check() -> None:
    """Validate every content file; print all errors (exit 1) or a summary (exit 0)."""
    status = content_cli.main([current_app.config["CONTENT_ROOT"]] + _content_dirs())
    raise SystemExit(status)


@content_commands.command("reload")
def content_reload() -> None:
    """Check content, then tell running instances to reload it."""
    status = content_cli.main([current_app.config["CONTENT_ROOT"]] + _content_dirs())
    if status:
        click.echo("Not reloading: running instances keep their last good content.", err=True)
        raise SystemExit(status)
    catalog.request_reload(Path(current_app.instance_path))
    click.echo("Reload requested: each instance reloads before its next request.")


def _content_dirs() -> list[str]:
    """The content folder options as CLI arguments."""
    config = current_app.config
    return [
        "--modules-dir", config["MODULES_DIR"],
        "--quizzes-dir", config["QUIZZES_DIR"],
        "--certificates-dir", config["CERTIFICATES_DIR"],
    ]
