"""Change detection: which files are new, changed or gone, parsed (in two processes when many) and written."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sqlite3
import time
from collections import deque
from collections.abc import Iterator
from typing import Any

from scrutiny.errors import IndexUnavailable
from scrutiny.freshness import RACY_NS, as_last_seen, digest, listing_key
from scrutiny.store import fresh
from scrutiny.store.db import _Db
from scrutiny.store.derived import Deriving
from scrutiny.store.parsing import parse_chunk, parse_file
from scrutiny.store.rows import (
    FILE_COLUMNS,
    SCHEMA_VERSION,
    DamagedRow,
    FileTuple,
    Progress,
    RefreshStats,
    _chunks,
    _is_damage,
    _skeleton,
    file_values,
)

#: Parse in a second process when at least this many files are new or changed.
PARALLEL_FROM = 1000


CHUNK = 200


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a refresh writes.

    Parsing and deriving make millions of short-lived objects and hold thousands of notes,
    none of them in reference cycles; each automatic collection walks all of them again,
    which cost a third of a first index's parsing. Ordinary reference counting frees them
    as before; the collector is switched back on (if it was on) when the write ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class Refreshing(Deriving):
    """Brings the index up to date with the files."""

    def refresh(self, progress: Progress | None = None) -> RefreshStats:
        """Bring the index up to date with the files; parse only what changed.

        ``progress(done, total)`` is called as files are checked, for a progress bar.
        """
        self._progress = progress
        try:
            try:
                stats = self._refresh(RefreshStats())
            except Exception as exc:
                if self._write_failure(exc):
                    raise
                if isinstance(exc, DamagedRow):
                    why = self._damage_notice(exc)
                elif self.is_sqlite and _is_damage(exc):
                    why = "the index file was damaged"
                elif _is_damage(exc):
                    # The server refused (a user's foreign key on our table, no space...):
                    # say why in its words, in one line.
                    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                    raise IndexUnavailable(f"cannot update the index database: {reason}") from None
                else:
                    raise
                # Damage anywhere (not only the table read on opening): start again.
                with self._lock():
                    self._discard(why)
                stats = self._refresh(RefreshStats(rebuilt=True))
        except Exception as exc:
            if not self._write_failure(exc):
                raise
            # A full disk or a read-only file: the notes can still be read, into memory.
            self._to_memory(exc)
            self._open()
            stats = self._refresh(RefreshStats(rebuilt=True))
        stats.notices = [*self.notices, *stats.notices]
        self.notices.clear()
        return stats

    def _refresh(self, stats: RefreshStats) -> RefreshStats:
        on_disk = self.workspace.note_stats()
        listing = listing_key(on_disk)
        if not stats.rebuilt and self._file is not None:
            # A quick look without the lock: the usual answer is "nothing changed".
            with contextlib.closing(self._connect()) as conn:
                if self._clean(conn, on_disk, listing, stats):
                    return stats
            stats = RefreshStats(rebuilt=stats.rebuilt)
        with self._lock(), _collector_paused():
            if self._file is not None and self._holds_nothing():
                # A first index: built aside with the journal off, then swapped in whole.
                with fresh.building(self._file, SCHEMA_VERSION) as side:
                    self._building = side
                    try:
                        self._write(on_disk, listing, stats)
                    finally:
                        self._building = None
            else:
                self._write(on_disk, listing, stats)
        return stats

    def _holds_nothing(self) -> bool:
        """Whether the index file is missing or has no file rows yet (an empty index)."""
        assert self._file is not None
        if not self._file.exists():
            return True
        with contextlib.closing(self._connect()) as conn:
            return conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None

    def _clean(
        self,
        conn: sqlite3.Connection,
        on_disk: list[tuple[str, str, int, int]],
        listing: str,
        stats: RefreshStats,
    ) -> bool:
        """Whether the files are as the last refresh left them (and the tables up to date)."""
        meta = self._meta(conn.execute("SELECT key, value FROM meta"))
        if (
            meta.get("items_as_of") != self.today().isoformat()
            or meta.get("derived") != self._derived_key()
            or not as_last_seen(conn, meta, on_disk, listing)
        ):
            return False
        stats.unchanged = len(on_disk)
        return True

    def _write(
        self, on_disk: list[tuple[str, str, int, int]], listing: str, stats: RefreshStats
    ) -> None:
        """Parse what changed and bring every table in line; ``on_disk`` is emptied."""
        now_ns = time.time_ns()
        with self._writer() as db:
            # The text of the notes parsed in this write, until they are derived: it is
            # stored in notes alone (a temporary table lives as long as the connection).
            db.run(
                "CREATE TEMP TABLE IF NOT EXISTS fresh_text (path VARCHAR PRIMARY KEY, body TEXT)"
            )
            db.run("DELETE FROM fresh_text")
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
                    and old[2]
                    and (mtime_ns < last_ns - RACY_NS or digest(path) == old[2])
                ):
                    stats.unchanged += 1
                    continue
                todo.append((path, rel, size, mtime_ns, old[2] if old is not None else None))
            on_disk_paths = {rel for _, rel, _, _ in on_disk}
            removed = [p for p in known if p not in on_disk_paths]
            del on_disk_paths
            on_disk.clear()  # read: deriving 250,000 notes need not hold their listing
            stats.removed = len(removed)
            db.delete_paths("files", removed)
            # What the changed files held before, to tell an edit of the text from a change
            # that can affect other notes (see _edits_only).
            before = {
                row[0]: row[1:]
                for chunk in _chunks([j[1] for j in todo if j[1] in known], 500)
                for row in db.rows(
                    f"SELECT path, problems, fields, origin, partial, blank FROM files "
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
            del todo, jobs, known
            fresh_day = meta.get("items_as_of") == self.today().isoformat()
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
            problems, fields, origin, partial, was_blank = old
            if (row[5], row[8], row[9]) != (problems, origin, partial) or problems != "[]":
                return False
            if row[6] is None or fields is None or bool(was_blank) != row[10]:
                return False
            if _skeleton(row[6]) != _skeleton(fields):
                return False
        for rel, row in fresh.items():
            title = json.loads(row[6] or "{}").get("title", "")
            params = {"path": rel, "title": title, "body": row[7] or ""}
            self._text_out(db, [rel])
            db.run("UPDATE notes SET title = :title, body = :body WHERE path = :path", params)
            db.run("UPDATE items SET title = :title WHERE path = :path", params)
            self._text_in(db, [rel])
        return True

    def _upsert(self, db: _Db, rows: list[FileTuple], known: dict[str, Any]) -> None:
        db.delete_paths("files", [r[0] for r in rows if r[0] in known])
        columns = ", ".join(FILE_COLUMNS)
        values = ", ".join(f":{c}" for c in FILE_COLUMNS)
        db.many(
            f"INSERT INTO files ({columns}) VALUES ({values})",
            [file_values(r) for r in rows],
        )
        # The text of each note, kept aside for deriving (see _write_derived).
        db.many(
            "INSERT INTO fresh_text (path, body) VALUES (:path, :body)",
            [{"path": r[0], "body": r[7]} for r in rows if r[6] is not None],
        )

    @contextlib.contextmanager
    def _writer(self) -> Iterator[_Db]:
        """One write transaction: plain sqlite3 for a SQLite file, else SQLAlchemy."""
        if self._file is not None:
            target = self._building or self._file
            conn = sqlite3.connect(target, timeout=30, isolation_level=None)
            try:
                if self._building is not None:
                    fresh.fast(conn)
                else:
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
        from scrutiny.store.helper import Helper

        chunks = deque(todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK))
        sent: deque[list[Any]] = deque()  # chunks with the helper, in the order sent
        try:
            helper = Helper()
        except OSError:
            helper = None  # no second process here (a sandbox, a resource limit)
        try:
            while helper is not None and (chunks or sent):
                # The helper takes chunks from the back, this process from the front.
                try:
                    while chunks and len(sent) < 2:
                        sent.append(chunks.pop())
                        helper.send(sent[-1])
                    if chunks:
                        yield from parse_chunk(chunks.popleft())
                        results = helper.result(block=False)
                    else:
                        results = helper.result(block=True)
                except (OSError, EOFError):
                    break  # the helper has gone: parse what it held here
                if results is not None:
                    sent.popleft()
                    yield from results
            for chunk in [*chunks, *sent]:
                yield from parse_chunk(chunk)
        finally:
            if helper is not None:
                helper.close()
