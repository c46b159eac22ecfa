"""The derived index: SQLModel tables kept up to date with the note files, file by file.

Plain text is the truth; this database only saves work. Files are compared by path, size
and modification time (and by content hash when a file changed too recently to trust its
time stamp), and only new or changed files are parsed again; only their rows, and the
rows of notes whose validity changed, are rewritten. The index can be deleted at any
time; a damaged one is rebuilt.

Speed (see ``bench/``): an up-to-date SQLite index is checked and read with :mod:`sqlite3`
alone, without importing SQLAlchemy or SQLModel (0.4 s); they are imported to write. A
first index of many files parses them in two processes and streams rows into the
database as they come.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrutiny import checks, files
from scrutiny.corpus import Corpus
from scrutiny.errors import IndexUnavailable
from scrutiny.ledger import fold
from scrutiny.notes import (
    MAX_NOTE_BYTES,
    MODELS,
    Note,
    Origin,
    Parsed,
    parse_bytes,
    read_file,
    restore,
)
from scrutiny.periods import Period
from scrutiny.problems import Problem
from scrutiny.workspace import Workspace

#: Called with (files checked, files in all) while refreshing.
Progress = Callable[[int, int], None]

#: Bump when the tables or the cached parse format change: the index is then rebuilt.
SCHEMA_VERSION = "9"
ENV_DATABASE_URL = "SCRUTINY_DATABASE_URL"
#: Files modified this close to the last refresh are compared by content, not by time.
RACY_NS = 2_000_000_000
#: Parse in a second process when at least this many files are new or changed.
PARALLEL_FROM = 1000
CHUNK = 200

#: One file's row in the ``files`` table, in column order.
FileTuple = tuple[
    str, int, int, str, str | None, str, str | None, str | None, str | None, str | None, bool
]
FILE_COLUMNS = (
    "path",
    "size",
    "mtime_ns",
    "digest",
    "kind",
    "problems",
    "fields",
    "body",
    "origin",
    "partial",
    "blank",
)


@dataclass
class RefreshStats:
    """What a refresh did; ``parsed`` counts the files read and parsed again."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    parsed: int = 0
    rebuilt: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def dirty(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt)


def database_url(workspace: Workspace, explicit: str | None = None) -> str:
    """The index's URL: ``explicit``, ``$SCRUTINY_DATABASE_URL``, or ``.scrutiny/index.db``."""
    url = explicit or os.environ.get(ENV_DATABASE_URL)
    return normal_url(url) if url else f"sqlite:///{workspace.index_dir / 'index.db'}"


def normal_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3, the driver the extra installs."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def driver_problem(url: str) -> str | None:
    """Why the index cannot use ``url`` before anything connects, or None.

    A PostgreSQL URL needs the optional driver; without it, say how to install it
    rather than show SQLAlchemy's traceback.
    """
    url = normal_url(url)
    if url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        dialect = make_url(url).get_dialect()
        dialect.import_dbapi()
    except ArgumentError:
        return f"--database-url {url.split(':', 1)[0]}:…: not a database URL (e.g. postgresql://user@host/db)"
    except NoSuchModuleError as exc:
        return f"--database-url: {exc}"
    except ImportError:
        if url.startswith("postgresql"):
            return (
                "a postgresql:// index needs the PostgreSQL driver, which is not installed: "
                "pip install 'scrutiny[postgres]'"
            )
        return f"--database-url: the driver for {url.split(':', 1)[0]} is not installed"
    return None


# -- cached parse results -------------------------------------------------------------------


def _origin_text(origin: Origin) -> str:
    """``line,body_line,id_from_stem|positions-json``: the header is read eagerly, the rest lazily."""
    return f"{origin.line},{origin.body_line},{int(origin.id_from_stem)}|{origin.positions_json()}"


def _origin_from_text(path: str, text: str) -> Origin:
    return Origin.stored(path, text)


