"""The index against its own damage, huge notes and other people's objects (issue 17, 6-7).

A damaged row is found and the index rebuilt with a one-line notice, never served as a
wrong answer or a traceback; a note with 100,000 links is checked once, when it is
indexed; duplicate-id messages stay linear; a PostgreSQL user's view on our tables
survives a refresh, and a schema change that it blocks is explained in one line.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scrutiny import checking
from scrutiny.reader import parse_text
from scrutiny.workspace import Workspace

Run = Callable[..., tuple[int, str, str]]

REC = """\
---
kind: recommendation
id: {id}
date: 2025-01-12
title: {title}
areas: [core-partners]
---
The partners should act.
"""

RESPONSE = """\
---
kind: response
date: 2025-03-01
title: Accepted
responds_to: [{id}]
status: accepted
by: Executive
---
Agreed.
"""


# -- linear in what is stored --------------------------------------------------------------------


def test_ten_thousand_notes_with_one_id_give_short_messages(
    make_workspace: Callable[..., Path],
) -> None:
    ws = Workspace.open(make_workspace())
    text = REC.format(id="REC-01", title="Same")
    parsed = [parse_text(text, f"evidence/r{i:05}.md", f"r{i:05}") for i in range(10_000)]
    _, problems = checking.validate(parsed, ws.framework, ws.settings)
    duplicates = [p for p in problems if "duplicate id" in p.message]
    assert len(duplicates) == 10_000
    # Each message names a few other places and counts the rest: 10,000 short lines,
    # not 10,000 lines of 9,999 paths each.
    assert max(len(p.message) for p in duplicates) < 200
    first = next(p for p in duplicates if p.path == "evidence/r00000.md")
    assert first.message == (
        "duplicate id 'REC-01' (also in evidence/r00001.md:3, evidence/r00002.md:3, "
        "evidence/r00003.md:3 and 9,996 more)"
    )


def test_a_note_with_100000_links_is_checked_once(
    make_workspace: Callable[..., Path], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = ", ".join(f"gone-{i}" for i in range(100_000))
    many = (
        "---\nkind: finding\ndate: 2025-01-10\ntitle: Many links\nareas: [core-partners]\n"
        f"evidence: [{targets}]\n---\nA finding.\n"
    )
    root = make_workspace(
        {
            "evidence/many.md": many,
            "evidence/rec.md": REC.format(id="REC-01", title="Act"),
            "evidence/resp.md": RESPONSE.format(id="REC-01"),
        }
    )
    code, first, _ = run(root, "check", "--format", "json")
    assert code == 1 and first.count("no note has id 'gone-") == 100_000
    notes = run(root, "notes", "--all", "--format", "json")
    recs = run(root, "recs", "--format", "json", "--as-of", "2025-06-01")

    # Checked once, when indexed: later commands read the stored result.
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the workspace was checked again")

    monkeypatch.setattr(checking, "validate", refuse)
    monkeypatch.setattr(checking.Checker, "check", refuse)
    assert run(root, "check", "--format", "json") == (1, first, "")
    assert run(root, "notes", "--all", "--format", "json") == notes
    assert run(root, "recs", "--format", "json", "--as-of", "2025-06-01") == recs
    assert run(root, "coverage", "--format", "json")[0] == 0


# -- damaged rows --------------------------------------------------------------------------------

ACTIVITY = """\
---
kind: activity
date: 2025-02-01
title: Board meeting
areas: [core-partners]
source: meeting
evidence: [REC-01]
---
Attended the board.
"""

NOTES = {
    "evidence/rec.md": REC.format(id="REC-01", title="Act on neglect"),
    "evidence/resp.md": RESPONSE.format(id="REC-01"),
    "evidence/board.md": ACTIVITY,
}

READINGS: list[tuple[str, ...]] = [
    ("recs", "--format", "json", "--as-of", "2025-06-01"),
    ("notes", "--all", "--format", "json"),
    ("check", "--format", "json"),
    ("trace", "REC-01", "--format", "json", "--as-of", "2025-06-01"),
    ("coverage", "--period", "2024-25", "--format", "json"),
    ("coverage", "--format", "json"),
    ("notes", "--search", "board", "--format", "json"),
]

RECS = "WHERE kind = 'recommendation'"
DAMAGES = [
    pytest.param(f"UPDATE files SET fields = NULL {RECS}", id="note-without-fields"),
    pytest.param(
        "UPDATE notes SET kind = 'finding' WHERE kind = 'recommendation'", id="note-row-changed"
    ),
    pytest.param(f"UPDATE files SET origin = NULL {RECS}", id="note-without-origin"),
    pytest.param(
        f"UPDATE files SET fields = json_remove(fields, '$.id') {RECS}", id="fields-without-id"
    ),
    pytest.param(
        f"UPDATE files SET fields = json_set(fields, '$.areas', NULL) {RECS}", id="null-areas"
    ),
    pytest.param(
        f"UPDATE files SET fields = json_set(fields, '$.date', 12) {RECS}", id="date-a-number"
    ),
    pytest.param(
        f"UPDATE files SET problems = '[{{\"path\": 1}}]' {RECS}",
        id="problem-not-a-problem",
    ),
    pytest.param(f"DELETE FROM notes {RECS}", id="notes-rows-lost"),
    pytest.param("UPDATE notes SET kind = 'finding' WHERE kind = 'response'", id="notes-kind"),
]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_row_is_found_and_rebuilt_never_served(
    make_workspace: Callable[..., Path], run: Run, damage: str
) -> None:
    root = make_workspace(NOTES)
    expected = [run(root, *args) for args in READINGS]
    assert all(err == "" for _, _, err in expected), expected
    noticed = 0
    for args, answer in zip(READINGS, expected, strict=True):
        (root / ".scrutiny" / "index.db").unlink()
        run(root, "check")
        with sqlite3.connect(root / ".scrutiny" / "index.db") as conn:
            assert conn.execute(damage).rowcount > 0
        code, out, err = run(root, *args)
        # The same answer as from a sound index: the damage was found, or not read at all
        # (the notes table's kinds matter only to readings of some kinds).
        assert (code, out) == answer[:2], args
        if err:
            assert err.startswith("scrutiny: the index held a damaged row ("), (args, err)
            assert err.endswith("; rebuilt it from the notes (nothing is lost)\n"), (args, err)
            assert err.count("\n") == 1
            noticed += 1
        # Repaired: the next command finds nothing to say.
        assert run(root, *args) == answer
    assert noticed >= 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(f"UPDATE files SET note_date = 'soon' {RECS}", id="date-not-a-date"),
        pytest.param(f"UPDATE files SET note_id = NULL {RECS}", id="id-lost"),
        pytest.param(f"UPDATE files SET note_id = 'REC-99' {RECS}", id="id-changed"),
        pytest.param(f"UPDATE files SET kind = 'finding' {RECS}", id="kind-changed"),
        pytest.param(f"UPDATE files SET note_date = '1999-01-01' {RECS}", id="date-changed"),
    ],
)
def test_damaged_bones_are_found_when_the_notes_are_checked_again(
    make_workspace: Callable[..., Path], run: Run, damage: str
) -> None:
    """What other notes' checks read of a note (its id, kind and date, stored beside its
    parse) is held to the note itself when the notes are next checked together."""
    root = make_workspace(NOTES)
    run(root, "check")
    with sqlite3.connect(root / ".scrutiny" / "index.db") as conn:
        assert conn.execute(damage).rowcount > 0
    # A new note: every note is checked again, from the stored parses.
    (root / "evidence" / "r-new.md").write_text(REC.format(id="REC-NEW", title="New"))
    code, out, err = run(root, "check", "--format", "json")
    assert err.startswith("scrutiny: the index held a damaged row ("), err
    (root / ".scrutiny" / "index.db").unlink()
    assert run(root, "check", "--format", "json") == (code, out, "")


# -- PostgreSQL: other people's objects on our tables --------------------------------------------

ENV = "SCRUTINY_TEST_POSTGRES_URL"
RECS_AS_OF = ("recs", "--format", "json", "--as-of", "2025-06-01")


@pytest.fixture
def postgres() -> Iterator[tuple[str, Any, str]]:
    """(url of a fresh schema, an engine for the test's own statements, the schema's name)."""
    base = os.environ.get(ENV)
    if not base:
        pytest.skip(f"{ENV} is not set (no PostgreSQL server); .ci/run starts one")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in base else "?"
    try:
        yield f"{base}{joiner}options=-csearch_path%3D{schema}", admin, schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _sql(engine: Any, *statements: str) -> list[Any]:
    from sqlalchemy import text

    with engine.begin() as conn:
        results = [conn.execute(text(s)) for s in statements]
        return [r.all() if r.returns_rows else None for r in results]


def _view(schema: str) -> str:
    return (
        f'CREATE VIEW "{schema}".open_recs AS '
        f"SELECT id, title FROM \"{schema}\".items WHERE status <> 'closed'"
    )


def test_a_schema_version_change_keeps_a_users_view_on_items(
    make_workspace: Callable[..., Path], run: Run, postgres: tuple[str, Any, str]
) -> None:
    url, engine, schema = postgres
    root = make_workspace(NOTES)
    answer = run(root, "--database-url", url, *RECS_AS_OF)
    assert answer[0] == 0
    _sql(
        engine,
        _view(schema),
        f"""UPDATE "{schema}".meta SET value = 'old' WHERE key = 'schema'""",
    )
    # The tables kept their shape: emptied and filled in place, the view untouched.
    assert run(root, "--database-url", url, *RECS_AS_OF) == answer
    [rows] = _sql(engine, f'SELECT id, title FROM "{schema}".open_recs')
    assert [tuple(r) for r in rows] == [("REC-01", "Act on neglect")]


def test_a_changed_table_with_a_users_view_is_refused_naming_the_view(
    make_workspace: Callable[..., Path], run: Run, postgres: tuple[str, Any, str]
) -> None:
    url, engine, schema = postgres
    root = make_workspace(NOTES)
    answer = run(root, "--database-url", url, *RECS_AS_OF)
    # As a later version that changes the items table finds it: another shape, a view on it.
    _sql(
        engine,
        f'ALTER TABLE "{schema}".items DROP COLUMN as_of',
        f"""UPDATE "{schema}".meta SET value = 'old' WHERE key = 'schema'""",
        _view(schema),
    )
    code, out, err = run(root, "--database-url", url, *RECS_AS_OF)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "changes the index tables items" in err
    assert "view open_recs (on items)" in err and "drop them yourself" in err
    # Nothing of the user's was dropped; once they drop the view, the index is made again.
    _sql(engine, f'SELECT * FROM "{schema}".open_recs')
    _sql(engine, f'DROP VIEW "{schema}".open_recs')
    assert run(root, "--database-url", url, *RECS_AS_OF) == answer


def test_a_damaged_row_in_postgresql_is_rebuilt_in_place(
    make_workspace: Callable[..., Path], run: Run, postgres: tuple[str, Any, str]
) -> None:
    url, engine, schema = postgres
    root = make_workspace(NOTES)
    answer = run(root, "--database-url", url, *RECS_AS_OF)
    _sql(
        engine,
        f"""UPDATE "{schema}".files SET fields = NULL WHERE kind = 'recommendation'""",
        _view(schema),
    )
    code, out, err = run(root, "--database-url", url, *RECS_AS_OF)
    assert (code, out) == answer[:2]
    assert err.startswith("scrutiny: the index held a damaged row (evidence/rec.md: ")
    assert err.count("\n") == 1
    [rows] = _sql(engine, f'SELECT id FROM "{schema}".open_recs')
    assert [r[0] for r in rows] == ["REC-01"]
