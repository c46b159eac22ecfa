"""The index of one workspace: reading it back as notes, glances and search results."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Collection, Sequence
from typing import Any

from scrutiny import checks
from scrutiny.corpus import Corpus
from scrutiny.ledger import TRACKED_KINDS
from scrutiny.notes import (
    Parsed,
)
from scrutiny.periods import Period
from scrutiny.problems import ORDER, Problem
from scrutiny.store.db import _Db
from scrutiny.store.refresh import Refreshing
from scrutiny.store.rows import (
    DamagedRow,
    Progress,
    RefreshStats,
    _chunks,
    _problem,
    parsed_from_row,
)
from scrutiny.workspace import Workspace


class Index(Refreshing):
    """The index of one workspace, in SQLite (default) or any SQLAlchemy database."""

    def corpus_of(
        self,
        kinds: Sequence[str] | None = None,
        *,
        strict: bool = False,
        paths: Sequence[str] | None = None,
        bodies: bool | Collection[str] = True,
    ) -> Corpus | None:
        """The valid notes (of ``kinds``, or all; at ``paths``, or all), with every problem, as
        the last refresh found them; with their text if ``bodies`` is True, or is a list of
        kinds that includes theirs.

        Reads only those notes (the ledger's kinds are a third of a workspace) and the
        problems stored by the refresh, instead of checking every note again: the checks
        run once, when a refresh writes (a note with 100,000 links costs its 100,000
        checks then, not on every command). ``strict`` adds the unknown fields. None when
        the index holds no stored problems (then load everything).
        """
        try:
            return self._corpus_of(kinds, strict=strict, paths=paths, bodies=bodies)
        except Exception as exc:
            if not self._repairable(exc):
                raise
            self._rebuild(exc)
            return None

    def _rebuild(self, exc: Exception) -> None:
        """A cache we cannot read is no loss: the files are the truth."""
        self.rebuilds += 1
        with self._lock():
            self._discard(self._damage_notice(exc))
        self.notices.extend(self.refresh().notices)

    def _corpus_of(
        self,
        kinds: Sequence[str] | None,
        *,
        strict: bool,
        paths: Sequence[str] | None = None,
        bodies: bool | Collection[str] = True,
    ) -> Corpus | None:
        meta = self._meta(
            self._query("SELECT key, value FROM meta WHERE key IN ('problems', 'counts')")
        )
        if "problems" not in meta or "counts" not in meta:
            return None
        counts: dict[str, int] = json.loads(meta["counts"])
        clauses, params = [], {}
        if kinds is not None:
            clauses.append(f"n.kind IN ({_Db.marks(kinds, 'k')})")
            params.update(_Db.params(kinds, "k"))
        if isinstance(bodies, bool):
            text = "n.body" if bodies else "''"
        else:
            said = list(bodies)
            text = f"CASE WHEN n.kind IN ({_Db.marks(said, 't')}) THEN n.body ELSE '' END"
            params.update(_Db.params(said, "t"))
        select = (
            f"SELECT f.path, f.problems, f.fields, {text}, f.origin, f.partial "
            "FROM files f JOIN notes n ON n.path = f.path"
        )

        def where(*more: str) -> str:
            return f" WHERE {' AND '.join((*clauses, *more))}" if clauses or more else ""

        if paths is None:
            rows = self._query(f"{select}{where()} ORDER BY f.path", params)
        else:
            # The notes chosen (a search's hits, a period, the ledger's), looked up by path
            # 500 at a time, and every voice: a withdrawal of consent is another note, and
            # must be known. One query with an OR would read every row.
            queries = [
                (
                    f"{select}{where(f'f.path IN ({_Db.marks(chunk)})')}",
                    {**params, **_Db.params(chunk)},
                )
                for chunk in _chunks(sorted(set(paths)), 500)
            ]
            voices = "n.kind = 'voice'"
            queries.append((f"{select}{where(voices)}", params))
            found = {row[0]: row for row in self._query_all(queries)}
            rows = [found[path] for path in sorted(found)]
        notes = [p.note for p in (parsed_from_row(*row) for row in rows) if p.note is not None]
        if paths is None:
            expected = sum(n for kind, n in counts.items() if kinds is None or kind in kinds)
            if len(notes) != expected:
                # Rows of the notes table lost, added or changed since the refresh wrote them.
                raise DamagedRow(f"{len(notes)} notes where the refresh wrote {expected}")
        else:
            # The paths came from the notes table (a period, a search, an item's links): it
            # must hold what the refresh wrote, kind by kind, or they may be short.
            held = dict(self._query("SELECT kind, COUNT(*) FROM notes GROUP BY kind"))
            if held != {kind: n for kind, n in counts.items() if n}:
                raise DamagedRow(f"the notes table holds {held} where the refresh wrote {counts}")
        if any(kinds is not None and n.kind not in kinds for n in notes):
            raise DamagedRow("a note of another kind where the refresh wrote its kind")
        problems = [_problem(row) for row in json.loads(meta["problems"])]
        if strict:
            problems = sorted({*problems, *checks.unknown_fields(notes)}, key=ORDER)
        corpus = Corpus(self.workspace, notes, problems)
        if paths is not None:  # withdrawals applied: now only the notes asked for
            kept = set(paths)
            corpus = Corpus(self.workspace, [n for n in corpus.notes if n.path in kept], problems)
        return corpus

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
            "SELECT f.path, f.problems, f.fields, n.body, f.origin, f.partial "
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
        except Exception as exc:
            if not self._repairable(exc) or not retry:
                raise
            self._rebuild(exc)
            return self.parsed(retry=False)

    def item_titles(self) -> list[tuple[str, str, str]]:
        """``(id, kind, title)`` of every recommendation, risk and action, by id.

        Through :mod:`sqlite3` alone for a SQLite index: shell completion asks on each Tab.
        """
        rows = self._query("SELECT id, kind, title FROM items ORDER BY id")
        return [(str(i), str(k), str(t)) for i, k, t in rows]

    def dated(self, since: dt.date, until: dt.date) -> list[str]:
        """Paths of the valid notes dated from ``since`` to ``until`` (a period's notes)."""
        rows = self._query(
            "SELECT path FROM notes WHERE date >= :since AND date <= :until ORDER BY path",
            {"since": since.isoformat(), "until": until.isoformat()},
        )
        return [str(path) for (path,) in rows]

    def tracked(self) -> list[str]:
        """Paths of every note the ledger's timelines are made of: the recommendations,
        risks and actions, the responses, the notes that cite one of them as evidence and
        the notes they cite (what a tracker export reads)."""
        rows = self._query(
            f"WITH items AS (SELECT path, id FROM notes WHERE kind IN "
            f"({_Db.marks(TRACKED_KINDS, 'k')})) "
            "SELECT path FROM items "
            "UNION SELECT path FROM notes WHERE kind = 'response' "
            "UNION SELECT l.path FROM note_links l JOIN items i ON l.target = i.id "
            "WHERE l.field = 'evidence' "
            "UNION SELECT n.path FROM notes n JOIN note_links l ON l.target = n.id "
            "JOIN items i ON i.path = l.path WHERE l.field = 'evidence' "
            "ORDER BY 1",
            _Db.params(TRACKED_KINDS, "k"),
        )
        return [str(path) for (path,) in rows]

    def chain(self, item_id: str) -> list[str]:
        """Paths of the notes one item's timeline is made of: the item, the notes that name
        it (responses, evidence), the notes it cites, the actions it or its responses name,
        and the responses to those actions."""

        def paths(sql: str, ids: Sequence[str]) -> set[str]:
            if not ids:
                return set()
            marks = ", ".join(f":i{n}" for n in range(len(ids)))
            return {
                str(r[0])
                for r in self._query(sql.format(marks), {f"i{n}": i for n, i in enumerate(ids)})
            }

        def targets(of: set[str], field: str) -> list[str]:
            if not of:
                return []
            marks = ", ".join(f":p{n}" for n in range(len(of)))
            rows = self._query(
                f"SELECT target FROM note_links WHERE field = :field AND path IN ({marks})",
                {"field": field, **{f"p{n}": p for n, p in enumerate(sorted(of))}},
            )
            return sorted({str(r[0]) for r in rows})

        by_id = "SELECT path FROM notes WHERE id IN ({})"
        naming = "SELECT path FROM note_links WHERE target IN ({})"
        item = paths(by_id, [item_id])
        linked = paths(naming, [item_id])
        responses = paths(
            "SELECT path FROM note_links WHERE field = 'responds_to' AND target IN ({})", [item_id]
        )
        cited = paths(by_id, targets(item, "evidence"))
        actions = targets(item | responses, "actions")
        return sorted(item | linked | cited | paths(by_id, actions) | paths(naming, actions))

    def selected(self, kinds: Sequence[str], since: dt.date, until: dt.date) -> list[str]:
        """Paths of the valid notes of ``kinds`` (any date), those dated from ``since`` to
        ``until`` (any kind), and every restricted one (publication checks look for
        restricted text quoted in what is published)."""
        rows = self._query(
            f"SELECT path FROM notes WHERE kind IN ({_Db.marks(kinds, 'k')}) "
            "OR (date >= :since AND date <= :until) OR confidentiality = 'restricted' "
            "ORDER BY path",
            {
                "since": since.isoformat(),
                "until": until.isoformat(),
                **_Db.params(kinds, "k"),
            },
        )
        return [str(path) for (path,) in rows]

    def newest(self) -> dt.date | None:
        """The date of the newest valid note; None when there is none."""
        rows = self._query("SELECT MAX(date) FROM notes")
        value = rows[0][0] if rows else None
        if value is None:
            return None
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))

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
            # "+rowid": a filter on the matches. A bare rowid constraint would be handed to
            # FTS5, which then runs the query once per note of the period (22 s at 50k).
            within = (
                f" AND +rowid IN (SELECT n.key FROM notes n WHERE TRUE{dates})" if dates else ""
            )
            # The best rows by number, then their paths: the text lives in notes, and is
            # not read for the matches that do not make the list.
            sql = (
                "SELECT n.path FROM (SELECT rowid AS key, bm25(note_fts, 0.0, 5.0, 1.0) AS rank "
                f"FROM note_fts WHERE note_fts MATCH :q{within} ORDER BY rank LIMIT :limit) f "
                "JOIN notes n ON n.key = f.key ORDER BY f.rank, n.path"
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
    loaded = index.corpus_of(kinds, strict=strict)
    if loaded is None:
        loaded = corpus.load(workspace, strict=strict, parse=lambda _ws: index.parsed())
    # Damage found while reading (after the refresh) is repaired then: say so too.
    stats.notices.extend(index.notices)
    index.notices.clear()
    return loaded, index, stats
