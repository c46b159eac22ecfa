"""The derived index (SPEC §2.3): incremental refresh, deletion and damage lose nothing, search.

Every workspace is a copy under ``tmp_path``; nothing is written into the repository.
"""

from __future__ import annotations

import datetime as dt_module
import gc
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scrutiny import corpus as corpus_module
from scrutiny import store as index_module
from scrutiny.cli import app
from scrutiny.notes import Origin
from scrutiny.store import SCHEMA_VERSION, Index
from scrutiny.store import parsing as parsing_module
from scrutiny.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-22"
OLD_NS = 1_600_000_000 * 1_000_000_000  # September 2020: long before any refresh

#: Every listing, in the stable formats where there is one.
LISTINGS: list[tuple[str, ...]] = [
    ("check", "--format", "json"),
    ("notes", "--all", "--format", "json"),
    ("notes", "--period", "2024-25", "--format", "json"),
    ("recs", "--format", "json", "--as-of", AS_OF),
    ("recs", "--status", "open", "--format", "json", "--as-of", AS_OF),
    ("risks", "--format", "json", "--as-of", AS_OF),
    ("trace", "REC-02", "--format", "json", "--as-of", AS_OF),
    ("coverage", "--format", "json"),
    ("coverage", "--period", "2024-25", "--format", "json"),
    ("notes", "--search", "home education", "--format", "json"),
    ("recs", "--as-of", AS_OF),
    ("coverage",),
]


# -- helpers ------------------------------------------------------------------------------------