def file_tuple(rel: str, size: int, mtime_ns: int, digest: str, result: Parsed) -> FileTuple:
    """A parse result as a row of the ``files`` table."""
    problems = json.dumps([p.as_row() for p in result.problems], ensure_ascii=False)
    note = result.note
    fields = body = origin = kind = None
    if note is not None:
        kind = note.kind
        fields = json.dumps(
            note.model_dump(mode="json", by_alias=True, exclude={"body"}), ensure_ascii=False
        )
        body = note.body
        origin = _origin_text(note.origin)
    partial = None
    if result.partial is not None:
        pid, areas, where = result.partial
        partial = json.dumps([pid, areas, _origin_text(where)], ensure_ascii=False)
    blank = not (body or "").strip()
    return (rel, size, mtime_ns, digest, kind, problems, fields, body, origin, partial, blank)


_DATE_FIELDS = ("date", "due", "monitor_until")


def parsed_from_row(
    path: str,
    problems: str,
    fields: str | None,
    body: str | None,
    origin: str | None,
    partial: str | None,
) -> Parsed:
    """The parse result stored by :func:`file_tuple`."""
    found = [] if problems == "[]" else [Problem(**row) for row in json.loads(problems)]
    note = None
    if fields is not None and origin is not None:
        data = json.loads(fields)
        for key in _DATE_FIELDS:
            if isinstance(data.get(key), str):
                data[key] = dt.date.fromisoformat(data[key])
        note = restore(MODELS[data["kind"]], data, body or "", _origin_from_text(path, origin))
    part = None
    if partial is not None:
        pid, areas, where = json.loads(partial)
        part = (pid, areas, _origin_from_text(path, where))
    return Parsed(path, note, found, part)


def parse_file(
    path: str, rel: str, size: int, mtime_ns: int, old_digest: str | None
) -> FileTuple | None:
    """Read and parse one file into its row; None when its content is what ``old_digest`` says."""
    raw = _read(path, size)
    digest = _digest_bytes(raw) if raw is not None else ""
    if raw is not None and digest == old_digest:
        return None
    stem = Path(rel).stem
    result = read_file(Path(path), rel) if raw is None else parse_bytes(raw, rel, stem)
    return file_tuple(rel, size, mtime_ns, digest, result)


def parse_chunk(
    jobs: list[tuple[str, str, int, int, str | None]],
) -> list[tuple[str, FileTuple | None]]:
    """Parse a chunk of files (in a worker process): (rel, row or None when unchanged)."""
    return [(job[1], parse_file(*job)) for job in jobs]


# -- the index ------------------------------------------------------------------------------


