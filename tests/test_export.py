"""``scrutiny export``: trackers for Excel (.xlsx) and CSV, with restricted notes left out."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "tests" / "fixtures" / "plan" / "business-plan-2020-23.csv"
AS_OF = "2026-11-22"
CANARY = "CANARY-7f3a-do-not-leak"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    target.mkdir()
    shutil.copy2(REPO / "scrutiny.toml", target / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", target / "evidence")
    return target


def test_xlsx_tracker_of_recommendations(demo: Path, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "recs.xlsx"
    code, _, err = run(demo, "export", "recs", "--format", "xlsx", "-o", str(out), "--as-of", AS_OF)
    assert code == 0, err
    assert "10 recommendations" in err
    book = load_workbook(out)
    assert book.sheetnames == ["Recommendations", "Timeline"]
    sheet = book["Recommendations"]
    header = [c.value for c in sheet[1]]
    for name in ("ID", "Title", "Status", "Areas", "Owner", "Due", "Overdue", "Last response"):
        assert name in header
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}11"
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert set(rows) == {f"REC-{n:02d}" for n in range(1, 11)}
    assert rows["REC-01"]["Status"] == "closed"
    assert rows["REC-06"]["Overdue"] == "yes"
    due = header.index("Due") + 1
    cell = sheet.cell(2, due)
    assert isinstance(cell.value, dt.datetime) and cell.number_format == "yyyy-mm-dd"
    title = sheet.cell(2, header.index("Title") + 1)
    assert title.alignment.wrap_text
    assert sheet.column_dimensions["B"].width >= 40
    timeline = book["Timeline"]
    events = list(timeline.iter_rows(min_row=2, values_only=True))
    assert timeline.freeze_panes == "B2" and timeline.auto_filter.ref
    assert ("REC-02", "reopened") in {(e[0], e[2]) for e in events}
    # Notes of other kinds that link to an item are in its timeline: the tracker needs
    # every note, not only the ledger's (as ``recs`` loads).
    assert "evidence" in {e[2] for e in events}
    assert isinstance(timeline.cell(2, 2).value, dt.datetime)
    # Every row styled as the first (styles are copied from the first cell of each kind).
    overdue = header.index("Overdue") + 1
    for number in range(2, sheet.max_row + 1):
        assert sheet.cell(number, header.index("Title") + 1).alignment.wrap_text
        assert sheet.cell(number, header.index("ID") + 1).alignment.vertical == "top"
        if sheet.cell(number, due).value is not None:
            assert sheet.cell(number, due).number_format == "yyyy-mm-dd"
        flagged = sheet.cell(number, overdue)
        assert bool(flagged.font.b) == (flagged.value == "yes")


def test_csv_tracker_writes_items_and_timeline(demo: Path, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "risks.csv"
    code, _, err = run(demo, "export", "risks", "-o", str(out), "--as-of", AS_OF)
    assert code == 0, err
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    items = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert {r["ID"] for r in items} >= {"RISK-01", "RISK-02"}
    assert items[0]["Raised"] == "2024-11-26"
    timeline = list(csv.DictReader((tmp_path / "risks-timeline.csv").open(encoding="utf-8-sig")))
    assert {"ID", "Date", "Step", "What changed"} <= set(timeline[0])
    assert len(timeline) > len(items)


def test_as_of_gives_the_state_then(demo: Path, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "recs.csv"
    run(demo, "export", "recs", "-o", str(out), "--as-of", "2025-06-01")
    rows = {r["ID"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert rows["REC-01"]["Status"] == "accepted"
    assert "REC-10" not in rows


def test_restricted_notes_stay_out_entirely(
    demo: Path, run: Run, tmp_path: Path, write_note: Callable[..., Path]
) -> None:
    write_note(
        demo,
        "evidence/2025-26/secret-rec.md",
        f"""\
        ---
        kind: recommendation
        id: REC-99
        date: 2025-11-01
        title: {CANARY} title
        areas: [core-partners]
        confidentiality: restricted
        ---
        {CANARY} body.
        """,
    )
    write_note(
        demo,
        "evidence/2025-26/secret-response.md",
        f"""\
        ---
        kind: response
        date: 2025-11-02
        title: {CANARY} response
        responds_to: [REC-03]
        status: not-accepted
        confidentiality: restricted
        ---
        {CANARY}
        """,
    )
    xlsx, csv_out = tmp_path / "t.xlsx", tmp_path / "t.csv"
    assert run(demo, "export", "recs", "-o", str(xlsx), "--as-of", AS_OF)[0] == 0
    assert run(demo, "export", "recs", "-o", str(csv_out), "--as-of", AS_OF)[0] == 0
    with zipfile.ZipFile(xlsx) as archive:
        blob = b"".join(archive.read(name) for name in archive.namelist())
    assert CANARY.encode() not in blob and b"REC-99" not in blob
    for path in (csv_out, tmp_path / "t-timeline.csv"):
        assert CANARY not in path.read_text(encoding="utf-8-sig")
    rows = {r["ID"]: r for r in csv.DictReader(csv_out.open(encoding="utf-8-sig"))}
    assert rows["REC-03"]["Status"] != "not-accepted"  # the restricted response is not applied


def test_actions_sort_by_plan_number(
    make_workspace: Callable[..., Path], run: Run, tmp_path: Path
) -> None:
    ws = make_workspace()
    run(ws, "import-plan", str(PLAN), "--date", "2021-04-01")
    out = tmp_path / "actions.xlsx"
    assert run(ws, "export", "actions", "-o", str(out), "--as-of", "2021-04-01")[0] == 0
    sheet = load_workbook(out)["Actions"]
    ids = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids.index("ACT-4.9") < ids.index("ACT-4.10") < ids.index("ACT-5.1")
    header = [c.value for c in sheet[1]]
    assert {"No.", "Objective"} <= set(header)


def test_export_overwrites_atomically_and_checks_its_arguments(
    demo: Path, run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "recs.xlsx"
    out.write_bytes(b"old")
    assert run(demo, "export", "recs", "-o", str(out))[0] == 0
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    code, _, err = run(demo, "export", "recs", "-o", str(tmp_path / "recs.txt"))
    assert code == 2 and ".xlsx or .csv" in err
    assert run(demo, "export", "tasks", "-o", str(out))[0] == 2
    code, _, _ = run(demo, "export", "recs", "-o", str(tmp_path / "x.dat"), "--format", "csv")
    assert code == 0 and (tmp_path / "x-timeline.dat").is_file()


def test_wrapped_lines_are_counted_as_textwrap_makes_them() -> None:
    import random
    import textwrap

    from scrutiny.export import _lines, _wrapped

    rng = random.Random(20)
    words = ["a", "an", "the", "partnership", "safeguarding", "x" * 30, "y" * 75]
    for _ in range(3000):
        chars = rng.randint(8, 70)
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        expected = len(textwrap.wrap(text, chars, break_on_hyphens=False)) or 1
        assert _wrapped(text, chars) == expected, (text, chars)
    assert _lines(None, 40) == _lines("", 40) == 1
    assert _lines("one\ntwo\n\nfour", 40) == 4