def copy_demo(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "scrutiny.toml", target / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", target / "evidence")
    return target


def cli(ws: Path, *args: str) -> Any:
    env: dict[str, str | None] = {
        "COLUMNS": "80",
        "LINES": "24",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "SCRUTINY_WORKSPACE": None,
        "SCRUTINY_DATABASE_URL": None,
    }
    result = CliRunner().invoke(app, ["-w", str(ws), *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def answers(ws: Path) -> list[tuple[int, str]]:
    """Exit code and stdout of every listing."""
    out = []
    for args in LISTINGS:
        result = cli(ws, *args)
        out.append((result.exit_code, result.stdout))
    return out


def note_count(ws: Path) -> int:
    return len(list((ws / "evidence").rglob("*.md")))


def flush_sqlite(db: Path) -> None:
    """Close stray connections of earlier commands and fold the WAL into the database file."""
    gc.collect()
    if not db.exists():
        return
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def write(ws: Path, rel: str, text: str) -> Path:
    path = ws / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def activity(title: str, body: str, day: str = "2021-01-10", area: str = "core-partners") -> str:
    return (
        f"---\nkind: activity\ndate: {day}\ntitle: {title}\nareas: [{area}]\nsource: meeting\n"
        f"---\n{body}\n"
    )


def small_workspace(root: Path, notes: dict[str, str]) -> Path:
    (root / "evidence").mkdir(parents=True)
    (root / "scrutiny.toml").write_text(
        'name = "Index Test Partnership"\nframework = "six-steps"\nperiod_start_month = 10\n'
    )
    for rel, text in notes.items():
        write(root, rel, text)
    return root


@pytest.fixture(autouse=True)
def _no_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCRUTINY_DATABASE_URL", raising=False)
    monkeypatch.delenv("SCRUTINY_WORKSPACE", raising=False)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


@pytest.fixture
def opened() -> Iterator[list[Index]]:
    """Indexes opened by a test, closed after it."""
    indexes: list[Index] = []
    yield indexes
    for idx in indexes:
        idx.close()


def open_index(ws: Path, opened: list[Index]) -> Index:
    idx = Index(Workspace.open(ws))
    opened.append(idx)
    return idx


# -- deleting the index loses nothing ----------------------------------------------------------------


def test_deleting_the_index_loses_nothing(demo: Path) -> None:
    first = answers(demo)
    assert (demo / ".scrutiny" / "index.db").is_file()
    assert all(code == 0 for code, _ in first), first
    assert all(out.strip() for _, out in first)
    assert answers(demo) == first  # warm index
    shutil.rmtree(demo / ".scrutiny")
    assert answers(demo) == first  # rebuilt from the notes
    assert (demo / ".scrutiny" / "index.db").is_file()


def test_deleting_the_index_after_an_edit_keeps_the_edit(demo: Path) -> None:
    answers(demo)
    path = next((demo / "evidence").rglob("*rec-03-primary-schools-scrutiny.md"))
    path.write_text(path.read_text().replace("Scrutiny of primary", "Scrutiny of all"))
    edited = answers(demo)
    rows = json.loads(edited[3][1])
    assert next(r for r in rows if r["id"] == "REC-03")["title"].startswith("Scrutiny of all")
    shutil.rmtree(demo / ".scrutiny")
    assert answers(demo) == edited


def test_the_index_is_git_ignored(demo: Path) -> None:
    cli(demo, "recs")
    assert (demo / ".scrutiny" / ".gitignore").read_text().strip() == "*"


def test_another_database_url_gives_the_same_answers(demo: Path, tmp_path: Path) -> None:
    expected = answers(demo)
    shutil.rmtree(demo / ".scrutiny")
    url = f"sqlite:///{tmp_path / 'elsewhere' / 'scrutiny.db'}"
    for args, (code, out) in zip(LISTINGS, expected, strict=True):
        result = cli(demo, "--database-url", url, *args)
        assert (result.exit_code, result.stdout) == (code, out), args
    assert (tmp_path / "elsewhere" / "scrutiny.db").is_file()
    assert not (demo / ".scrutiny" / "index.db").exists()


# -- incremental refresh -----------------------------------------------------------------------------


def test_refresh_parses_only_what_changed(demo: Path, opened: list[Index]) -> None:
    total = note_count(demo)
    assert total == 93
    idx = open_index(demo, opened)
    stats = idx.refresh()
    assert (stats.parsed, stats.added, stats.changed, stats.removed) == (total, total, 0, 0)

    stats = idx.refresh()
    assert (stats.parsed, stats.added, stats.changed, stats.removed) == (0, 0, 0, 0)
    assert stats.unchanged == total
    assert not stats.dirty

    # A new Index object (as each command makes) sees the same saved state.
    stats = open_index(demo, opened).refresh()
    assert (stats.parsed, stats.unchanged) == (0, total)

    path = next((demo / "evidence").rglob("*rec-03-primary-schools-scrutiny.md"))
    path.write_text(path.read_text().replace("primary school", "primary and secondary school"))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    stats = idx.refresh()
    assert (stats.parsed, stats.changed, stats.added, stats.removed) == (1, 1, 0, 0)
    assert stats.unchanged == total - 1
    titles = {p.note.id: p.note.title for p in idx.parsed() if p.note}
    assert titles["REC-03"] == "Scrutiny of primary and secondary school representation"

    gone = next((demo / "evidence").rglob("*neglect-training-attendance.md"))
    gone.unlink()
    stats = idx.refresh()
    assert (stats.removed, stats.parsed, stats.added, stats.changed) == (1, 0, 0, 0)
    assert len(idx.parsed()) == total - 1

    write(demo, "evidence/2025-26/2026-09-20-new-visit.md", activity("A new visit", "Visited."))
    stats = idx.refresh()
    assert (stats.added, stats.parsed, stats.changed, stats.removed) == (1, 1, 0, 0)
    assert len(idx.parsed()) == total


def test_same_size_same_mtime_edit_is_still_seen(demo: Path, opened: list[Index]) -> None:
    """Racy: the file changes within the time-stamp's doubt after a refresh; the hash catches it.

    The note is written just before the refresh (as an editor saving it would), so its time
    stamp is too close to the refresh to prove that a later write changed nothing.
    """
    path = next((demo / "evidence").rglob("*rec-03-primary-schools-scrutiny.md"))
    text = path.read_text()
    path.write_text(text)  # mtime: now
    idx = open_index(demo, opened)
    idx.refresh()
    before = path.stat()
    edited = text.replace("title: Scrutiny of primary", "title: Scrutiny of PRIMARY")
    assert edited != text and len(edited.encode()) == len(text.encode())
    path.write_text(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    stats = idx.refresh()
    assert (stats.parsed, stats.changed) == (1, 1)
    titles = {p.note.id: p.note.title for p in idx.parsed() if p.note}
    assert titles["REC-03"] == "Scrutiny of PRIMARY school representation"


def test_old_files_are_trusted_by_size_and_time(
    demo: Path, opened: list[Index], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files older than the last refresh are not even hashed; a touched one is hashed, not parsed."""
    for path in (demo / "evidence").rglob("*.md"):
        os.utime(path, ns=(OLD_NS, OLD_NS))
    idx = open_index(demo, opened)
    assert idx.refresh().parsed == note_count(demo)
    hashed: list[Path] = []
    real_read = parsing_module._read

    def counting(path: Path, size: int) -> bytes | None:
        hashed.append(path)
        return real_read(path, size)

    monkeypatch.setattr(parsing_module, "_read", counting)
    stats = idx.refresh()
    assert (stats.parsed, hashed) == (0, [])

    touched = next((demo / "evidence").rglob("*rec-03-primary-schools-scrutiny.md"))
    os.utime(touched, ns=(OLD_NS, OLD_NS + 10**9))
    stats = idx.refresh()
    assert stats.parsed == 0
    assert stats.changed == 0
    assert [Path(p) for p in hashed] == [touched]


def test_a_renamed_note_is_removed_and_added(demo: Path, opened: list[Index]) -> None:
    idx = open_index(demo, opened)
    idx.refresh()
    old = next((demo / "evidence").rglob("*rec-03-primary-schools-scrutiny.md"))
    new = old.with_name("renamed-rec-03.md")
    old.rename(new)
    stats = idx.refresh()
    assert (stats.added, stats.removed, stats.changed, stats.parsed) == (1, 1, 0, 1)
    paths = {p.path for p in idx.parsed()}
    assert new.relative_to(demo).as_posix() in paths
    assert old.relative_to(demo).as_posix() not in paths


def test_a_moved_workspace_keeps_its_answers(demo: Path, tmp_path: Path) -> None:
    expected = answers(demo)
    flush_sqlite(demo / ".scrutiny" / "index.db")
    moved = tmp_path / "elsewhere" / "moved"
    shutil.copytree(demo, moved)
    shutil.rmtree(demo)
    got = answers(moved)
    # Paths in the output are relative to the workspace, so nothing else changes.
    assert got == expected


def _positions(origin: Origin) -> tuple[object, ...]:
    def norm(value: object) -> object:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return tuple(norm(v) for v in value)
        return value

    return tuple(
        norm(getattr(origin, f))
        for f in ("path", "line", "body_line", "keys", "values", "items", "id_from_stem")
    )


def test_cached_parses_equal_fresh_ones(demo: Path) -> None:
    """What the index hands back is exactly what parsing the files gives."""
    ws = Workspace.open(demo)
    fresh = corpus_module.load(ws)
    index_module.load(ws)[1].close()
    cached, idx, stats = index_module.load(Workspace.open(demo))
    idx.close()
    assert stats.parsed == 0
    assert [n.path for n in cached.notes] == [n.path for n in fresh.notes]
    for a, b in zip(cached.notes, fresh.notes, strict=True):
        assert type(a) is type(b)
        assert a.model_dump(mode="json", by_alias=True) == b.model_dump(mode="json", by_alias=True)
        assert a.body == b.body
        # The index hands positions back as lists (cheaper than tuples); they must agree.
        assert _positions(a.origin) == _positions(b.origin)
    assert cached.problems == fresh.problems


def test_cached_problems_equal_fresh_ones(tmp_path: Path) -> None:
    ws_root = small_workspace(
        tmp_path / "broken",
        {
            "evidence/good.md": activity("Attended the board", "Fine."),
            "evidence/bad-yaml.md": "---\nkind: activity\ntitle: [unclosed\n---\nx\n",
            "evidence/bad-area.md": activity("Wrong area", "x", area="quality"),
            "evidence/bad-response.md": "---\nkind: response\ndate: 2021-02-01\n"
            "title: To nothing\nresponds_to: [REC-99]\nstatus: accepted\n---\nx\n",
            "evidence/empty.md": "",
        },
    )
    ws = Workspace.open(ws_root)
    fresh = corpus_module.load(ws)
    assert len({p.path for p in fresh.errors}) == 4
    for _ in range(2):  # once parsing, once from the cache
        cached, idx, _ = index_module.load(Workspace.open(ws_root))
        idx.close()
        assert cached.problems == fresh.problems
        assert [n.path for n in cached.notes] == ["evidence/good.md"]


def test_a_note_that_turns_invalid_leaves_the_ledger_and_comes_back(demo: Path) -> None:
    path = next((demo / "evidence").rglob("*rec-03-primary-schools-scrutiny.md"))
    text = path.read_text()
    ids = [r["id"] for r in json.loads(cli(demo, "recs", "--format", "json").stdout)]
    assert "REC-03" in ids
    path.write_text(text.replace("areas: [wider-partners]", "areas: [wider-partner]"))
    result = cli(demo, "recs", "--format", "json")
    assert "REC-03" not in [r["id"] for r in json.loads(result.stdout)]
    assert "left out" in result.stderr
    path.write_text(text)
    assert [r["id"] for r in json.loads(cli(demo, "recs", "--format", "json").stdout)] == ids


# -- damage -------------------------------------------------------------------------------------------


def _garbage(db: Path) -> None:
    db.write_bytes(b"this is not a database \x00\xff" * 400)


def _truncate(db: Path) -> None:
    with db.open("r+b") as handle:
        handle.truncate(100)


@pytest.mark.parametrize("damage", [_garbage, _truncate], ids=["garbage", "truncated"])
def test_a_damaged_index_is_rebuilt_with_a_notice(demo: Path, damage: Any) -> None:
    expected = answers(demo)
    db = demo / ".scrutiny" / "index.db"
    flush_sqlite(db)
    damage(db)
    result = cli(demo, *LISTINGS[3])
    assert (result.exit_code, result.stdout) == expected[3]
    notice = result.stderr.strip().splitlines()
    assert len(notice) == 1, result.stderr
    assert "index" in notice[0] and "rebuilt" in notice[0]
    # Once rebuilt, everything answers as before, with no more notices.
    for args, want in zip(LISTINGS, expected, strict=True):
        again = cli(demo, *args)
        assert (again.exit_code, again.stdout) == want, args
        assert "index" not in again.stderr


def test_an_empty_index_file_is_rebuilt(demo: Path) -> None:
    expected = answers(demo)
    db = demo / ".scrutiny" / "index.db"
    flush_sqlite(db)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"")
    assert answers(demo) == expected


def test_a_schema_change_rebuilds_the_index(demo: Path) -> None:
    expected = answers(demo)
    db = demo / ".scrutiny" / "index.db"
    flush_sqlite(db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    conn.close()
    assert answers(demo) == expected
    flush_sqlite(db)
    conn = sqlite3.connect(db)
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
        files = conn.execute("SELECT count(*) FROM files").fetchone()[0]
    finally:
        conn.close()
    assert version == SCHEMA_VERSION
    assert files == note_count(demo)


def test_a_schema_change_reparses_every_file(demo: Path, opened: list[Index]) -> None:
    open_index(demo, opened).refresh()
    db = demo / ".scrutiny" / "index.db"
    flush_sqlite(db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    conn.close()
    stats = open_index(demo, opened).refresh()
    assert stats.parsed == note_count(demo)


@pytest.mark.parametrize("how", ["corrupt-files-table", "drop-files-table"])
def test_damage_past_the_meta_table_is_rebuilt(demo: Path, how: str) -> None:
    expected = answers(demo)
    db = demo / ".scrutiny" / "index.db"
    flush_sqlite(db)
    conn = sqlite3.connect(db)
    try:
        if how == "drop-files-table":
            with conn:
                conn.execute("DROP TABLE files")
        else:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            root = conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = 'files'"
            ).fetchone()[0]
    finally:
        conn.close()
    if how == "corrupt-files-table":
        with db.open("r+b") as handle:
            handle.seek((root - 1) * page_size)
            handle.write(b"\xde\xad\xbe\xef" * (page_size // 4))
    result = cli(demo, *LISTINGS[3])
    assert (result.exit_code, result.stdout) == expected[3]
    assert "index" in result.stderr


# -- full-text search -----------------------------------------------------------------------------------


def _text_of(ws: Path, rel: str) -> str:
    return (ws / rel).read_text(encoding="utf-8").lower()


def test_demo_search_finds_notes_with_every_word(demo: Path) -> None:
    rows = json.loads(cli(demo, "notes", "--search", "home education", "--format", "json").stdout)
    assert len(rows) >= 3
    for row in rows:
        text = _text_of(demo, row["path"])
        assert "home" in text and "educat" in text, row["path"]
    paths = {r["path"] for r in rows}
    # Every demo note whose title says "elective home education" is found.
    for path in (demo / "evidence").rglob("*.md"):
        title = next(line for line in path.read_text().splitlines() if line.startswith("title:"))
        if "home education" in title.lower():
            assert path.relative_to(demo).as_posix() in paths
    # Search spans every period unless one is asked for.
    assert len({r["period"] for r in rows}) == 2


def test_search_ranks_title_before_body(tmp_path: Path) -> None:
    ws = small_workspace(
        tmp_path / "ranked",
        {
            # Sorts first by name and date, and mentions the words only in its body.
            "evidence/a-body.md": activity(
                "Met the schools forum",
                "We discussed home education at length with the forum.",
                day="2021-01-05",
            ),
            "evidence/z-title.md": activity(
                "Elective home education review", "We read the quarterly report.", day="2021-03-01"
            ),
            "evidence/m-other.md": activity("Attended the board", "Nothing about homes here."),
        },
    )
    rows = json.loads(cli(ws, "notes", "--search", "home education", "--format", "json").stdout)
    assert [r["path"] for r in rows] == ["evidence/z-title.md", "evidence/a-body.md"]


def test_search_matches_a_prefix_of_the_last_word(tmp_path: Path) -> None:
    ws = small_workspace(
        tmp_path / "prefix",
        {
            "evidence/ehe.md": activity("Elective home education review", "Report."),
            "evidence/edu.md": activity("Education safeguarding forum", "Heads attended."),
            "evidence/other.md": activity("Attended the board", "Nothing relevant."),
        },
    )

    def found(query: str) -> set[str]:
        result = cli(ws, "notes", "--search", query, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return {r["id"] for r in json.loads(result.stdout)}

    assert found("educ") == {"ehe", "edu"}
    assert found("home educ") == {"ehe"}
    assert found("EDUCATION") == {"ehe", "edu"}
    assert found("board") == {"other"}
    assert found("nowhere") == set()


@pytest.mark.parametrize(
    "query", ['"', "AND", 'NOT "home" AND (', "home*", "NEAR(home education)", "-home", "!!!", ""]
)
def test_search_syntax_never_crashes(tmp_path: Path, query: str) -> None:
    ws = small_workspace(
        tmp_path / "syntax", {"evidence/ehe.md": activity("Elective home education", "Report.")}
    )
    result = cli(ws, "notes", "--search", query, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_search_follows_edits_and_deletions(tmp_path: Path) -> None:
    ws = small_workspace(
        tmp_path / "follow",
        {
            "evidence/one.md": activity("Elective home education review", "Report."),
            "evidence/two.md": activity("Attended the board", "Nothing."),
        },
    )

    def found(query: str) -> list[str]:
        return [
            r["id"]
            for r in json.loads(cli(ws, "notes", "--search", query, "--format", "json").stdout)
        ]

    assert found("education") == ["one"]
    write(ws, "evidence/two.md", activity("Attended the board", "Home education came up."))
    assert sorted(found("education")) == ["one", "two"]
    (ws / "evidence" / "one.md").unlink()
    assert found("education") == ["two"]


def test_index_search_directly(tmp_path: Path, opened: list[Index]) -> None:
    ws = small_workspace(
        tmp_path / "direct",
        {
            "evidence/body.md": activity("Schools forum", "home education home education"),
            "evidence/title.md": activity("Home education", "A report."),
        },
    )
    idx = open_index(ws, opened)
    idx.refresh()
    assert idx.search("home education") == ["evidence/title.md", "evidence/body.md"]
    assert idx.search("  ") == []


# -- the derived items table ------------------------------------------------------------------------------

REC_DUE_JUNE = """\
---
kind: recommendation
id: REC-01
date: 2021-01-12
title: Share the cost of the business unit fairly
areas: [core-partners]
due: 2021-06-30
---
The partners should agree a funding formula.
"""


def _items_with_today(ws: Path, today: Any, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Refresh with the index believing ``today`` is the date; return the items table."""

    idx = Index(Workspace.open(ws), today=lambda: today)
    try:
        idx.refresh()
    finally:
        idx.close()
    flush_sqlite(ws / ".scrutiny" / "index.db")
    conn = sqlite3.connect(ws / ".scrutiny" / "index.db")
    try:
        return conn.execute("SELECT id, status, overdue, as_of FROM items").fetchall()
    finally:
        conn.close()


def test_items_table_holds_the_state_on_the_day_it_was_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = small_workspace(tmp_path / "items", {"evidence/rec-01.md": REC_DUE_JUNE})
    rows = _items_with_today(ws, dt_module.date(2021, 6, 1), monkeypatch)
    assert rows == [("REC-01", "open", 0, "2021-06-01")]


def test_items_table_follows_the_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = small_workspace(tmp_path / "items", {"evidence/rec-01.md": REC_DUE_JUNE})
    _items_with_today(ws, dt_module.date(2021, 6, 1), monkeypatch)
    rows = _items_with_today(ws, dt_module.date(2021, 7, 15), monkeypatch)
    assert rows == [("REC-01", "open", 1, "2021-07-15")]


def test_notes_read_from_the_index_are_whole_and_copies_stand_alone(demo: Path) -> None:
    idx = Index(Workspace.open(demo))
    idx.refresh()
    restored = [p.note for p in idx.parsed() if p.note is not None]
    idx.close()
    voices = [n for n in restored if n.kind == "voice"]
    assert len(voices) >= 2
    first, second = voices[:2]
    # Every field counts as given, as for a note parsed from its file.
    assert set(type(first).__pydantic_fields__) <= first.model_fields_set
    changed = first.model_copy(update={"consent": "internal", "surprise": 1})
    assert changed.consent == "internal" and "surprise" in changed.model_fields_set
    assert "surprise" not in first.model_fields_set | second.model_fields_set
    assert first.consent != "internal" or second.consent != "internal"
