"""Between meetings: ``changes``, ``chase`` and ``compare`` against independent answers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from test_report_helpers import copy_demo

Run = Callable[..., tuple[int, str, str]]
PAIRS = [
    ("2024-10-01", "2025-09-30"),
    ("2025-03-31", "2026-01-20"),
    ("2025-12-31", "2026-06-30"),
    ("2026-01-27", "2026-01-27"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo(tmp_path_factory.mktemp("meetings") / "demo")


def _fold(run: Run, ws: Path, day: str) -> dict[str, dict]:
    """Every recommendation and risk as ``recs``/``risks --as-of`` print them."""
    found: dict[str, dict] = {}
    for command in ("recs", "risks"):
        code, out, err = run(ws, command, "--as-of", day, "--format", "json")
        assert code == 0, err
        found.update({row["id"]: row for row in json.loads(out)})
    return found


@pytest.mark.parametrize(("since", "until"), PAIRS)
def test_changes_are_the_difference_of_two_folds(
    run: Run, demo: Path, since: str, until: str
) -> None:
    before, after = _fold(run, demo, since), _fold(run, demo, until)
    code, out, err = run(demo, "changes", "--since", since, "--until", until, "--format", "json")
    assert code == 0, err
    rows = [r for r in json.loads(out) if r["kind"] in ("recommendation", "risk")]
    raised = {r["id"] for r in rows if r["type"] == "raised"}
    assert raised == set(after) - set(before)
    moved = {
        r["id"]: (r["before"], r["after"]) for r in rows if r["type"] in ("status", "reopened")
    }
    assert moved == {
        i: (before[i]["status"], after[i]["status"])
        for i in before
        if before[i]["status"] != after[i]["status"]
    }
    dues = {r["id"]: r["after"] for r in rows if r["type"] == "due"}
    assert dues == {
        i: after[i]["due"]
        for i in before
        if "due" in before[i] and before[i]["due"] != after[i]["due"]
    }
    overdue = {r["id"] for r in rows if r["type"] == "overdue"}
    assert overdue == {
        i for i in after if after[i].get("overdue") and not before.get(i, {}).get("overdue")
    }


def test_changes_mark_reopenings_and_give_the_reason_for_a_new_date(run: Run, demo: Path) -> None:
    _code, out, _ = run(
        demo, "changes", "--since", "2026-01-01", "--until", "2026-06-30", "--format", "json"
    )
    rows = json.loads(out)
    reopened = [r for r in rows if r["type"] == "reopened"]
    assert [(r["id"], r["before"], r["after"]) for r in reopened] == [
        ("REC-02", "implemented", "in-progress")
    ]
    [due] = [r for r in rows if r["type"] == "due" and r["id"] == "REC-04"]
    assert (due["before"], due["after"]) == ("2026-03-31", "2026-12-31")
    assert "coordinator post was vacant" in due["detail"]


def test_changes_count_new_evidence_per_area_and_kind(run: Run, demo: Path) -> None:
    since, until = dt.date(2026, 3, 1), dt.date(2026, 6, 30)
    _, out, _ = run(
        demo, "changes", "--since", str(since), "--until", str(until), "--format", "json"
    )
    evidence = {
        (r["detail"], r["kind"]): r["count"] for r in json.loads(out) if r["type"] == "evidence"
    }
    _code, listed, _ = run(demo, "notes", "--all", "--format", "json")
    expected: dict[tuple[str, str], int] = {}
    for note in json.loads(listed):
        day = dt.date.fromisoformat(note["date"])
        if note["kind"] in ("activity", "finding") and since < day <= until:
            for area in note["areas"]:
                expected[(area, note["kind"])] = expected.get((area, note["kind"]), 0) + 1
    assert evidence == expected and evidence


def test_changes_table_and_csv_and_bad_dates(run: Run, demo: Path) -> None:
    code, table, _ = run(demo, "changes", "--since", "2026-01-01", "--until", "2026-06-30")
    assert code == 0 and "reopened" in table and "REC-02" in table
    code, csv, _ = run(
        demo, "changes", "--since", "2026-01-01", "--until", "2026-06-30", "--format", "csv"
    )
    assert csv.splitlines()[0].startswith("type,id,kind,title,before,after,date,detail,count")
    code, _, err = run(demo, "changes", "--since", "2026-06-30", "--until", "2026-01-01")
    assert code == 2 and "before --since" in err
    code, _, err = run(demo, "changes", "--since", "yesterday")
    assert code == 2 and "invalid date" in err


def test_chase_groups_by_owner_within_the_window_overdue_included(run: Run, demo: Path) -> None:
    code, out, err = run(demo, "chase", "--within", "30", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    today = dt.date.today()
    recs = {r["id"]: r for r in _fold(run, demo, str(today)).values()}
    expected = {
        i
        for i, r in recs.items()
        if r.get("due")
        and r["status"] in ("open", "accepted", "in-progress")
        and dt.date.fromisoformat(r["due"]) <= today + dt.timedelta(days=30)
    }
    assert {r["id"] for r in rows if r["kind"] == "recommendation"} == expected
    assert any(r["overdue"] for r in rows) and all(r["days"] is not None for r in rows)
    owners = [r["owner"] for r in rows]
    assert owners == sorted(owners, key=lambda o: (o.startswith("("), o.casefold()))
    # A longer window takes in more; an owner filter keeps only that owner's.
    code, wide, _ = run(demo, "chase", "--within", "400", "--format", "json")
    assert len(json.loads(wide)) >= len(rows)
    code, only, _ = run(demo, "chase", "--within", "400", "--owner", "training", "--format", "json")
    assert {r["owner"] for r in json.loads(only)} == {"Learning and Development Subgroup"} or all(
        "training" in r["owner"].casefold() for r in json.loads(only)
    )


def test_chase_writes_one_polite_note_per_owner(run: Run, demo: Path) -> None:
    code, out, err = run(
        demo, "chase", "--within", "400", "--format", "md", "--meeting", "2027-01-12"
    )
    assert code == 0, err
    code, rows, _ = run(demo, "chase", "--within", "400", "--format", "json")
    owners = sorted({r["owner"] for r in json.loads(rows)})
    assert out.count("\n## ") + out.startswith("## ") == len(owners)
    assert "Ahead of the partnership meeting on 12 January 2027" in out
    assert "Dear Learning and Development Subgroup," in out
    assert "With thanks" in out


def test_chase_template_can_be_changed_by_the_partnership(
    run: Run, demo: Path, tmp_path: Path
) -> None:
    ws = copy_demo(tmp_path / "own")
    (ws / "templates").mkdir()
    (ws / "templates" / "chase.md.j2").write_text(
        "Hello {{ owner }}: {{ overdue | length }} late.\n"
    )
    code, out, _ = run(ws, "chase", "--within", "400", "--format", "md")
    assert code == 0 and out.startswith("Hello ") and " late." in out


@pytest.mark.parametrize(("first", "second"), [("2024-25", "2025-26")])
def test_compare_counts_match_coverage(run: Run, demo: Path, first: str, second: str) -> None:
    code, out, err = run(demo, "compare", first, second, "--format", "json")
    assert code == 0, err
    rows = {r["area"]: r for r in json.loads(out)}
    for label in (first, second):
        code, cov, _ = run(demo, "coverage", "--period", label, "--format", "json")
        for area in json.loads(cov):
            row = rows[area["area"]]
            assert row[f"{label}_activity"] == area["activity"]
            assert row[f"{label}_finding"] == area["finding"]
            for key, value in area.items():
                if key.startswith(("source_", "lens_")):
                    assert row[f"{label}_{key}"] == value
    for row in rows.values():
        assert row["thinner"] == (row[f"{second}_activity"] < row[f"{first}_activity"])
    assert rows["core-partners"][f"{second}_recommendations_not_accepted"] == 1  # REC-07
    code, table, _ = run(demo, "compare", first, second)
    assert "↓" in table and "children-families" in table
    code, one, _ = run(demo, "compare", first, second, "--area", "training", "--format", "json")
    assert [r["area"] for r in json.loads(one)] == ["training"]
    code, _, err = run(demo, "compare", first, second, "--area", "trainin")
    assert code == 2 and "did you mean 'training'" in err


def test_the_board_pack_in_three_formats(run: Run, demo: Path, tmp_path: Path) -> None:
    import base64

    import docx

    args = ("pack", "--meeting", "2026-06-09", "--since", "2026-04-01", "--next", "2026-08-04")
    code, md, err = run(demo, *args)
    assert code == 0, err
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 1. What has changed since 1 April 2026",
        "## 2. Open and overdue recommendations and actions",
        "## 3. Due before the next meeting on 4 August 2026",
        "## 4. Risks escalated or realised",
        "## 5. Questions for partners",
    ]
    assert (
        "REC-02, Create a standing route for young people's views to reach the Executive: reopened"
        in md
    )
    assert (
        "- ACT-2.1, Six-month learning impact reports after local reviews: due 30 June 2026" in md
    )
    assert "RISK-01, Reorganisation of the integrated care board: escalated on 10 March 2026" in md
    # Overdue first, each with the latest response in the owner's words.
    rows = [
        line for line in md.splitlines() if line.startswith("| REC") or line.startswith("| ACT")
    ]
    assert rows[0].startswith("| REC-02 |") and "(overdue)" in rows[0]
    assert "19 May 2026, Partnership Executive: Following the scrutineers" in rows[0]
    # Questions come from the prompts of the areas with the least activity so far.
    assert "Children, young people and families are aware" in md.split("## 5.")[1]
    code, html, _ = run(demo, *args, "--format", "html")
    assert html.count('<img src="data:image/png;base64,') == 2 and html.count("<figcaption>") == 2
    png = html.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(png)[:4] == b"\x89PNG"
    target = tmp_path / "pack.docx"
    code, _, err = run(demo, *args, "--format", "docx", "-o", str(target))
    assert code == 0, err
    word = docx.Document(str(target))
    assert len(word.inline_shapes) == 2
    assert next(p.text for p in word.paragraphs if p.style.name == "Heading 2").startswith(
        "1. What"
    )
    assert word.tables[0].rows[1].cells[0].text == "REC-02"
    code, plain, _ = run(demo, *args, "--no-charts")
    assert "Figure" not in plain


def test_the_pack_runs_the_publication_check(run: Run, tmp_path: Path) -> None:
    ws = copy_demo(tmp_path / "phone")
    (ws / "evidence" / "2025-26" / "2026-05-01-call.md").write_text(
        "---\nkind: response\ndate: 2026-05-01\ntitle: Update\nresponds_to: [REC-06]\n"
        "status: accepted\n---\nRing the lead on 07700 900123 for details.\n",
        encoding="utf-8",
    )
    out = tmp_path / "pack.md"
    code, _, err = run(ws, "pack", "--meeting", "2026-06-09", "-o", str(out))
    assert code == 1 and "phone number" in err and not out.exists()
    code, _, err = run(ws, "pack", "--meeting", "2026-06-09", "-o", str(out), "--allow-flagged")
    assert code == 0 and out.exists()
    code, _, err = run(ws, "pack", "--meeting", "2026-06-09", "--next", "2026-06-01")
    assert code == 2 and "not after the meeting" in err


def test_compare_draws_its_chart(run: Run, demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "areas.png"
    code, _, err = run(demo, "compare", "2024-25", "2025-26", "--chart", str(target))
    assert code == 0, err
    assert target.read_bytes()[:4] == b"\x89PNG"
