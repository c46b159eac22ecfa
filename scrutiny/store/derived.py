"""The derived tables (notes, areas, links, items, full text) kept in step with the files."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Collection, Sequence

from scrutiny import checking
from scrutiny.ledger import TRACKED_KINDS, fold
from scrutiny.notes import Note, Origin
from scrutiny.problems import Problem
from scrutiny.reader import read_file
from scrutiny.store.base import IndexBase
from scrutiny.store.db import _Db
from scrutiny.store.rows import DamagedRow, _chunks, _note_row, fts_key, parsed_from_row

#: The notes the items table is folded from.
LEDGER_KINDS = frozenset((*TRACKED_KINDS, "response"))
#: A note's stored parse, as parsed_from_row takes it (the checks need to know only
#: whether its text is blank: the text is in notes, for valid notes alone).
STORED = (
    "SELECT path, problems, fields, CASE WHEN blank THEN '' ELSE '.' END, origin, partial "
    "FROM files"
)
#: The positions of a note kept for the fold: none.
NO_PLACES = '1,1,0|{"keys": {}, "values": {}, "items": {}}'


class Deriving(IndexBase):
    """Writes the derived rows of changed files."""

    def _text(self, note: Note, fresh: dict[str, str]) -> str:
        """The note's text: parsed in this write, or read again from its file.

        A note that becomes valid without being parsed again (the note it answers came
        back) has no stored text: the index keeps text for valid notes only, in notes.
        Its file is as the refresh saw it (else it would have been parsed again).
        """
        if note.path in fresh:
            return fresh[note.path]
        parsed = read_file(self.workspace.root / note.path, note.path)
        return parsed.note.body if parsed.note is not None else note.body

    def _text_out(self, db: _Db, paths: Sequence[str]) -> None:
        """Take these notes out of the full text, while notes still holds the words they
        were indexed with (the full text keeps no copy of them)."""
        if self.is_sqlite:
            for chunk in _chunks(paths, 500):
                db.run(
                    "INSERT INTO note_fts (note_fts, rowid, path, title, body) "
                    "SELECT 'delete', key, path, title, body FROM notes "
                    f"WHERE path IN ({db.marks(chunk)})",
                    db.params(chunk),
                )

    def _text_in(self, db: _Db, paths: Collection[str] | None) -> None:
        """Put these notes' words (None: every note's, in one pass) into the full text, in
        key order: FTS5 writes rows given in rising order straight into one segment, where
        rows out of order make it flush and merge (3x slower)."""
        if self.is_sqlite and paths is None:
            db.run(
                "INSERT INTO note_fts (rowid, path, title, body) "
                "SELECT key, path, title, body FROM notes ORDER BY key"
            )
        elif self.is_sqlite and paths is not None:
            for chunk in _chunks(sorted(paths, key=fts_key), 500):
                db.run(
                    "INSERT INTO note_fts (rowid, path, title, body) "
                    "SELECT key, path, title, body FROM notes "
                    f"WHERE path IN ({db.marks(chunk)}) ORDER BY key",
                    db.params(chunk),
                )

    def _write_derived(self, db: _Db, changed: set[str], *, rewrite: bool) -> None:
        """Bring the query tables in line: rows only for notes changed or changed in validity.

        The notes are read twice and never held together: first what each note's checks
        need of the others (its id, kind and date, stored columns), then each note, checked
        and written as it is read. Only the ledger's notes are kept, for the items.
        """
        ws = self.workspace
        checker = checking.Checker(ws.framework, ws.settings)
        for path, kind, note_id, date, problems, partial in db.stream(
            "SELECT path, kind, note_id, note_date, problems, partial FROM files ORDER BY path"
        ):
            if note_id is None:
                checker.learn(parsed_from_row(path, problems, None, None, None, partial))
            else:
                checker.know(path, note_id, kind, _stored_day(path, date))
        current = {row[0] for row in db.rows("SELECT path FROM notes")}
        drop = current if rewrite else changed & current
        self._drop(db, sorted(drop), every=drop == current)
        kept = current - drop  # rows that stay while their notes stay valid
        added: set[str] = set()
        ledger: list[Note] = []
        kinds: Counter[str] = Counter()
        batch: list[Note] = []
        for row in db.stream(f"{STORED} WHERE fields IS NOT NULL ORDER BY path"):
            note = parsed_from_row(*row, share=True).note
            bone = checker.by_id.get(note.id) if note is not None else None
            if (
                note is None
                or bone is None
                or (bone.path == note.path and (bone.kind, bone.date) != (note.kind, note.date))
            ):
                raise DamagedRow(f"{row[0]}: the note and its stored id, kind or date disagree")
            if not checker.check(note):
                continue
            kinds[note.kind] += 1
            if note.path not in kept:
                added.add(bone.path)  # the bone's string: one copy of each path is held
                batch.append(note)
                if len(batch) == 500:
                    self._add(db, batch)
                    batch = []
            if note.kind in LEDGER_KINDS:
                # Kept for the fold alone, which needs no positions: they are let go (a
                # third of what the note holds; the object is this loop's own).
                note.__dict__["origin"] = Origin.stored(note.path, NO_PLACES)
                ledger.append(note)
        self._add(db, batch)
        left = checker.finish(lambda paths: self._located(db, paths))
        # Now invalid: kept notes (a changed note took their id or their target), and
        # responses left out with what they answer.
        gone = sorted((kept & checker.bad) | left.keys())
        self._drop(db, gone, every=False, indexed=kept)
        kinds.subtract(n.kind for n in left.values())
        ledger = [n for n in ledger if n.path not in left]
        if checker.left_ids:
            # Valid notes that cite a note left out: warned of (their links are stored, and
            # note_links now holds the links of valid notes alone).
            for chunk in _chunks(sorted(checker.left_ids), 500):
                citing = {
                    path
                    for (path,) in db.rows(
                        f"SELECT DISTINCT path FROM note_links WHERE field != 'responds_to' "
                        f"AND target IN ({db.marks(chunk)})",
                        db.params(chunk),
                    )
                }
                for note in self._located(db, citing).values():
                    checker.left_out(note)
        fresh = added - checker.bad
        # Every valid note written now (none kept from before): one pass over them all.
        self._text_in(db, None if fresh and kept <= checker.bad else fresh)
        self._write_items(db, ledger, +kinds, checker.sorted_problems())

    def _drop(
        self,
        db: _Db,
        paths: Sequence[str],
        *,
        every: bool,
        indexed: Collection[str] | None = None,
    ) -> None:
        """Take these notes' rows out (``every``: all the rows there are). The full text
        reads its words from notes: they are taken out of it first, while the rows still
        hold the words they were indexed with (``indexed``: only these are in it yet)."""
        derived = ("notes", "note_areas", "note_links")
        if every and paths:
            if self.is_sqlite:
                db.run("INSERT INTO note_fts (note_fts) VALUES ('delete-all')")
            for name in derived:
                db.run(f"DELETE FROM {name}")
            return
        self._text_out(db, [p for p in paths if indexed is None or p in indexed])
        for name in derived:
            db.delete_paths(name, paths)

    def _add(self, db: _Db, chosen: Sequence[Note]) -> None:
        """Write the rows of these valid notes (their text is put in the full text later)."""
        if not chosen:
            return
        ws, day = self.workspace, db.day
        paths = [n.path for n in chosen]
        bodies = dict(
            db.rows(
                f"SELECT path, body FROM fresh_text WHERE path IN ({db.marks(paths)})",
                db.params(paths),
            )
        )
        rows = [_note_row(n, ws, self._text(n, bodies), day) for n in chosen]
        db.many(
            "INSERT INTO notes (path, id, kind, date, period, title, source, "
            "confidentiality, body, key) VALUES (:path, :id, :kind, :date, :period, "
            ":title, :source, :confidentiality, :body, :key)",
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

    def _located(self, db: _Db, paths: Collection[str]) -> dict[str, Note]:
        """These notes, read again (without their text) for the place of a problem."""
        found: dict[str, Note] = {}
        for chunk in _chunks(sorted(paths), 500):
            for row in db.rows(f"{STORED} WHERE path IN ({db.marks(chunk)})", db.params(chunk)):
                note = parsed_from_row(*row).note
                if note is None:
                    raise DamagedRow(f"{row[0]}: a note's stored parse has gone")
                found[note.path] = note
        return found

    def _write_items(
        self, db: _Db, notes: Sequence[Note], kinds: Counter[str], problems: Sequence[Problem]
    ) -> None:
        """The items table (every item folded as of today) and what the refresh found."""
        ws, day = self.workspace, db.day
        ledger = fold(notes, self.today(), ws.start_month)
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
        db.run("DELETE FROM meta WHERE key IN ('items_as_of', 'derived', 'problems', 'counts')")
        db.many(
            "INSERT INTO meta (key, value) VALUES (:key, :value)",
            [
                {"key": "items_as_of", "value": ledger.as_of.isoformat()},
                {"key": "derived", "value": self._derived_key()},
                # The rows of the notes table by kind: a reading that finds others was damaged.
                {"key": "counts", "value": json.dumps(dict(kinds))},
                {
                    "key": "problems",
                    "value": json.dumps([p.as_row() for p in problems], ensure_ascii=False),
                },
            ],
        )


def _stored_day(path: str, value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DamagedRow(f"{path}: a stored date is {value!r}") from None
