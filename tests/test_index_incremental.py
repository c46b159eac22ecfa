"""The index's fast paths give exactly the answers of a fresh build.

Each fast path (an edit of a note's text rewriting only its rows, the ledger's subset
load, two-process parsing) is checked against an index built from nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scrutiny import store as index_module
from scrutiny.ledger import TRACKED_KINDS
from scrutiny.store import Index
from scrutiny.store import refresh as refresh_module
from scrutiny.workspace import Workspace
from tests.test_index import LISTINGS, answers, cli, copy_demo

OLD_NS = 1_600_000_000 * 1_000_000_000
TABLES = {
    "notes": "SELECT * FROM notes ORDER BY path",
    "note_areas": "SELECT * FROM note_areas ORDER BY path, area",
    "note_links": "SELECT * FROM note_links ORDER BY path, field, target",
    "items": "SELECT * FROM items ORDER BY id",
    "note_fts": "SELECT path, title, body FROM note_fts ORDER BY path",
    "problems": "SELECT value FROM meta WHERE key = 'problems'",
    "counts": "SELECT value FROM meta WHERE key = 'counts'",
}


def tables(ws: Path) -> dict[str, list[Any]]:
    with sqlite3.connect(ws / ".scrutiny" / "index.db") as conn:
        # The full text keeps no copy of the words: it must agree with what notes holds
        # (raises "database disk image is malformed" where a fast path left it behind).
        conn.execute("INSERT INTO note_fts (note_fts, rank) VALUES ('integrity-check', 1)")
        return {name: conn.execute(sql).fetchall() for name, sql in TABLES.items()}


def rebuilt(ws: Path) -> dict[str, list[Any]]:
    """The tables of an index built from nothing for the same files."""
    other = ws.parent / f"{ws.name}-fresh.db"
    other.unlink(missing_ok=True)
    idx = Index(Workspace.open(ws), f"sqlite:///{other}")
    idx.refresh()
    idx.close()
    with sqlite3.connect(other) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in TABLES.items()}


def age(ws: Path) -> None:
    """Make every file old, so refreshes trust size and time (no racy-clean hashing)."""
    for path in (ws / "evidence").rglob("*.md"):
        os.utime(path, ns=(OLD_NS, OLD_NS))


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    ws = copy_demo(tmp_path / "demo")
    age(ws)
    return ws


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))
    os.utime(path, ns=(OLD_NS + 10**9, OLD_NS + 10**9))


def refresh(ws: Path) -> index_module.RefreshStats:
    idx = Index(Workspace.open(ws))
    try:
        return idx.refresh()
    finally:
        idx.close()


def test_editing_a_notes_text_rewrites_its_rows_only(demo: Path, monkeypatch: Any) -> None:
    refresh(demo)
    note = next((demo / "evidence").rglob("*rec-03-*.md"))
    edit(note, "title: ", "title: Revised ")
    with open(note, "a") as handle:
        handle.write("\nA new paragraph about attendance dashboards.\n")
    os.utime(note, ns=(OLD_NS + 10**9, OLD_NS + 10**9))
    # The fast path never checks every note again.
    monkeypatch.setattr(
        index_module.Index,
        "_write_derived",
        lambda *a, **k: pytest.fail("a text edit re-derived every note"),
    )
    stats = refresh(demo)
    assert (stats.parsed, stats.changed) == (1, 1)
    monkeypatch.undo()
    assert tables(demo) == rebuilt(demo)
    found = cli(demo, "notes", "--search", "dashboards", "--format", "json")
    assert note.name in found.stdout
    recs = cli(demo, "recs", "--format", "json").stdout
    assert '"title": "Revised ' in recs


@pytest.mark.parametrize(
    ("pattern", "old", "new"),
    [
        # A status change moves the ledger.
        ("*response-rec-09-accepted.md", "status: accepted", "status: implemented"),
        # A new id changes which links resolve.
        ("*rec-03-*.md", "id: REC-03", "id: REC-33"),
        # An emptied body makes a revised due date lose its reason.
        ("*response-rec-04-revised-due.md", None, None),
        # A changed note takes an unchanged note's id: both are left out, and so are the
        # responses to either (an unchanged note's rows go).
        ("*rec-03-*.md", "id: REC-03", "id: REC-04"),
        # ... an action's: the notes that name it in `actions` are warned.
        ("*rec-03-*.md", "id: REC-03", "id: ACT-1.1"),
    ],
    ids=["status", "id", "blank-body", "twin", "twin-cited"],
)
def test_other_edits_re_derive_and_match_a_fresh_build(
    demo: Path, pattern: str, old: str | None, new: str | None
) -> None:
    refresh(demo)
    matches = sorted((demo / "evidence").rglob(pattern))
    assert matches, pattern
    note = matches[0]
    if old is None:
        text = note.read_text()
        note.write_text(text[: text.index("---", 3) + 4])  # front matter only
        os.utime(note, ns=(OLD_NS + 10**9, OLD_NS + 10**9))
    else:
        assert new is not None
        edit(note, old, new)
    stats = refresh(demo)
    assert stats.parsed == 1
    assert tables(demo) == rebuilt(demo)
    if new is not None and new.startswith("id: ") and new != "id: REC-33":
        problems = json.loads(tables(demo)["problems"][0][0])
        twin = new.removeprefix("id: ")
        said = [p["message"] for p in problems]
        assert sum(f"duplicate id {twin!r}" in m for m in said) == 2, said
        assert any(f"{twin!r} has errors and is left out (see" in m for m in said), said
        if twin.startswith("ACT"):
            assert any(f"actions: {twin!r} has errors and is left out of" in m for m in said)


def test_the_ledger_subset_load_equals_the_full_load(demo: Path) -> None:
    broken = demo / "evidence" / "2025-26" / "2026-01-01-broken.md"
    broken.write_text("---\nkind: finding\ndate: 2026-01-01\ntitle: [oops\n---\nx\n")
    ws = Workspace.open(demo)
    full, idx, _ = index_module.load(ws)
    idx.close()
    kinds = (*TRACKED_KINDS, "response")
    subset, idx, _ = index_module.load(ws, kinds=kinds)
    idx.close()
    assert [n.path for n in subset.notes] == [n.path for n in full.notes if n.kind in kinds]
    assert subset.problems == full.problems
    assert subset.errors, "the broken note is still reported"
    result = cli(demo, "recs", "--format", "json")
    assert "1 note has errors" in result.stderr


def test_two_processes_build_the_same_index(demo: Path, monkeypatch: Any) -> None:
    expected = answers(demo)
    serial = tables(demo)
    (demo / ".scrutiny" / "index.db").unlink()
    monkeypatch.setattr(refresh_module, "PARALLEL_FROM", 10)
    monkeypatch.setattr(refresh_module, "CHUNK", 7)
    stats = refresh(demo)
    assert stats.added == len(list((demo / "evidence").rglob("*.md")))
    assert tables(demo) == serial
    assert answers(demo) == expected
    assert len(expected) == len(LISTINGS)


def test_a_note_valid_again_without_being_parsed_gets_its_text(demo: Path) -> None:
    # The index keeps text for valid notes only: the response to REC-09 loses its text when
    # the id goes, and must get it back, from its file, when the id returns.
    refresh(demo)
    rec = next((demo / "evidence").rglob("*-rec-09-disparities-data.md"))
    edit(rec, "id: REC-09", "id: REC-99")
    refresh(demo)
    paths = [row[0] for row in tables(demo)["notes"]]
    assert not any("response-rec-09" in path for path in paths)
    edit(rec, "id: REC-99", "id: REC-09")
    os.utime(rec, ns=(OLD_NS + 2 * 10**9, OLD_NS + 2 * 10**9))
    stats = refresh(demo)
    assert stats.parsed == 1  # the response was not parsed again
    assert tables(demo) == rebuilt(demo)
    events = json.loads(cli(demo, "trace", "REC-09", "--format", "json").stdout)["events"]
    assert [e["text"] for e in events if e["type"] != "raised" and e["text"]]
