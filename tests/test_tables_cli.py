"""Command-line tables at 80 columns: every id whole, titles cut, trace's new due dates shown."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
AS_OF = ("--as-of", "2026-11-22")
LONG_TITLE = "Publish the partnership's multi-agency audit programme and what it found " * 2
LONG_IDS = ("REC-2025-26-001", "RISK-2025-26-001")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace with a recommendation and a risk whose ids and titles are long."""
    root = tmp_path_factory.mktemp("tables") / "ws"
    root.mkdir()
    shutil.copy(REPO / "scrutiny.toml", root / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", root / "evidence")
    for item_id, extra in zip(LONG_IDS, ("due: 2027-03-31", "category: strategic"), strict=True):
        kind = "recommendation" if item_id.startswith("REC") else "risk"
        (root / "evidence" / "2025-26" / f"{item_id.lower()}.md").write_text(
            f"---\nkind: {kind}\nid: {item_id}\ndate: 2026-01-12\ntitle: {LONG_TITLE.strip()}\n"
            f"areas: [core-partners, quality-assurance]\n{extra}\n---\nBody.\n",
            encoding="utf-8",
        )
    return root


def _rows(lines: list[str], first: str) -> list[str]:
    """The lines of the table row that starts with ``first`` (wrapped cells included)."""
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].strip()), len(lines))
    return lines[start:end]


def test_trace_at_80_columns_shows_the_revised_due_date(demo: Path, run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(demo, "trace", "REC-04", *AS_OF)

    assert code == 0, err
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80
    header = next(line for line in lines if line.startswith("Date"))
    left, right = header.index("What changed"), header.index("Who said what")
    changed = " ".join(line[left:right].strip() for line in _rows(lines, "2026-02-17"))
    assert "due: 2026-03-31 → 2026-12-31" in changed
    assert any("due 2026-12-31" in line for line in lines[:3])  # the heading: due now


@pytest.mark.parametrize(
    ("args", "listing"),
    [
        (("recs", *AS_OF), ("recs", *AS_OF)),
        (("risks", *AS_OF), ("risks", *AS_OF)),
        (("notes", "--all"), ("notes", "--all")),
        (("notes", "--period", "2025-26"), ("notes", "--period", "2025-26")),
    ],
    ids=lambda a: " ".join(a),
)
def test_listings_at_80_columns_never_cut_an_id(demo: Path, run, args, listing) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(demo, *listing, "--format", "json")
    assert code == 0, err
    ids = [row["id"] for row in json.loads(out)]

    code, out, err = run(demo, *args)

    assert code == 0, err
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80
    missing = [i for i in ids if not re.search(rf"(?<!\S){re.escape(i)}(?!\S)", out)]
    assert not missing, missing
    assert "…" in out  # the titles are cut instead


def test_trace_of_a_long_id_at_80_columns(demo: Path, run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(demo, "trace", LONG_IDS[0], *AS_OF)

    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"{LONG_IDS[0]} recommendation: ")
    assert max(map(len, lines)) <= 80
    assert "raised as open; due" in out
