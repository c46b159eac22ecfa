"""The derived index: SQLModel tables rebuilt incrementally from the note files.

Plain text is the truth; this database only saves work. Files are compared by path, size
and modification time (and by content hash when a file changed too recently to trust its
time stamp), and only new or changed files are parsed again. The index can be deleted at
any time; a damaged one is rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, Engine, text
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError
from sqlmodel import Field, SQLModel, create_engine, delete, select

from scrutiny import checks, files
from scrutiny.corpus import Corpus
from scrutiny.ledger import fold
from scrutiny.notes import MAX_NOTE_BYTES, MODELS, Note, Origin, Parsed, parse_bytes, read_file
from scrutiny.problems import Problem
from scrutiny.workspace import Workspace

#: Called with (files checked, files in all) while refreshing.
Progress = Callable[[int, int], None]

#: Bump when the tables or the cached parse format change: the index is then rebuilt.
SCHEMA_VERSION = "5"
ENV_DATABASE_URL = "SCRUTINY_DATABASE_URL"
#: Files modified this close to the last refresh are compared by content, not by time.
RACY_NS = 2_000_000_000


class MetaRow(SQLModel, table=True):
    """Key/value facts about the index itself (schema version, last refresh)."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class FileRow(SQLModel, table=True):
    """One note file as last seen, with its cached parse result."""

    __tablename__ = "files"
    path: str = Field(primary_key=True)
    # Nanosecond times overflow a 32-bit INTEGER (PostgreSQL's); SQLite does not mind.
    size: int = Field(sa_type=BigInteger)
    mtime_ns: int = Field(sa_type=BigInteger)
    digest: str
    parsed: str


class NoteRow(SQLModel, table=True):
    """A valid note, for queries and for BI tools reading the index."""

    __tablename__ = "notes"
    path: str = Field(primary_key=True)
    id: str = Field(index=True)
    kind: str = Field(index=True)
    date: dt.date = Field(index=True)
    period: str = Field(index=True)
    title: str
    source: str | None = None
    confidentiality: str
    body: str


class AreaRow(SQLModel, table=True):
    """A note's framework area."""

    __tablename__ = "note_areas"
    path: str = Field(primary_key=True)
    area: str = Field(primary_key=True, index=True)


class LinkRow(SQLModel, table=True):
    """A reference from one note to another (evidence, responds_to, actions)."""

    __tablename__ = "note_links"
    path: str = Field(primary_key=True)
    field: str = Field(primary_key=True)
    target: str = Field(primary_key=True, index=True)


class ItemRow(SQLModel, table=True):
    """A recommendation, risk or action with its state as of the last refresh."""

    __tablename__ = "items"
    id: str = Field(primary_key=True)
    kind: str = Field(index=True)
    title: str
    status: str = Field(index=True)
    raised: dt.date
    due: dt.date | None = None
    overdue: bool
    last_response: dt.date | None = None
    as_of: dt.date
    path: str


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
    return (
        explicit
        or os.environ.get(ENV_DATABASE_URL)
        or f"sqlite:///{workspace.index_dir / 'index.db'}"
    )


# -- cached parse results -------------------------------------------------------------------


def _origin_to_json(origin: Origin) -> dict[str, Any]:
    # dataclasses.asdict deep-copies every position: by far the slowest part of indexing.
    return {
        "path": origin.path,
        "line": origin.line,
        "body_line": origin.body_line,
        "keys": origin.keys,
        "values": origin.values,
        "items": origin.items,
        "id_from_stem": origin.id_from_stem,
    }


def _origin_from_json(data: dict[str, Any]) -> Origin:
    # Positions come back as [line, column] lists; Origin.where returns them as tuples.
    return Origin(
        data["path"],
        data["line"],
        data["body_line"],
        data["keys"],
        data["values"],
        data["items"],
        data["id_from_stem"],
    )


def dump_parsed(result: Parsed) -> str:
    """A parse result as JSON, to cache in the index."""
    note = None
    if result.note is not None:
        note = {
            "fields": result.note.model_dump(mode="json", by_alias=True),
            "body": result.note.body,
            "origin": _origin_to_json(result.note.origin),
        }
    partial = None
    if result.partial is not None:
        pid, areas, origin = result.partial
        partial = [pid, areas, _origin_to_json(origin)]
    return json.dumps(
        {"problems": [p.as_row() for p in result.problems], "note": note, "partial": partial},
        ensure_ascii=False,
    )


_FIELD_NAMES = {"for": "for_"}
_DATE_FIELDS = ("date", "due", "monitor_until")


