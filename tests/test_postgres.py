"""The index in SQLite and in PostgreSQL (SPEC §2.3): the same answers from either.

Every test takes ``database_url``, parametrised on SQLite (a file in ``tmp_path``) and on
PostgreSQL (a fresh schema in the database ``$SCRUTINY_TEST_POSTGRES_URL`` names, dropped
afterwards). The PostgreSQL cases are skipped only when that variable is unset, as on a
developer's machine without a server; CI (``.ci/run``) starts a server and always sets it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from typer.testing import CliRunner

from scrutiny.cli import app
from scrutiny.store import Index
from scrutiny.tables import FileRow, ItemRow
from scrutiny.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
PLAN_CSV = REPO / "tests" / "fixtures" / "plan" / "business-plan-2020-23.csv"
AS_OF = "2026-11-22"
ENV = "SCRUTINY_TEST_POSTGRES_URL"

LISTINGS: list[tuple[str, ...]] = [
    ("check", "--format", "json"),
    ("notes", "--all", "--format", "json"),
    ("recs", "--format", "json", "--as-of", AS_OF),
    ("recs", "--overdue", "--format", "json", "--as-of", AS_OF),
    ("risks", "--format", "json", "--as-of", AS_OF),
    ("trace", "REC-01", "--format", "json", "--as-of", AS_OF),
    ("trace", "REC-02", "--format", "json", "--as-of", AS_OF),
    ("coverage", "--period", "2024-25", "--format", "json"),
    ("recs", "--as-of", AS_OF),
]


def _with_schema(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty index database: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'index' / 'index.db'}"
        return
    base = os.environ.get(ENV)
    if not base:
        pytest.skip(f"{ENV} is not set (no PostgreSQL server); .ci/run starts one")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_schema(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCRUTINY_DATABASE_URL", raising=False)
    monkeypatch.delenv("SCRUTINY_WORKSPACE", raising=False)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    target.mkdir()
    shutil.copy2(REPO / "scrutiny.toml", target / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", target / "evidence")
    return target


def cli(ws: Path, *args: str, url: str | None = None) -> Any:
    env: dict[str, str | None] = {
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "SCRUTINY_WORKSPACE": None,
        "SCRUTINY_DATABASE_URL": None,
    }
    prefix = ["--database-url", url] if url else []
    result = CliRunner().invoke(app, ["-w", str(ws), *prefix, *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def activity(title: str, body: str, day: str = "2021-01-10") -> str:
    return (
        f"---\nkind: activity\ndate: {day}\ntitle: {title}\nareas: [core-partners]\n"
        f"source: meeting\n---\n{body}\n"
    )


def small(root: Path, notes: dict[str, str]) -> Path:
    (root / "evidence").mkdir(parents=True)
    (root / "scrutiny.toml").write_text(
        'name = "Index Test Partnership"\nframework = "six-steps"\nperiod_start_month = 10\n'
    )
    for rel, body in notes.items():
        (root / rel).write_text(body, encoding="utf-8")
    return root


# -- the same answers ----------------------------------------------------------------------------


def test_every_listing_answers_the_same_in_either_database(demo: Path, database_url: str) -> None:
    expected = [(cli(demo, *args).exit_code, cli(demo, *args).stdout) for args in LISTINGS]
    for args, (code, out) in zip(LISTINGS, expected, strict=True):
        result = cli(demo, *args, url=database_url)
        assert (result.exit_code, result.stdout) == (code, out), args
    # Warm: the second run reads the index it wrote.
    for args, (_, out) in zip(LISTINGS, expected, strict=True):
        assert cli(demo, *args, url=database_url).stdout == out, args


def test_search_finds_the_same_notes(demo: Path, database_url: str) -> None:
    for query in ("home education", "neglect audit", "dataset"):
        default = json.loads(cli(demo, "notes", "--search", query, "--format", "json").stdout)
        other = json.loads(
            cli(demo, "notes", "--search", query, "--format", "json", url=database_url).stdout
        )
        # SQLite ranks with FTS5; elsewhere every word must appear, newest first.
        assert default, query
        assert {r["id"] for r in other} >= {r["id"] for r in default}, query


# -- the index itself ----------------------------------------------------------------------------


def test_refresh_is_incremental(tmp_path: Path, database_url: str) -> None:
    ws = small(
        tmp_path / "ws",
        {
            "evidence/one.md": activity("Board", "Home education rising."),
            "evidence/two.md": activity("Forum", "Neglect strategy agreed."),
        },
    )
    index = Index(Workspace.open(ws), database_url)
    try:
        stats = index.refresh()
        assert (stats.added, stats.parsed) == (2, 2)
        stats = index.refresh()
        assert (stats.added, stats.changed, stats.parsed, stats.unchanged) == (0, 0, 0, 2)
        (ws / "evidence" / "two.md").write_text(activity("Forum", "Neglect toolkit launched."))
        os.utime(ws / "evidence" / "two.md", ns=(1_600_000_000 * 10**9, 1_600_000_000 * 10**9))
        stats = index.refresh()
        assert (stats.changed, stats.parsed) == (1, 1)
        assert index.search("toolkit") == ["evidence/two.md"]
        (ws / "evidence" / "one.md").unlink()
        assert index.refresh().removed == 1
        assert index.search("education") == []
    finally:
        index.close()


def test_search_without_fts_treats_underscore_and_percent_literally(
    tmp_path: Path, database_url: str
) -> None:
    ws = small(
        tmp_path / "ws",
        {
            "evidence/a.md": activity("Case a_b reviewed", "One."),
            "evidence/b.md": activity("Case axb reviewed", "Two."),
        },
    )
    index = Index(Workspace.open(ws), database_url)
    try:
        index.refresh()
        assert index.search("a_b") == ["evidence/a.md"]
        assert index.search("100%") == []
        assert index.search("  ") == []
    finally:
        index.close()


def test_items_table_has_real_dates_and_booleans(tmp_path: Path, database_url: str) -> None:
    rec = (
        "---\nkind: recommendation\nid: REC-01\ndate: 2021-01-12\ntitle: Fund the unit\n"
        "areas: [core-partners]\ndue: 2021-06-30\n---\nAgree a formula.\n"
    )
    ws = small(tmp_path / "ws", {"evidence/rec.md": rec})
    index = Index(Workspace.open(ws), database_url)
    try:
        index.refresh()
        with index.engine.connect() as conn:
            row = conn.execute(
                select(ItemRow.id, ItemRow.raised, ItemRow.due, ItemRow.overdue)
            ).one()
            mtime = conn.execute(select(FileRow.mtime_ns)).scalar_one()
    finally:
        index.close()
    assert row[0] == "REC-01"
    assert row[1] == dt.date(2021, 1, 12) and row[2] == dt.date(2021, 6, 30)
    assert row[3] is True
    assert mtime > 2**31  # nanoseconds need a 64-bit column


def test_a_schema_change_rebuilds_without_a_damage_notice(
    tmp_path: Path, database_url: str
) -> None:
    ws = small(tmp_path / "ws", {"evidence/one.md": activity("Board", "Text.")})
    index = Index(Workspace.open(ws), database_url)
    index.refresh()
    with index.engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = 'old' WHERE key = 'schema'"))
    index.close()
    again = Index(Workspace.open(ws), database_url)
    try:
        stats = again.refresh()
        assert stats.added == 1
        assert stats.notices == []
    finally:
        again.close()


# -- import and export through either database ---------------------------------------------------


def test_import_plan_and_export_work_with_either_database(
    tmp_path: Path, database_url: str
) -> None:
    ws = small(tmp_path / "ws", {})
    first = cli(ws, "import-plan", str(PLAN_CSV), "--date", "2021-04-01", url=database_url)
    assert first.exit_code == 0, first.output
    assert "42 created" in first.stdout
    again = cli(ws, "import-plan", str(PLAN_CSV), "--date", "2021-05-01", url=database_url)
    assert "0 created, 0 updated, 42 skipped" in again.stdout
    out = tmp_path / "actions.csv"
    result = cli(ws, "export", "actions", "-o", str(out), "--as-of", "2021-05-01", url=database_url)
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 43
    traced = json.loads(cli(ws, "trace", "ACT-4.1", "--format", "json", url=database_url).stdout)
    assert traced["status"] == "completed"
