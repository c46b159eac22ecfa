"""The index against its own damage, huge notes and other people's objects (issue 17, 6-7).

A damaged row is found and the index rebuilt with a one-line notice, never served as a
wrong answer or a traceback; a note with 100,000 links is checked once, when it is
indexed; duplicate-id messages stay linear; a PostgreSQL user's view on our tables
survives a refresh, and a schema change that it blocks is explained in one line.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from scrutiny import checks
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
    _, problems = checks.validate(parsed, ws.framework, ws.settings)
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

    monkeypatch.setattr(checks, "validate", refuse)
    monkeypatch.setattr(checks, "links", refuse)
    assert run(root, "check", "--format", "json") == (1, first, "")
    assert run(root, "notes", "--all", "--format", "json") == notes
    assert run(root, "recs", "--format", "json", "--as-of", "2025-06-01") == recs
    assert run(root, "coverage", "--format", "json")[0] == 0
