"""Record the SQL a piece of code sends, for tests that pin how many statements a page costs."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from lms.extensions import db


@contextmanager
def recorded_sql() -> Iterator[list[str]]:
    """Each statement sent inside the block, whitespace folded, UPDATEs cut at SET (which
    columns an UPDATE takes can depend on the clock), and "COMMIT" for each commit."""
    seen: list[str] = []

    def statement(_conn, _cursor, sql, *_args):
        sql = " ".join(sql.split())
        seen.append(sql.split(" SET ")[0] if sql.startswith("UPDATE") else sql)

    def commit(_conn):
        seen.append("COMMIT")

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", commit)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine, "commit", commit)
