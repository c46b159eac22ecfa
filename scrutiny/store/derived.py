"""The derived tables (notes, areas, links, items, full text) kept in step with the files."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Sequence

from scrutiny import checks
from scrutiny.ledger import fold
from scrutiny.notes import Note
from scrutiny.reader import read_file
from scrutiny.store.base import IndexBase
from scrutiny.store.db import _Db
from scrutiny.store.rows import _chunks, _note_row, fts_key


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

    def _text_in(self, db: _Db, paths: Collection[str]) -> None:
        """Put these notes' words into the full text, in key order: FTS5 writes rows given
        in rising order straight into one segment, where rows out of order make it flush
        and merge (3x slower)."""
        if self.is_sqlite:
            for chunk in _chunks(sorted(paths, key=fts_key), 500):
                db.run(
                    "INSERT INTO note_fts (rowid, path, title, body) "
                    "SELECT key, path, title, body FROM notes "
                    f"WHERE path IN ({db.marks(chunk)}) ORDER BY key",
                    db.params(chunk),
                )

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
        # The full text reads its words from notes: take them out while the rows still
        # hold the words they were indexed with.
        if drop == current and current:
            if self.is_sqlite:
                db.run("INSERT INTO note_fts (note_fts) VALUES ('delete-all')")
            for name in derived:
                db.run(f"DELETE FROM {name}")
        else:
            self._text_out(db, sorted(drop))
            for name in derived:
                db.delete_paths(name, sorted(drop))
        day = db.day
        for chunk in _chunks(sorted(add), 500):
            chosen = [valid[p] for p in chunk]
            bodies = dict(
                db.rows(
                    f"SELECT path, body FROM fresh_text WHERE path IN ({db.marks(chunk)})",
                    db.params(chunk),
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
        if self.is_sqlite and add and add == valid.keys():  # every note: one pass, in key order
            db.run(
                "INSERT INTO note_fts (rowid, path, title, body) "
                "SELECT key, path, title, body FROM notes ORDER BY key"
            )
        else:
            self._text_in(db, add)
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
                {"key": "counts", "value": json.dumps(dict(Counter(n.kind for n in notes)))},
                {
                    "key": "problems",
                    "value": json.dumps([p.as_row() for p in problems], ensure_ascii=False),
                },
            ],
        )