def load_parsed(path: str, blob: str) -> Parsed:
    """The parse result cached by :func:`dump_parsed`."""
    data = json.loads(blob)
    problems = [Problem(**row) for row in data["problems"]]
    note = None
    if data["note"] is not None:
        fields = data["note"]["fields"]
        model = MODELS[fields["kind"]]
        # These fields were validated when the file was parsed: rebuild the model without
        # validating again (the slowest part of a warm start), converting only the dates.
        values = {_FIELD_NAMES.get(k, k): v for k, v in fields.items()}
        for key in _DATE_FIELDS:
            if isinstance(values.get(key), str):
                values[key] = dt.date.fromisoformat(values[key])
        note = model.model_construct(
            **values, body=data["note"]["body"], origin=_origin_from_json(data["note"]["origin"])
        )
    partial = None
    if data["partial"] is not None:
        pid, areas, origin = data["partial"]
        partial = (pid, areas, _origin_from_json(origin))
    return Parsed(path, note, problems, partial)


# -- the index ------------------------------------------------------------------------------


class Index:
    """The index of one workspace, in SQLite (default) or any SQLAlchemy database."""

    def __init__(self, workspace: Workspace, url: str | None = None) -> None:
        self.workspace = workspace
        self.url = database_url(workspace, url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.notices: list[str] = []
        #: Parse results already in memory after a refresh that rewrote the tables.
        self._cache: list[Parsed] | None = None
        self._progress: Progress | None = None
        self.engine = self._open()

    # opening, damage and schema --------------------------------------------------------

    def _sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        raw = self.url.split("///", 1)[1] if "///" in self.url else ""
        return Path(raw) if raw and raw != ":memory:" else None

    def _make_engine(self) -> Engine:
        path = self._sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = path.parent / ".gitignore"
            if path.parent == self.workspace.index_dir and not gitignore.exists():
                with contextlib.suppress(OSError):
                    files.write_atomic(gitignore, "*\n", overwrite=False)
        if self.is_sqlite:
            engine = create_engine(self.url, connect_args={"timeout": 30})
            from sqlalchemy import event

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_connection: Any, _record: Any) -> None:
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                cursor.close()

            return engine
        return create_engine(self.url)

    def _open(self) -> Engine:
        engine = self._make_engine()
        try:
            with engine.connect() as conn:
                version = conn.execute(
                    text("SELECT value FROM meta WHERE key = 'schema'")
                ).scalar_one_or_none()
        except (OperationalError, ProgrammingError) as exc:
            # SQLite says "no such table" (OperationalError); PostgreSQL "does not exist".
            if "no such table" in str(exc) or "does not exist" in str(exc):
                version = None
            elif self.is_sqlite and "locked" not in str(exc):
                return self._discard(engine, "the index could not be read")
            else:
                raise
        except DatabaseError:
            return self._discard(engine, "the index file was damaged")
        if version != SCHEMA_VERSION:
            with self._lock(), engine.begin() as conn:
                SQLModel.metadata.drop_all(conn)
                if self.is_sqlite:
                    conn.execute(text("DROP TABLE IF EXISTS note_fts"))
                self._create(conn)
        return engine

    def _discard(self, engine: Engine, why: str) -> Engine:
        engine.dispose()
        path = self._sqlite_path()
        if path is not None:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").unlink()
        self.notices.append(f"{why}; rebuilt it from the notes (nothing is lost)")
        engine = self._make_engine()
        with engine.begin() as conn:
            self._create(conn)
        return engine

    def _create(self, conn: Any) -> None:
        SQLModel.metadata.create_all(conn)
        if self.is_sqlite:
            conn.execute(
                text(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS note_fts USING "
                    "fts5(path UNINDEXED, title, body, tokenize='unicode61')"
                )
            )
        conn.execute(delete(MetaRow))
        conn.execute(_table(MetaRow).insert(), [{"key": "schema", "value": SCHEMA_VERSION}])

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialise refreshes between processes (SQLite); other databases lock rows."""
        path = self._sqlite_path()
        if path is None:
            yield
            return
        import fcntl

        with open(path.parent / "index.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        self.engine.dispose()

    # refreshing --------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None) -> RefreshStats:
        """Bring the index up to date with the files; parse only what changed.

        ``progress(done, total)`` is called as files are checked, for a progress bar.
        """
        self._progress = progress
        try:
            with self._lock():
                stats = RefreshStats()
                self._refresh(stats)
        except DatabaseError as exc:
            if not self.is_sqlite or "locked" in str(exc):
                raise
            # Damage anywhere in the file (not only the table read on opening): start again.
            with self._lock():
                self.engine = self._discard(self.engine, "the index file was damaged")
                stats = RefreshStats(rebuilt=True)
                self._refresh(stats)
        stats.notices = [*self.notices, *stats.notices]
        self.notices.clear()
        return stats

    def _refresh(self, stats: RefreshStats) -> None:
        ws = self.workspace
        on_disk: dict[str, tuple[Path, int, int]] = {}
        for path in ws.note_files():
            try:
                st = path.stat()
            except OSError:
                continue
            on_disk[ws.relative(path)] = (path, st.st_size, st.st_mtime_ns)
        now_ns = time.time_ns()
        with self.engine.begin() as conn:
            if self.engine.dialect.name == "postgresql":
                # Serialise refreshes of one index between processes, as the file lock does
                # for SQLite; released when the transaction ends.
                conn.execute(text("SELECT pg_advisory_xact_lock(7172034)"))
            known = {
                row.path: row
                for row in conn.execute(
                    select(FileRow.path, FileRow.size, FileRow.mtime_ns, FileRow.digest)
                )
            }
            last = conn.execute(
                text("SELECT value FROM meta WHERE key = 'refreshed_ns'")
            ).scalar_one_or_none()
            last_ns = int(last) if last else 0
            upserts: list[dict[str, Any]] = []
            fresh: dict[str, Parsed] = {}
            total = len(on_disk)
            for done, (rel, (path, size, mtime_ns)) in enumerate(on_disk.items(), start=1):
                if self._progress is not None and done % 200 == 0:
                    self._progress(done, total)
                old = known.get(rel)
                same_stat = old is not None and old.size == size and old.mtime_ns == mtime_ns
                # A file changed within the clock's resolution of the last refresh may have
                # the same size and time as before: compare its content ("racily clean").
                if (
                    same_stat
                    and old is not None
                    and (mtime_ns < last_ns - RACY_NS or _digest(path) == old.digest)
                ):
                    stats.unchanged += 1
                    continue
                raw = _read(path, size)
                raw_digest = _digest_bytes(raw) if raw is not None else ""
                if old is not None and raw is not None and raw_digest == old.digest:
                    conn.execute(
                        _table(FileRow)
                        .update()
                        .where(_table(FileRow).c.path == rel)
                        .values(size=size, mtime_ns=mtime_ns)
                    )
                    stats.unchanged += 1
                    continue
                result = read_file(path, rel) if raw is None else parse_bytes(raw, rel, path.stem)
                fresh[rel] = result
                stats.parsed += 1
                if old is None:
                    stats.added += 1
                else:
                    stats.changed += 1
                upserts.append(
                    {
                        "path": rel,
                        "size": size,
                        "mtime_ns": mtime_ns,
                        "digest": raw_digest,
                        "parsed": dump_parsed(result),
                    }
                )
            removed = [p for p in known if p not in on_disk]
            stats.removed = len(removed)
            table = _table(FileRow)
            changed_paths = [u["path"] for u in upserts] + removed
            for chunk in _chunks(changed_paths, 500):
                conn.execute(table.delete().where(table.c.path.in_(chunk)))
            if upserts:
                conn.execute(table.insert(), upserts)
            conn.execute(text("DELETE FROM meta WHERE key = 'refreshed_ns'"))
            conn.execute(_table(MetaRow).insert(), [{"key": "refreshed_ns", "value": str(now_ns)}])
            derived_empty = conn.execute(text("SELECT count(*) FROM notes")).scalar_one() == 0
            items_day = conn.execute(
                text("SELECT value FROM meta WHERE key = 'items_as_of'")
            ).scalar_one_or_none()
            # The items table holds states as of a day: a new day means new overdue marks.
            stale = items_day != dt.date.today().isoformat()
            if stats.dirty or stale or (derived_empty and on_disk):
                self._cache = self._write_derived(conn, fresh)

    def parsed(self, *, retry: bool = True) -> list[Parsed]:
        """Every cached parse result, sorted by path."""
        if self._cache is not None:
            return self._cache
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(FileRow.path, FileRow.parsed).order_by(FileRow.path)
                ).all()
            return [load_parsed(path, blob) for path, blob in rows]
        except (DatabaseError, ValueError, KeyError):
            if not self.is_sqlite or not retry:
                raise
            # A cache we cannot read is no loss: the files are the truth.
            self.engine = self._discard(self.engine, "the index could not be read")
            self.refresh()
            return self.parsed(retry=False)

    def _write_derived(self, conn: Any, fresh: dict[str, Parsed]) -> list[Parsed]:
        """Rewrite the query tables from every parse result; returns those results."""
        paths = [row[0] for row in conn.execute(select(FileRow.path).order_by(FileRow.path))]
        stored = [p for p in paths if p not in fresh]
        cached: dict[str, Parsed] = {}
        for chunk in _chunks(stored, 500):
            for path, blob in conn.execute(
                select(FileRow.path, FileRow.parsed).where(_table(FileRow).c.path.in_(chunk))
            ):
                cached[path] = load_parsed(path, blob)
        parsed = [fresh[p] if p in fresh else cached[p] for p in paths]
        self._write_tables(conn, parsed)
        return parsed

    def _write_tables(self, conn: Any, parsed: list[Parsed]) -> None:
        ws = self.workspace
        notes, _ = checks.validate(parsed, ws.framework, ws.settings)
        for model in (NoteRow, AreaRow, LinkRow, ItemRow):
            conn.execute(delete(model))
        if self.is_sqlite:
            conn.execute(text("DELETE FROM note_fts"))
        if not notes:
            return
        conn.execute(_table(NoteRow).insert(), [_note_row(n, ws) for n in notes])
        areas = [{"path": n.path, "area": a} for n in notes for a in dict.fromkeys(n.areas)]
        if areas:
            conn.execute(_table(AreaRow).insert(), areas)
        links = list(
            {
                (n.path, k, t): {"path": n.path, "field": k, "target": t}
                for n in notes
                for k, t in n.links()
            }.values()
        )
        if links:
            conn.execute(_table(LinkRow).insert(), links)
        ledger = fold(notes, dt.date.today(), ws.start_month)
        conn.execute(text("DELETE FROM meta WHERE key = 'items_as_of'"))
        conn.execute(
            _table(MetaRow).insert(), [{"key": "items_as_of", "value": ledger.as_of.isoformat()}]
        )
        items = [
            {
                "id": i.id,
                "kind": i.kind,
                "title": i.note.title,
                "status": i.status,
                "raised": i.raised,
                "due": i.due,
                "overdue": i.overdue,
                "last_response": i.last_response.date if i.last_response else None,
                "as_of": ledger.as_of,
                "path": i.note.path,
            }
            for i in ledger.items.values()
        ]
        if items:
            conn.execute(_table(ItemRow).insert(), items)
        if self.is_sqlite:
            conn.execute(
                text("INSERT INTO note_fts (path, title, body) VALUES (:path, :title, :body)"),
                [{"path": n.path, "title": n.title, "body": n.body} for n in notes],
            )

    # queries -----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 200) -> list[str]:
        """Paths of valid notes matching ``query`` in title or body, best first."""
        words = re.findall(r"\w+", query)
        if not words:
            return []
        with self.engine.connect() as conn:
            if self.is_sqlite:
                match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
                rows = conn.execute(
                    text(
                        "SELECT path FROM note_fts WHERE note_fts MATCH :q "
                        "ORDER BY bm25(note_fts, 0.0, 5.0, 1.0) LIMIT :limit"
                    ),
                    {"q": match.strip(), "limit": limit},
                ).all()
            else:
                # No FTS5 here (PostgreSQL and others): every word, anywhere, newest first.
                clauses = " AND ".join(
                    f"(lower(title) LIKE :w{i} ESCAPE '\\' OR lower(body) LIKE :w{i} ESCAPE '\\')"
                    for i in range(len(words))
                )
                params: dict[str, Any] = {
                    f"w{i}": "%" + w.lower().replace("_", "\\_") + "%"  # \\w+ may hold "_"
                    for i, w in enumerate(words)
                }
                rows = conn.execute(
                    text(
                        f"SELECT path FROM notes WHERE {clauses} ORDER BY date DESC LIMIT {int(limit)}"
                    ),
                    params,
                ).all()
        return [r[0] for r in rows]


def _table(model: type[SQLModel]) -> Any:
    """The SQLAlchemy table of a SQLModel class, for fast Core inserts."""
    return model.__table__  # type: ignore[attr-defined]


def _note_row(note: Note, ws: Workspace) -> dict[str, Any]:
    return {
        "path": note.path,
        "id": note.id,
        "kind": note.kind,
        "date": note.date,
        "period": ws.period_of(note.date).label,
        "title": note.title,
        "source": getattr(note, "source", None),
        "confidentiality": note.confidentiality,
        "body": note.body,
    }


def _read(path: Path, size: int) -> bytes | None:
    """The file's bytes, or None when it is too big or unreadable (read_file says why)."""
    if size > MAX_NOTE_BYTES:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def _digest_bytes(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
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
) -> tuple[Corpus, Index, RefreshStats]:
    """Refresh the index and load the workspace's notes from it."""
    from scrutiny import corpus

    index = Index(workspace, url)
    stats = index.refresh(progress)
    loaded = corpus.load(workspace, strict=strict, parse=lambda _ws: index.parsed())
    return loaded, index, stats