class Index:
    """The index of one workspace, in SQLite (default) or any SQLAlchemy database."""

    def __init__(self, workspace: Workspace, url: str | None = None) -> None:
        self.workspace = workspace
        self.url = database_url(workspace, url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.notices: list[str] = []
        self._engine: Any = None
        self._progress: Progress | None = None
        self._file = self._sqlite_path()
        self._open()

    # opening, damage and schema --------------------------------------------------------

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
        if version != SCHEMA_VERSION:
            from sqlalchemy import text

            from scrutiny.tables import METADATA

            with self._lock(), self.engine.begin() as conn:
                METADATA.drop_all(conn)
                if self.is_sqlite:
                    conn.execute(text("DROP TABLE IF EXISTS note_fts"))
                self._create(conn)

    def _discard(self, why: str) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        path = self._file
        if path is not None:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").unlink()
        self.notices.append(f"{why}; rebuilt it from the notes (nothing is lost)")
        with self.engine.begin() as conn:
            self._create(conn)

    def _create(self, conn: Any) -> None:
        from sqlalchemy import text

        from scrutiny.tables import METADATA, MetaRow, table

        METADATA.create_all(conn)
        if self.is_sqlite:
            conn.execute(
                text(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS note_fts USING "
                    "fts5(path UNINDEXED, title, body, tokenize='unicode61')"
                )
            )
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

    # refreshing --------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None) -> RefreshStats:
        """Bring the index up to date with the files; parse only what changed.

        ``progress(done, total)`` is called as files are checked, for a progress bar.
        """
        self._progress = progress
        try:
            stats = self._refresh(RefreshStats())
        except Exception as exc:
            if not self.is_sqlite or not _is_damage(exc):
                raise
            # Damage anywhere in the file (not only the table read on opening): start again.
            with self._lock():
                self._discard("the index file was damaged")
            stats = self._refresh(RefreshStats(rebuilt=True))
        stats.notices = [*self.notices, *stats.notices]
        self.notices.clear()
        return stats

    def _meta(self, rows: Iterable[tuple[Any, ...]]) -> dict[str, str]:
        return {key: value for key, value in rows}

    def _refresh(self, stats: RefreshStats) -> RefreshStats:
        on_disk = self.workspace.note_stats()
        listing = _listing_key(on_disk)
        if not stats.rebuilt and self._file is not None:
            # A quick look without the lock: the usual answer is "nothing changed".
            with contextlib.closing(self._connect()) as conn:
                if self._clean(conn, on_disk, listing, stats):
                    return stats
            stats = RefreshStats(rebuilt=stats.rebuilt)
        with self._lock():
            self._write(on_disk, listing, stats)
        return stats

    def _clean(
        self,
        conn: sqlite3.Connection,
        on_disk: list[tuple[str, str, int, int]],
        listing: str,
        stats: RefreshStats,
    ) -> bool:
        """Whether the files are as the last refresh left them (and the tables up to date).

        The last refresh stored a hash of the listing (path, size, time of every file), so
        this costs the walk and one hash, not a read of every file's row.
        """
        meta = self._meta(conn.execute("SELECT key, value FROM meta"))
        if (
            meta.get("items_as_of") != dt.date.today().isoformat()
            or meta.get("derived") != self._derived_key()
            or meta.get("listing") != listing
        ):
            return False
        # A file changed within the clock's resolution of the last refresh may have the
        # same size and time as before: compare its content ("racily clean").
        since = int(meta.get("refreshed_ns", "0")) - RACY_NS
        recent = {rel: path for path, rel, _, mtime_ns in on_disk if mtime_ns >= since}
        if recent:
            digests = dict(
                conn.execute("SELECT path, digest FROM files WHERE mtime_ns >= ?", (since,))
            )
            if any(_digest(path) != digests.get(rel) for rel, path in recent.items()):
                return False
        stats.unchanged = len(on_disk)
        return True

    def _write(
        self, on_disk: list[tuple[str, str, int, int]], listing: str, stats: RefreshStats
    ) -> None:
        now_ns = time.time_ns()
        with self._writer() as db:
            known = {
                row[0]: row[1:] for row in db.rows("SELECT path, size, mtime_ns, digest FROM files")
            }
            meta = self._meta(db.rows("SELECT key, value FROM meta"))
            last_ns = int(meta.get("refreshed_ns", "0"))
            todo: list[tuple[str, str, int, int, str | None]] = []
            for path, rel, size, mtime_ns in on_disk:
                old = known.get(rel)
                if (
                    old is not None
                    and old[0] == size
                    and old[1] == mtime_ns
                    and (mtime_ns < last_ns - RACY_NS or _digest(path) == old[2])
                ):
                    stats.unchanged += 1
                    continue
                todo.append((path, rel, size, mtime_ns, old[2] if old is not None else None))
            on_disk_paths = {rel for _, rel, _, _ in on_disk}
            removed = [p for p in known if p not in on_disk_paths]
            stats.removed = len(removed)
            db.delete_paths("files", removed)
            # What the changed files held before, to tell an edit of the text from a change
            # that can affect other notes (see _edits_only).
            before = {
                row[0]: row[1:]
                for chunk in _chunks([j[1] for j in todo if j[1] in known], 500)
                for row in db.rows(
                    f"SELECT path, problems, fields, origin, partial, body FROM files "
                    f"WHERE path IN ({db.marks(chunk)})",
                    db.params(chunk),
                )
            }
            total = len(todo)
            jobs = {job[1]: job for job in todo}
            done = 0
            batch: list[FileTuple] = []
            fresh: dict[str, FileTuple] = {}
            for rel, row in self._parse(todo):
                done += 1
                if self._progress is not None and (done % CHUNK == 0 or done == total):
                    self._progress(done, total)
                if row is None:
                    # Touched but not changed: remember the new time stamp only.
                    _, _, size, mtime_ns, _ = jobs[rel]
                    db.run(
                        "UPDATE files SET size = :size, mtime_ns = :mtime WHERE path = :path",
                        {"size": size, "mtime": mtime_ns, "path": rel},
                    )
                    stats.unchanged += 1
                    continue
                stats.parsed += 1
                if rel in known:
                    stats.changed += 1
                else:
                    stats.added += 1
                if len(fresh) < 50:
                    fresh[rel] = row
                batch.append(row)
                if len(batch) >= 500:
                    self._upsert(db, batch, known)
                    batch = []
            if batch:
                self._upsert(db, batch, known)
            db.run("DELETE FROM meta WHERE key IN ('refreshed_ns', 'listing')")
            db.many(
                "INSERT INTO meta (key, value) VALUES (:key, :value)",
                [
                    {"key": "refreshed_ns", "value": str(now_ns)},
                    {"key": "listing", "value": listing},
                ],
            )
            derived = self._derived_key()
            changed = {*removed, *(j[1] for j in todo)}
            fresh_day = meta.get("items_as_of") == dt.date.today().isoformat()
            if (
                fresh_day
                and meta.get("derived") == derived
                and not removed
                and stats.added == 0
                and stats.parsed == len(fresh)
                and self._edits_only(db, before, fresh)
            ):
                return
            if stats.dirty or not fresh_day or meta.get("derived") != derived:
                self._write_derived(db, changed, rewrite=meta.get("derived") != derived)

    def _edits_only(
        self, db: _Db, before: dict[str, tuple[Any, ...]], fresh: dict[str, FileTuple]
    ) -> bool:
        """Apply edits that change only a note's title or text, if that is all that changed.

        Such an edit cannot change which notes are valid or any item's state (other than
        its title), so only the note's own rows are rewritten: the usual save from an
        editor costs a few milliseconds instead of a pass over every note.
        """
        for rel, row in fresh.items():
            old = before.get(rel)
            if old is None:
                return False
            problems, fields, origin, partial, body = old
            if (row[5], row[8], row[9]) != (problems, origin, partial) or problems != "[]":
                return False
            was_empty = not (body or "").strip()
            if row[6] is None or fields is None or was_empty != (not (row[7] or "").strip()):
                return False
            if _skeleton(row[6]) != _skeleton(fields):
                return False
        for rel, row in fresh.items():
            title = json.loads(row[6] or "{}").get("title", "")
            params = {"path": rel, "title": title, "body": row[7] or "", "key": fts_key(rel)}
            db.run("UPDATE notes SET title = :title, body = :body WHERE path = :path", params)
            db.run("UPDATE items SET title = :title WHERE path = :path", params)
            if self.is_sqlite:
                db.run("DELETE FROM note_fts WHERE rowid = :key", params)
                if db.rows("SELECT 1 FROM notes WHERE path = :path", params):
                    db.run(
                        "INSERT INTO note_fts (rowid, path, title, body) "
                        "VALUES (:key, :path, :title, :body)",
                        params,
                    )
        return True

    def _upsert(self, db: _Db, rows: list[FileTuple], known: dict[str, Any]) -> None:
        db.delete_paths("files", [r[0] for r in rows if r[0] in known])
        columns = ", ".join(FILE_COLUMNS)
        values = ", ".join(f":{c}" for c in FILE_COLUMNS)
        db.many(
            f"INSERT INTO files ({columns}) VALUES ({values})",
            [dict(zip(FILE_COLUMNS, r, strict=True)) for r in rows],
        )

    @contextlib.contextmanager
    def _writer(self) -> Iterator[_Db]:
        """One write transaction: plain sqlite3 for a SQLite file, else SQLAlchemy."""
        if self._file is not None:
            conn = sqlite3.connect(self._file, timeout=30, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield _Db(conn, None)
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            finally:
                conn.close()
            return
        with self.engine.begin() as sa:
            if self.engine.dialect.name == "postgresql":
                # Serialise refreshes of one index between processes, as the file lock does
                # for SQLite; released when the transaction ends.
                sa.exec_driver_sql("SELECT pg_advisory_xact_lock(7172034)")
            yield _Db(None, sa)

    def _parse(
        self, todo: list[tuple[str, str, int, int, str | None]]
    ) -> Iterator[tuple[str, FileTuple | None]]:
        """Parse ``todo``, in this process and (for many files) one more, as results come."""
        if len(todo) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
            for job in todo:
                yield job[1], parse_file(*job)
            return
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        chunks = deque(todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK))
        inflight: dict[Future[list[tuple[str, FileTuple | None]]], list[Any]] = {}
        try:
            # "spawn": this process may have threads (the terminal UI), which fork would copy
            # mid-flight. The helper takes chunks from the back, this process from the front.
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                while chunks or inflight:
                    while chunks and len(inflight) < 2:
                        chunk = chunks.pop()
                        inflight[pool.submit(parse_chunk, chunk)] = chunk
                    if chunks:
                        yield from parse_chunk(chunks.popleft())
                        finished = {f for f in inflight if f.done()}
                    else:
                        finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
                    for future in finished:
                        chunk = inflight.pop(future)
                        try:
                            results = future.result()
                        except (OSError, BrokenProcessPool):
                            chunks.append(chunk)  # parse it here instead
                            continue
                        yield from results
        except (OSError, BrokenProcessPool):
            # No second process here (a sandbox, a resource limit): parse what is left alone.
            for chunk in [*chunks, *inflight.values()]:
                yield from parse_chunk(chunk)

    def _load(self, db: _Db | None = None, *, bodies: bool = True) -> list[Parsed]:
        """Every cached parse result, sorted by path (from ``db``, inside a write)."""
        # Checks need to know only whether a body is blank (a revised due date needs a reason).
        body = "body" if bodies else "CASE WHEN blank THEN '' ELSE '.' END"
        sql = f"SELECT path, problems, fields, {body}, origin, partial FROM files ORDER BY path"
        rows = self._query(sql) if db is None else db.rows(sql)
        return [parsed_from_row(*row) for row in rows]

    def corpus_of(self, kinds: Sequence[str]) -> Corpus | None:
        """The valid notes of these kinds, with every problem, as the last refresh found them.

        Reads only those notes (the ledger's kinds are a third of a workspace) and the
        problems stored by the refresh, instead of checking every note again. None when
        the index holds no stored problems (then load everything).
        """
        try:
            return self._corpus_of(kinds)
        except (sqlite3.DatabaseError, ValueError, KeyError):
            if not self.is_sqlite:
                raise
            # A cache we cannot read is no loss: the files are the truth.
            with self._lock():
                self._discard("the index could not be read")
            self.notices.extend(self.refresh().notices)
            return None

    def _corpus_of(self, kinds: Sequence[str]) -> Corpus | None:
        stored = self._query("SELECT value FROM meta WHERE key = 'problems'")
        if not stored:
            return None
        marks = ", ".join(f":k{i}" for i in range(len(kinds)))
        rows = self._query(
            "SELECT f.path, f.problems, f.fields, f.body, f.origin, f.partial "
            f"FROM files f JOIN notes n ON n.path = f.path WHERE n.kind IN ({marks}) "
            "ORDER BY f.path",
            {f"k{i}": kind for i, kind in enumerate(kinds)},
        )
        notes = [p.note for p in (parsed_from_row(*row) for row in rows) if p.note is not None]
        problems = [Problem(**row) for row in json.loads(stored[0][0])]
        return Corpus(self.workspace, notes, problems)

    def glance(self) -> tuple[Corpus, list[Period]] | None:
        """The newest period's valid notes with every problem, and the periods with notes.

        Enough for a first screen, read in milliseconds where every note takes a good part
        of a second. None when the index cannot say quickly (not SQLite, no stored
        problems, unreadable): then read everything.
        """
        if self._file is None:
            return None
        try:
            return self._glance()
        except (sqlite3.DatabaseError, ValueError, KeyError):
            return None

    def _glance(self) -> tuple[Corpus, list[Period]] | None:
        stored = self._query("SELECT value FROM meta WHERE key = 'problems'")
        if not stored:
            return None
        spans = self._query("SELECT MIN(date), MAX(date) FROM notes GROUP BY period")
        ws = self.workspace
        problems = [Problem(**row) for row in json.loads(stored[0][0])]
        if not spans:
            return Corpus(ws, [], problems), []
        periods = sorted({ws.period_of(dt.date.fromisoformat(first)) for first, _ in spans})
        newest = ws.period_of(max(dt.date.fromisoformat(last) for _, last in spans))
        rows = self._query(
            "SELECT f.path, f.problems, f.fields, f.body, f.origin, f.partial "
            "FROM files f JOIN notes n ON n.path = f.path "
            "WHERE n.date >= :since AND n.date <= :until ORDER BY f.path",
            {"since": newest.start.isoformat(), "until": newest.end.isoformat()},
        )
        notes = [p.note for p in (parsed_from_row(*row) for row in rows) if p.note is not None]
        return Corpus(ws, notes, problems), periods

    def parsed(self, *, retry: bool = True) -> list[Parsed]:
        """Every cached parse result, sorted by path."""
        try:
            return self._load()
        except (sqlite3.DatabaseError, ValueError, KeyError):
            if not self.is_sqlite or not retry:
                raise
            # A cache we cannot read is no loss: the files are the truth.
            with self._lock():
                self._discard("the index could not be read")
            self.notices.extend(self.refresh().notices)
            return self.parsed(retry=False)

    def _write_derived(self, db: _Db, changed: set[str], *, rewrite: bool) -> None:
        """Bring the query tables in line: rows only for notes changed or changed in validity."""
        ws = self.workspace
        notes, problems = checks.validate(self._load(db, bodies=False), ws.framework, ws.settings)
        valid = {n.path: n for n in notes}
        current = {row[0] for row in db.rows("SELECT path FROM notes")}
        if rewrite:
            drop, add = current, set(valid)
        else:
            drop = (current - valid.keys()) | (changed & current)
            add = (valid.keys() - current) | (changed & valid.keys())
        derived = ("notes", "note_areas", "note_links")
        if drop == current and current:
            for name in derived:
                db.run(f"DELETE FROM {name}")
            if self.is_sqlite:
                db.run("DELETE FROM note_fts")
        else:
            for name in derived:
                db.delete_paths(name, sorted(drop))
            if self.is_sqlite:
                keys = [fts_key(p) for p in sorted(drop)]
                for start in range(0, len(keys), 500):
                    some = {f"k{i}": key for i, key in enumerate(keys[start : start + 500])}
                    marks = ", ".join(f":{name}" for name in some)
                    db.run(f"DELETE FROM note_fts WHERE rowid IN ({marks})", some)
        day = db.day
        for chunk in _chunks(sorted(add), 500):
            chosen = [valid[p] for p in chunk]
            bodies = dict(
                db.rows(
                    f"SELECT path, body FROM files WHERE path IN ({db.marks(chunk)})",
                    db.params(chunk),
                )
            )
            rows = [_note_row(n, ws, bodies.get(n.path) or "", day) for n in chosen]
            db.many(
                "INSERT INTO notes (path, id, kind, date, period, title, source, "
                "confidentiality, body) VALUES (:path, :id, :kind, :date, :period, :title, "
                ":source, :confidentiality, :body)",
                rows,
            )
            areas = [{"path": n.path, "area": a} for n in chosen for a in dict.fromkeys(n.areas)]
            if areas:
                db.many("INSERT INTO note_areas (path, area) VALUES (:path, :area)", areas)
            links = list(
                {
                    (n.path, k, t): {"path": n.path, "field": k, "target": t}
                    for n in chosen
                    for k, t in n.links()
                }.values()
            )
            if links:
                db.many(
                    "INSERT INTO note_links (path, field, target) VALUES (:path, :field, :target)",
                    links,
                )
            if self.is_sqlite:
                db.many(
                    "INSERT INTO note_fts (rowid, path, title, body) "
                    "VALUES (:key, :path, :title, :body)",
                    [row | {"key": fts_key(row["path"])} for row in rows],
                )
        ledger = fold(notes, dt.date.today(), ws.start_month)
        db.run("DELETE FROM items")
        items = [
            {
                "id": i.id,
                "kind": i.kind,
                "title": i.note.title,
                "status": i.status,
                "raised": day(i.raised),
                "due": day(i.due),
                "overdue": i.overdue,
                "last_response": day(i.last_response.date) if i.last_response else None,
                "as_of": day(ledger.as_of),
                "path": i.note.path,
            }
            for i in ledger.items.values()
        ]
        if items:
            db.many(
                "INSERT INTO items (id, kind, title, status, raised, due, overdue, "
                "last_response, as_of, path) VALUES (:id, :kind, :title, :status, :raised, "
                ":due, :overdue, :last_response, :as_of, :path)",
                items,
            )
        db.run("DELETE FROM meta WHERE key IN ('items_as_of', 'derived', 'problems')")
        db.many(
            "INSERT INTO meta (key, value) VALUES (:key, :value)",
            [
                {"key": "items_as_of", "value": ledger.as_of.isoformat()},
                {"key": "derived", "value": self._derived_key()},
                {
                    "key": "problems",
                    "value": json.dumps([p.as_row() for p in problems], ensure_ascii=False),
                },
            ],
        )

    # queries -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 200,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[str]:
        """Paths of valid notes matching ``query`` in title or body, best first.

        ``since`` and ``until`` keep notes dated in that range (a period), so that the best
        matches are looked for among the notes the user is looking at.
        """
        words = re.findall(r"\w+", query)
        if not words:
            return []
        params: dict[str, Any] = {"limit": limit}
        dates = ""
        if since is not None and until is not None:
            dates = " AND n.date >= :since AND n.date <= :until"
            params |= {"since": since.isoformat(), "until": until.isoformat()}
        if self.is_sqlite:
            params["q"] = (" ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*').strip()
            within = f" AND path IN (SELECT n.path FROM notes n WHERE TRUE{dates})" if dates else ""
            sql = (
                f"SELECT path FROM note_fts WHERE note_fts MATCH :q{within} "
                "ORDER BY bm25(note_fts, 0.0, 5.0, 1.0) LIMIT :limit"
            )
            rows = self._query(sql, params)
        else:
            # No FTS5 here (PostgreSQL and others): every word, anywhere, newest first.
            clauses = " AND ".join(
                f"(lower(n.title) LIKE :w{i} ESCAPE '\\' OR lower(n.body) LIKE :w{i} ESCAPE '\\')"
                for i in range(len(words))
            )
            params |= {
                f"w{i}": "%" + w.lower().replace("_", "\\_") + "%"  # \\w+ may hold "_"
                for i, w in enumerate(words)
            }
            if dates:
                params["since"], params["until"] = since, until
            rows = self._query(
                f"SELECT n.path FROM notes n WHERE {clauses}{dates} "
                f"ORDER BY n.date DESC LIMIT {int(limit)}",
                params,
            )
        return [r[0] for r in rows]


class _Db:
    """The few statements a write needs, on sqlite3 or on a SQLAlchemy connection.

    Statements are plain SQL with ``:name`` parameters, which both understand; SQLite gets
    dates as ISO text (as SQLAlchemy would store them), other databases as dates.
    """

    def __init__(self, sqlite: sqlite3.Connection | None, sa: Any) -> None:
        self.sqlite = sqlite
        self.sa = sa
        self.day: Callable[[dt.date | None], Any] = _iso if sqlite is not None else _same

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if self.sqlite is not None:
            return self.sqlite.execute(sql, params or {}).fetchall()
        from sqlalchemy import text

        result = self.sa.execute(text(sql), params or {})
        return [tuple(r) for r in result] if result.returns_rows else []

    def run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        if self.sqlite is not None:
            self.sqlite.execute(sql, params or {})
            return
        from sqlalchemy import text

        self.sa.execute(text(sql), params or {})

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.sqlite is not None:
            self.sqlite.executemany(sql, rows)
            return
        from sqlalchemy import text

        self.sa.execute(text(sql), rows)

    @staticmethod
    def marks(chunk: Sequence[str]) -> str:
        return ", ".join(f":p{i}" for i in range(len(chunk)))

    @staticmethod
    def params(chunk: Sequence[str]) -> dict[str, Any]:
        return {f"p{i}": value for i, value in enumerate(chunk)}

    def delete_paths(self, name: str, paths: Sequence[str]) -> None:
        for chunk in _chunks(paths, 500):
            self.run(f"DELETE FROM {name} WHERE path IN ({self.marks(chunk)})", self.params(chunk))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _same(day: dt.date | None) -> dt.date | None:
    return day


#: Front-matter fields whose change cannot affect other notes or any item's state.
_TEXT_ONLY = ("title",)


def _skeleton(fields: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fields)
    for key in _TEXT_ONLY:
        data.pop(key, None)
    return data


def fts_key(path: str) -> int:
    """The full-text row of a note: a 63-bit hash of its path.

    Deleting by this key is a lookup; deleting by path would scan the whole full-text
    table (the path is stored there, not indexed). Two of a million paths share a key
    with a chance of about one in 10^7.
    """
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big") >> 1


def _is_damage(exc: Exception) -> bool:
    """A database error that is not a lock: sqlite3's own, or SQLAlchemy's wrapping of it."""
    if "locked" in str(exc):
        return False
    if isinstance(exc, sqlite3.DatabaseError):
        return True
    from sqlalchemy.exc import DatabaseError

    return isinstance(exc, DatabaseError)


def _note_row(
    note: Note, ws: Workspace, body: str, day: Callable[[dt.date | None], Any]
) -> dict[str, Any]:
    return {
        "path": note.path,
        "id": note.id,
        "kind": note.kind,
        "date": day(note.date),
        "period": ws.period_of(note.date).label,
        "title": note.title,
        "source": getattr(note, "source", None),
        "confidentiality": note.confidentiality,
        "body": body,
    }


def _read(path: str, size: int) -> bytes | None:
    """The file's bytes, or None when it is too big or unreadable (read_file says why)."""
    if size > MAX_NOTE_BYTES:
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _listing_key(on_disk: list[tuple[str, str, int, int]]) -> str:
    """A hash of every note file's path, size and modification time."""
    listing = "\n".join(f"{rel}\t{size}\t{mtime_ns}" for _, rel, size, mtime_ns in on_disk)
    return hashlib.blake2b(listing.encode(), digest_size=16).hexdigest()


def _digest_bytes(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _digest(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    except OSError:
        return ""


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load(
    workspace: Workspace,
    *,
    strict: bool = False,
    url: str | None = None,
    progress: Progress | None = None,
    kinds: Sequence[str] | None = None,
) -> tuple[Corpus, Index, RefreshStats]:
    """Refresh the index and load the workspace's notes from it.

    With ``kinds``, only valid notes of those kinds are loaded (problems are all there).
    """
    from scrutiny import corpus

    index = Index(workspace, url)
    stats = index.refresh(progress)
    loaded = index.corpus_of(kinds) if kinds is not None and not strict else None
    if loaded is None:
        loaded = corpus.load(workspace, strict=strict, parse=lambda _ws: index.parsed())
    # Damage found while reading (after the refresh) is repaired then: say so too.
    stats.notices.extend(index.notices)
    index.notices.clear()
    return loaded, index, stats
