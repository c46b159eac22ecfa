"""Opening the index: engines, connections, the schema, damage and the refresh lock."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from scrutiny import files
from scrutiny.errors import IndexUnavailable
from scrutiny.notes import (
    Parsed,
)
from scrutiny.store import fresh
from scrutiny.store.place import MEMORY_URL, index_place, memory
from scrutiny.store.rows import SCHEMA_VERSION, DamagedRow, Progress, parsed_from_row
from scrutiny.store.urls import ENV_DATABASE_URL, normal_url
from scrutiny.workspace import Workspace

#: What SQLite says when the index file cannot be written; the notes can still be read.
_WRITE_FAILURES = (
    "disk is full",
    "readonly database",
    "unable to open database file",
    "disk I/O error",
)


class IndexBase:
    """Opening, querying and locking the index; the parts every other part uses."""

    def __init__(
        self,
        workspace: Workspace,
        url: str | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.workspace = workspace
        #: The clock: the derived items table holds each item's state as of this day.
        self.today = today
        self.notices: list[str] = []
        #: How often damage made this index start again: what was read before is stale.
        self.rebuilds = 0
        url = url or os.environ.get(ENV_DATABASE_URL)
        if url:
            self.url = normal_url(url)
        else:
            place = index_place(workspace)
            self.url = place.url
            if place.notice:
                self.notices.append(place.notice)
        self.is_sqlite = self.url.startswith("sqlite")
        self._engine: Any = None
        self._progress: Progress | None = None
        #: The side file a first index is being written into (see fresh), else None.
        self._building: Path | None = None
        self._file = self._sqlite_path()
        try:
            self._open()
        except Exception as exc:
            if not self._write_failure(exc):
                raise
            self._to_memory(exc)
            self._open()

    def _sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        raw = self.url.split("///", 1)[1] if "///" in self.url else ""
        return Path(raw) if raw and raw != ":memory:" else None

    @property
    def engine(self) -> Any:
        """The SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        if self._engine is None:
            self._engine = self._make_engine()
        return self._engine

    def _make_engine(self) -> Any:
        from sqlalchemy import create_engine, event

        path = self._file
        if path is not None:
            self._prepare_folder(path)
        if self.is_sqlite and path is None:
            from sqlalchemy.pool import StaticPool

            # One connection for every thread: each new one would see an empty database.
            return create_engine(
                self.url, poolclass=StaticPool, connect_args={"check_same_thread": False}
            )
        if self.is_sqlite:
            engine = create_engine(self.url, connect_args={"timeout": 30})

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_connection: Any, _record: Any) -> None:
                cursor = dbapi_connection.cursor()
                # Notes are a few KB: in 16 KB pages they pack well (in the default 4 KB,
                # one per page, half of each page empty). Only a new file takes it.
                cursor.execute("PRAGMA page_size=16384")
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                cursor.close()

            return engine
        return create_engine(self.url)

    def _prepare_folder(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        gitignore = path.parent / ".gitignore"
        if path.parent == self.workspace.index_dir and not gitignore.exists():
            with contextlib.suppress(OSError):
                files.write_atomic(gitignore, "*\n", overwrite=False)

    def _connect(self) -> sqlite3.Connection:
        """A plain :mod:`sqlite3` connection to the index file, for reading."""
        assert self._file is not None
        return sqlite3.connect(self._file, timeout=30)

    def _query(
        self, sql: str, params: dict[str, Any] | Sequence[Any] = ()
    ) -> list[tuple[Any, ...]]:
        """Rows of a read-only query, through sqlite3 when the index is a SQLite file."""
        if self._file is not None:
            with contextlib.closing(self._connect()) as conn:
                return conn.execute(sql, params).fetchall()
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params or {})]

    def _query_all(self, queries: Sequence[tuple[str, dict[str, Any]]]) -> list[tuple[Any, ...]]:
        """The rows of several read-only queries, read in one transaction (one view of the
        index, whatever a refresh does meanwhile)."""
        if self._file is not None:
            with contextlib.closing(self._connect()) as conn:
                conn.execute("BEGIN")
                return [row for sql, params in queries for row in conn.execute(sql, params)]
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return [
                tuple(row) for sql, params in queries for row in conn.execute(text(sql), params)
            ]

    def _open(self) -> None:
        version = None
        try:
            if self._file is not None and not self._file.exists():
                version = None
            else:
                rows = self._query("SELECT value FROM meta WHERE key = 'schema'")
                version = rows[0][0] if rows else None
        except sqlite3.DatabaseError as exc:
            if "no such table" in str(exc):
                version = None
            elif "locked" in str(exc):
                raise
            else:
                self._discard("the index file was damaged")
                return
        except Exception as exc:
            # SQLAlchemy's errors (PostgreSQL says the table "does not exist").
            from sqlalchemy.exc import DatabaseError

            if not isinstance(exc, DatabaseError):
                raise
            if "no such table" in str(exc) or "does not exist" in str(exc):
                version = None
            elif self.is_sqlite and "locked" not in str(exc):
                self._discard("the index could not be read")
                return
            elif not self.is_sqlite:
                reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                raise IndexUnavailable(f"cannot use the index database: {reason}") from None
            else:
                raise
        if version != SCHEMA_VERSION and self._file is not None:
            with self._lock():
                if self._schema_now() != SCHEMA_VERSION:  # another process may have made it
                    self._fresh_file()
        elif version != SCHEMA_VERSION:
            # A new in-memory index is empty; a shared database keeps what others built on
            # our tables (see schema).
            with self._lock(), self.engine.begin() as conn:
                if not self.is_sqlite:
                    from scrutiny.store.schema import upgrade

                    upgrade(conn)
                self._create(conn)

    def _write_failure(self, exc: BaseException) -> bool:
        """Whether ``exc`` says the index file cannot be written (full disk, read-only)."""
        if self._file is None:
            return False
        if isinstance(exc, OSError):
            return True
        orig = getattr(exc, "orig", exc)
        return isinstance(orig, sqlite3.OperationalError) and any(
            words in str(orig) for words in _WRITE_FAILURES
        )

    def _to_memory(self, exc: BaseException) -> None:
        """Answer from an index in memory after the index file could not be written."""
        orig = getattr(exc, "orig", exc)
        reason = orig.strerror if isinstance(orig, OSError) and orig.strerror else str(orig)
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        where = self.workspace.relative(self._file) if self._file is not None else self.url
        if self._file is not None:
            with contextlib.suppress(OSError):
                if self._file.stat().st_size == 0:
                    self._file.unlink()  # an empty file the failed write left: it holds nothing
        self.notices.append(memory(f"cannot write the index {where} ({reason})").notice or "")
        self.url = MEMORY_URL
        self._file = None

    def _discard(self, why: str) -> None:
        """Start the index again: a new SQLite file; elsewhere, our tables emptied in place."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self.notices.append(f"{why}; rebuilt it from the notes (nothing is lost)")
        if self._file is not None:
            self._fresh_file()
            return
        with self.engine.begin() as conn:
            from scrutiny.tables import METADATA

            # Emptied, not dropped: a view someone built on a table keeps working.
            for table in reversed(METADATA.sorted_tables):
                conn.execute(table.delete())
            self._create(conn)

    def _schema_now(self) -> str | None:
        """The index file's schema version, None when it has none or cannot be read."""
        with contextlib.suppress(sqlite3.DatabaseError):
            rows = self._query("SELECT value FROM meta WHERE key = 'schema'")
            return str(rows[0][0]) if rows else None
        return None

    def _fresh_file(self) -> None:
        """An empty index file in place of the old one, swapped in whole (see fresh)."""
        assert self._file is not None
        if self._engine is not None:
            self._engine.dispose()  # its pooled connections hold the old file
            self._engine = None
        self._prepare_folder(self._file)
        with fresh.building(self._file, SCHEMA_VERSION):
            pass

    def _repairable(self, exc: Exception) -> bool:
        """Whether reading failed on damage that a rebuild from the files repairs.

        A damaged row is damage in any database; in SQLite, so is any error reading the
        file (elsewhere that is the server's: a lost connection must not empty the index).
        """
        if isinstance(exc, DamagedRow):
            return True
        return self.is_sqlite and isinstance(exc, (sqlite3.DatabaseError, ValueError, KeyError))

    def _damage_notice(self, exc: Exception) -> str:
        if isinstance(exc, DamagedRow):
            return f"the index held a damaged row ({str(exc).splitlines()[0][:120]})"
        return "the index could not be read"

    def _create(self, conn: Any) -> None:
        from sqlalchemy import text

        from scrutiny.tables import METADATA, MetaRow, table

        METADATA.create_all(conn)
        if self.is_sqlite:
            conn.execute(text(fresh.FULL_TEXT))
        conn.execute(table(MetaRow).delete())
        conn.execute(table(MetaRow).insert(), [{"key": "schema", "value": SCHEMA_VERSION}])

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialise refreshes between processes (SQLite); other databases lock rows."""
        path = self._file
        if path is None:
            yield
            return
        import fcntl

        self._prepare_folder(path)
        with open(path.parent / "index.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def _derived_key(self) -> str:
        """What the derived tables depend on besides the files: settings and framework."""
        ws = self.workspace
        text = f"{ws.settings!r}|{ws.framework.id}|{ws.framework.area_ids}"
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def _meta(self, rows: Iterable[tuple[Any, ...]]) -> dict[str, str]:
        return {key: value for key, value in rows}

    def _load(self) -> list[Parsed]:
        """Every cached parse result, with each valid note's text, sorted by path."""
        # The text is kept for valid notes only, in notes; the checks need to know only
        # whether the text of the others is blank (a revised due date needs a reason).
        rows = self._query(
            "SELECT f.path, f.problems, f.fields, "
            "COALESCE(n.body, CASE WHEN f.blank THEN '' ELSE '.' END), f.origin, f.partial "
            "FROM files f LEFT JOIN notes n ON n.path = f.path ORDER BY f.path"
        )
        return [parsed_from_row(*row) for row in rows]
