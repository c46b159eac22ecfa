"""A new SQLite index is built in a side file and swapped in whole, never seen half-built.

A first index (and one made again after a schema change or damage) is written into
``index.db.new`` with the journal off, which writes every page once instead of twice,
then renamed over ``index.db``. A reader sees the old file or the complete new one; a
build that is interrupted, however, leaves only the side file, which the next build
removes. The tables are made from the SQL below with :mod:`sqlite3` alone: importing
SQLAlchemy to make them costs 0.3 s of a first index. ``tests/test_index_schema.py``
holds this SQL to the shape :mod:`scrutiny.tables` defines.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

#: The index's tables in SQLite, as :mod:`scrutiny.tables` defines them.
TABLES = (
    'CREATE TABLE meta ("key" VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY ("key"))',
    "CREATE TABLE files (path VARCHAR NOT NULL, size BIGINT NOT NULL, "
    "mtime_ns BIGINT NOT NULL, digest VARCHAR NOT NULL, kind VARCHAR, "
    "problems TEXT NOT NULL, fields TEXT, origin TEXT, partial TEXT, "
    "blank BOOLEAN NOT NULL, note_id VARCHAR, note_date VARCHAR, PRIMARY KEY (path))",
    "CREATE INDEX files_stat ON files (path, size, mtime_ns, digest)",
    "CREATE TABLE notes (path VARCHAR NOT NULL, id VARCHAR NOT NULL, kind VARCHAR NOT NULL, "
    "date DATE NOT NULL, period VARCHAR NOT NULL, title VARCHAR NOT NULL, source VARCHAR, "
    'confidentiality VARCHAR NOT NULL, body TEXT NOT NULL, "key" BIGINT NOT NULL, '
    "PRIMARY KEY (path))",
    "CREATE INDEX ix_notes_id ON notes (id)",
    "CREATE INDEX ix_notes_kind ON notes (kind)",
    "CREATE INDEX ix_notes_date ON notes (date)",
    "CREATE INDEX ix_notes_period ON notes (period)",
    'CREATE INDEX ix_notes_key ON notes ("key")',
    "CREATE TABLE note_areas (path VARCHAR NOT NULL, area VARCHAR NOT NULL, "
    "PRIMARY KEY (path, area))",
    "CREATE INDEX ix_note_areas_area ON note_areas (area)",
    "CREATE TABLE note_links (path VARCHAR NOT NULL, field VARCHAR NOT NULL, "
    "target VARCHAR NOT NULL, PRIMARY KEY (path, field, target))",
    "CREATE INDEX ix_note_links_target ON note_links (target)",
    "CREATE TABLE items (id VARCHAR NOT NULL, kind VARCHAR NOT NULL, title VARCHAR NOT NULL, "
    "status VARCHAR NOT NULL, raised DATE NOT NULL, due DATE, overdue BOOLEAN NOT NULL, "
    "last_response DATE, as_of DATE NOT NULL, path VARCHAR NOT NULL, PRIMARY KEY (id))",
    "CREATE INDEX ix_items_kind ON items (kind)",
    "CREATE INDEX ix_items_status ON items (status)",
)

#: The full text keeps no copy of the words: it reads them from notes, by notes.key.
FULL_TEXT = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_fts USING fts5(path UNINDEXED, title, body, "
    "content='notes', content_rowid='key', tokenize='unicode61')"
)


def side_file(path: Path) -> Path:
    return path.with_name(path.name + ".new")


def _create(conn: sqlite3.Connection, version: str) -> None:
    # Notes are a few KB: in 16 KB pages they pack well (in the default 4 KB, one per
    # page, half of each page empty). It must come before the first table.
    conn.execute("PRAGMA page_size=16384")
    for sql in (*TABLES, FULL_TEXT):
        conn.execute(sql)
    conn.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (version,))


@contextlib.contextmanager
def building(path: Path, version: str) -> Iterator[Path]:
    """An empty index in the side file, to fill; swapped in for ``path`` when the block ends.

    Connections to the side file should turn the journal off (see :func:`fast`). If the
    block raises, the side file is removed and ``path`` is as it was.
    """
    side = side_file(path)
    for stale in (side, Path(f"{side}-journal")):
        stale.unlink(missing_ok=True)  # left by a build that was killed
    try:
        with contextlib.closing(sqlite3.connect(side, isolation_level=None)) as conn:
            _create(conn, version)
        yield side
        with contextlib.closing(sqlite3.connect(side, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
        fd = os.open(side, os.O_RDONLY)
        try:
            os.fsync(fd)  # written with synchronous off: on disk before the swap
        finally:
            os.close(fd)
        # The old file's write-ahead log must go first: SQLite would replay it onto the
        # new file. A reader that opens the old file meanwhile sees it as last checkpointed.
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(side, path)
    finally:
        side.unlink(missing_ok=True)


def fast(conn: sqlite3.Connection) -> None:
    """No journal and no waiting for the disk: for a side file nobody else reads yet."""
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
