"""A consistent copy of a running SQLite database, for `flask lms backup DEST`.

Copying the file with cp while the app writes can catch a half-written page, and in WAL mode
the latest commits live in the -wal file beside it. SQLite's online backup API copies the
database page by page as one consistent snapshot, whatever the app does meanwhile.
PostgreSQL has its own tool for this (pg_dump), so it is refused here.
"""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

PAGES_PER_STEP = 1024  # copy in steps so that writers are never held up for long


class BackupRefused(Exception):
    """The database cannot be backed up this way; the message says what to use instead."""


def sqlite_path(database_uri: str) -> Path:
    """The file behind an SQLite URL; BackupRefused for any other database."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        plain = url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)
        raise BackupRefused(
            f"{url.get_backend_name()} is backed up with its own tool while the app runs: "
            f'pg_dump --format=custom --file=bina.dump "{plain}" (see deploy/BACKUP.md).'
        )
    if not url.database or url.database == ":memory:":
        raise BackupRefused("An in-memory SQLite database has nothing to back up.")
    return Path(url.database)


def backup_sqlite(source: Path, dest: Path) -> int:
    """Copy source into dest (replaced if present) as one snapshot; return the page count."""
    if not source.exists():
        raise BackupRefused(f"{source} does not exist.")
    if dest.resolve() == source.resolve():
        raise BackupRefused("The backup must not overwrite the database itself.")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    # Read-only URI: the backup can never write to the live database.
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=PAGES_PER_STEP)
        pages = dst.execute("PRAGMA page_count").fetchone()[0]
        # A self-contained file: no -wal beside it to forget when copying it away.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    partial.replace(dest)  # a crash midway never leaves a half backup under the real name
    return pages
