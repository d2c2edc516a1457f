"""Backups of the live database: SQLite's online backup API, or pg_dump for PostgreSQL."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump gets an argument list, never a shell
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(Exception):
    """The database cannot be backed up as asked."""


def backup(database_url: str, target: Path, *, busy_timeout: float = 30) -> str:
    """Back the database up to ``target``; return one line saying what was written."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("An in-memory SQLite database has nothing on disk to back up.")
        backup_sqlite(Path(url.database), target, busy_timeout=busy_timeout)
        return f"Backed up {url.database} to {target}."
    if backend == "postgresql":
        return dump_postgresql(url, target)
    raise BackupError(f"No backup method for {backend} databases.")


def backup_sqlite(source: Path, target: Path, *, busy_timeout: float = 30) -> None:
    """Copy a live SQLite database page by page in one read transaction: a consistent snapshot.

    Writers carry on meanwhile (WAL). The copy is a single file (rollback journal, no -wal),
    written next to ``target`` and renamed into place only once complete.
    """
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    if target.resolve() == source.resolve():
        raise BackupError("The backup must not overwrite the database itself.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    live = sqlite3.connect(source, timeout=busy_timeout)
    try:
        copy = sqlite3.connect(partial)
        try:
            live.backup(copy)  # pages=-1: every page in one step, under one read lock
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        live.close()
    os.replace(partial, target)


def libpq_url(url: URL) -> str:
    """``url`` as libpq (pg_dump, pg_restore, psql) reads it, without the password."""
    bare = URL.create(  # URL.set(password=None) would keep the password
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False)


def pg_dump_command(url: URL, target: Path) -> list[str]:
    """The pg_dump command writing ``url``'s database to ``target`` (custom format)."""
    return [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        f"--file={target}",
        f"--dbname={libpq_url(url)}",
    ]


def dump_postgresql(url: URL, target: Path) -> str:
    """Run pg_dump (the password, if any, goes in PGPASSWORD); say how if it is not installed."""
    command = pg_dump_command(url, target)
    if shutil.which("pg_dump") is None:
        raise BackupError(
            "pg_dump is not installed (Debian: apt-get install postgresql-client). Run:\n"
            + shlex.join(command)
        )
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    # An argument list (no shell) of pg_dump and options taken from our own settings.
    finished = subprocess.run(  # noqa: S603  # nosec B603
        command, env=env, capture_output=True, text=True, check=False
    )
    if finished.returncode:
        raise BackupError(f"pg_dump failed: {finished.stderr.strip()}")
    return f"Dumped {url.database} to {target} (restore with pg_restore)."
