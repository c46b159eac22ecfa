"""Plan import cannot be turned against the machine or the data (issue 17, item 4).

Every hostile workbook is built here, in the test: an xlsx whose one cell inflates to
400 MB, XML entity expansion ("billion laughs") in the shared strings or the sheet, sheets
that pad themselves to millions of cells. Each is refused in one line, exit 1, before it
costs memory. And the data survives: actions attach to the objective heading above them
whatever its shape, and cell text keeps its ``<`` and ``>``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from scrutiny import plan

Run = Callable[..., tuple[int, str, str]]

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PARTS = {
    "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PKG}/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SML}.sharedStrings+xml"/>'
    "</Types>",
    "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/'
    f'relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {MAIN} '
    f'xmlns:r="{REL}"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>",
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
    f'xmlns="{PKG}/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" '
    f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>',
}
STRINGS = ["No.", "Action", "By Whom", "1.1", "Review the pathway.", "Ann"]
# Nine levels of ten: one reference expands to a thousand million "lol"s.
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
PROLOG = '<?xml version="1.0" encoding="UTF-8"?>'


def _sheet(rows: Iterable[str] = (), *, prolog: str = "", inline: str = "") -> str:
    """A sheet with the header and one action (cells pointing at STRINGS), then ``rows``."""
    cells = [
        f'<row r="{r + 1}">'
        + "".join(f'<c r="{"ABC"[c]}{r + 1}" t="s"><v>{3 * r + c}</v></c>' for c in range(3))
        + "</row>"
        for r in range(2)
    ]
    if inline:
        cells.append(f'<row r="3"><c r="B3" t="inlineStr"><is><t>{inline}</t></is></c></row>')
    return f"{PROLOG}{prolog}<worksheet {MAIN}><sheetData>{''.join(cells)}{''.join(rows)}</sheetData></worksheet>"


def _strings(items: Iterable[str] = STRINGS, *, prolog: str = "") -> str:
    body = "".join(f"<si><t>{s}</t></si>" for s in items)
    return f"{PROLOG}{prolog}<sst {MAIN}>{body}</sst>"


def _xlsx(path: Path, sheet: str | None = None, strings: str | bytes | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet or _sheet())
        archive.writestr("xl/sharedStrings.xml", strings or _strings())
    return path


def _refused(run: Run, make_workspace: Callable[..., Path], path: Path) -> str:
    """Import ``path``: exit 1, one line on stderr, nothing written; that line."""
    ws = make_workspace()
    code, out, err = run(ws, "import-plan", str(path))
    assert code == 1, (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err, err
    assert list(ws.rglob("*.md")) == []
    return err.strip()


def test_a_well_formed_small_workbook_is_read(tmp_path: Path) -> None:
    (action,) = plan.read_plan(_xlsx(tmp_path / "plan.xlsx")).actions
    assert (action.id, action.action, action.owner) == ("ACT-1.1", "Review the pathway.", "Ann")


def _bomb(path: Path, size: int) -> Path:
    """One shared string of ``size`` bytes, streamed into the zip (about 400 KB at 400 MB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet())
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            head, tail = _strings().split("Review the pathway.")
            part.write(head.encode())
            chunk = b"x" * (1 << 20)
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(tail.encode())
    return path


_MEASURE = (
    "import json, resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps({'code': r.returncode, 'out': r.stdout, 'err': r.stderr, 'maxrss': peak}))\n"
)


def test_an_xlsx_that_inflates_to_400_mb_is_refused_before_it_is_parsed(
    tmp_path: Path,
) -> None:
    bomb = _bomb(tmp_path / "bomb.xlsx", 400 * (1 << 20))
    assert bomb.stat().st_size < 1_000_000
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "scrutiny.toml").write_text('name = "Test"\n')
    started = time.monotonic()
    # A small Python starts the command and reports its peak memory: a child forked from
    # this test process would count the test runner's own memory as its starting peak
    # (Linux keeps the high-water mark across exec).
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEASURE,
            sys.executable,
            "-m",
            "scrutiny.cli",
            "-w",
            str(ws),
            "import-plan",
            str(bomb),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    out, err, peak = result["out"], result["err"], result["maxrss"]
    child = subprocess.CompletedProcess([], result["code"])
    assert child.returncode == 1, (out, err)
    assert err.strip() == (
        "scrutiny: bomb.xlsx: refused: it unpacks to 419 MB, more than the 50 MB a plan file may be"
    )
    # Today it is read: 2.3 GB at its peak, and 40 seconds.
    assert peak < 200_000, f"peak {peak:,} KB"
    assert time.monotonic() - started < 30


def test_a_part_that_inflates_far_more_than_any_spreadsheet_is_refused(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "ratio.xlsx", 20 * (1 << 20))  # under the size limit
    with pytest.raises(plan.PlanError, match=r"sharedStrings\.xml unpacks [\d,]+ times larger"):
        plan.read_plan(bomb)


@pytest.mark.parametrize(
    "where",
    ["shared strings", "sheet", "utf-16 shared strings"],
)
def test_entity_expansion_is_refused_in_one_line(
    tmp_path: Path, run: Run, make_workspace: Callable[..., Path], where: str
) -> None:
    laughs = [*STRINGS[:4], "&lol9;", "Ann"]
    if where == "shared strings":
        path = _xlsx(tmp_path / "laughs.xlsx", strings=_strings(laughs, prolog=LAUGHS))
    elif where == "sheet":
        path = _xlsx(tmp_path / "laughs.xlsx", sheet=_sheet(prolog=LAUGHS, inline="&lol9;"))
    else:
        text = _strings(laughs, prolog=LAUGHS).replace('encoding="UTF-8"', 'encoding="UTF-16"')
        path = _xlsx(tmp_path / "laughs.xlsx", strings=text.encode("utf-16"))
    line = _refused(run, make_workspace, path)
    assert "declares XML entities (a DTD), which Excel never writes" in line, line


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # A cell in the last column on each row: each row is padded to 16,384 cells.
        (
            [f'<row r="{r}"><c r="XFD{r}" t="s"><v>4</v></c></row>' for r in range(3, 40)],
            "more than 200,000 cells (by row 15)",
        ),
        # One cell nine hundred million rows down: every row above it comes back empty.
        (
            ['<row r="900000000"><c r="A900000000" t="s"><v>4</v></c></row>'],
            "more than 200,000 cells (by row 199,997)",
        ),
    ],
    ids=["wide", "deep"],
)
def test_a_sheet_padded_to_millions_of_cells_is_refused(
    tmp_path: Path, run: Run, make_workspace: Callable[..., Path], rows: list[str], expected: str
) -> None:
    path = _xlsx(tmp_path / "padded.xlsx", sheet=_sheet(rows))
    started = time.monotonic()
    line = _refused(run, make_workspace, path)
    assert expected in line and time.monotonic() - started < 20, line


def test_a_sheet_claiming_to_be_huge_is_read_for_what_it_holds(tmp_path: Path) -> None:
    claim = _sheet().replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
    (action,) = plan.read_plan(_xlsx(tmp_path / "claim.xlsx", sheet=claim)).actions
    assert action.id == "ACT-1.1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No.,Action\n1.1," + "x" * 40_000 + "\n", "row 2, column 2 holds 40,000 characters"),
        ("No.,Action\n1.1," + "x" * 200_000 + "\n", "row 2 holds a cell of more than 32,767"),
        ("No.,Action\n" + "1.1,a\n" * 110_000, "more than 200,000 cells (by row 100,001)"),
    ],
    ids=["long-cell", "longer-than-csv-reads", "many-cells"],
)
def test_a_csv_past_the_limits_is_refused(
    tmp_path: Path, run: Run, make_workspace: Callable[..., Path], text: str, expected: str
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(text, encoding="utf-8")
    line = _refused(run, make_workspace, path)
    assert expected in line, line


@pytest.mark.parametrize(
    "content",
    [b"not a zip at all", b"PK\x03\x04" + b"\0" * 40],
    ids=["text", "truncated-zip"],
)
def test_a_file_that_is_not_a_workbook_is_refused_in_one_line(
    tmp_path: Path, run: Run, make_workspace: Callable[..., Path], content: bytes
) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    assert "not a readable .xlsx workbook" in _refused(run, make_workspace, path)


def test_a_shared_string_that_is_not_there_is_refused_in_one_line(
    tmp_path: Path, run: Run, make_workspace: Callable[..., Path]
) -> None:
    path = _xlsx(tmp_path / "plan.xlsx", strings=_strings(STRINGS[:3]))
    assert "not a readable .xlsx workbook" in _refused(run, make_workspace, path)


# -- the data survives ---------------------------------------------------------------------------

VOICE = "Strengthen the voice of children"
NEGLECT = "Tackle neglect earlier"


def _plan(tmp_path: Path, rows: list[list[str]], suffix: str = ".csv") -> Path:
    path = tmp_path / f"plan{suffix}"
    if suffix == ".csv":
        import csv

        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        return path
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
        if sum(1 for c in row if c) == 1 and row[0]:  # a heading merged across the row
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=3
            )
    book.save(path)
    return path


HEADINGS: dict[str, tuple[list[list[str]], str, str]] = {
    "numbered, own row": (
        [
            ["Objective", "No.", "Action"],
            [f"1. {VOICE}", "", ""],
            ["", "1.1", "Hear from children in care."],
            ["", "1.2", "Report what they said."],
            [f"2. {NEGLECT}", "", ""],
            ["", "2.1", "Launch the neglect toolkit."],
        ],
        f"1. {VOICE}",
        f"2. {NEGLECT}",
    ),
    "objective, own row": (
        [
            ["Objective", "No.", "Action"],
            ["Objective 1 (Lead: A. Person)", "", ""],
            [VOICE, "1.1", "Hear from children in care."],
            ["", "1.2", "Report what they said."],
            ["Objective 2 (Lead: B. Person)", "", ""],
            [NEGLECT, "2.1", "Launch the neglect toolkit."],
        ],
        f"Objective 1: {VOICE}",
        f"Objective 2: {NEGLECT}",
    ),
    "priority in the No. column": (
        [
            ["No.", "Action", "By Whom"],
            [f"Priority 1 – {VOICE}", "", ""],
            ["1.1", "Hear from children in care.", "Ann"],
            ["1.2", "Report what they said.", "Ann"],
            [f"Priority 2 – {NEGLECT}", "", ""],
            ["2.1", "Launch the neglect toolkit.", "Bo"],
        ],
        f"Priority 1 – {VOICE}",
        f"Priority 2 – {NEGLECT}",
    ),
    "numbered, in the objective column": (
        [
            ["Objective", "No.", "Action"],
            [f"1. {VOICE}", "1.1", "Hear from children in care."],
            ["", "1.2", "Report what they said."],
            [f"2. {NEGLECT}", "2.1", "Launch the neglect toolkit."],
        ],
        f"1. {VOICE}",
        f"2. {NEGLECT}",
    ),
    "objective in words": (
        [
            ["Objective", "No.", "Action"],
            [f"Objective One: {VOICE}", "", ""],
            ["", "1.1", "Hear from children in care."],
            ["", "1.2", "Report what they said."],
            [f"Objective Two: {NEGLECT}", "", ""],
            ["", "2.1", "Launch the neglect toolkit."],
        ],
        f"Objective One: {VOICE}",
        f"Objective Two: {NEGLECT}",
    ),
}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("shape", list(HEADINGS))
def test_actions_attach_to_the_objective_heading_above_them(
    tmp_path: Path, shape: str, suffix: str
) -> None:
    rows, first, second = HEADINGS[shape]
    read = plan.read_plan(_plan(tmp_path, rows, suffix))
    assert read.skipped == []
    assert {a.number: a.objective for a in read.actions} == {
        "1.1": first,
        "1.2": first,
        "2.1": second,
    }


def test_the_objective_is_written_into_each_action_note(
    tmp_path: Path, run: Run, make_workspace: Callable[..., Path]
) -> None:
    ws = make_workspace()
    path = _plan(tmp_path, HEADINGS["numbered, own row"][0])
    code, _, err = run(ws, "import-plan", str(path), "--date", "2025-01-10")
    assert code == 0, err
    by_id = {p.stem: p.read_text(encoding="utf-8") for p in ws.rglob("*.md")}
    (one,) = [t for name, t in by_id.items() if "act-1-2" in name.lower()]
    (two,) = [t for name, t in by_id.items() if "act-2-1" in name.lower()]
    assert f"objective: 1. {VOICE}" in one and f"objective: 2. {NEGLECT}" in two


WAITS = "Reduce waits to <6 weeks for >90% of referrals"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cell_text_keeps_its_angle_brackets(tmp_path: Path, suffix: str) -> None:
    rows = [
        ["No.", "Action", "By Whom"],
        ["1.1", WAITS, "Health <Designated Nurse>"],
        ["1.2", "Pasted from Word: <b>bold</b> and <i>italic</i><br>next line", "Ann"],
    ]
    one, two = plan.read_plan(_plan(tmp_path, rows, suffix)).actions
    assert one.action == WAITS and one.owner == "Health <Designated Nurse>"
    assert two.action == "Pasted from Word: bold and italic next line"


def test_the_angle_brackets_reach_the_note(
    tmp_path: Path, run: Run, make_workspace: Callable[..., Path]
) -> None:
    ws = make_workspace()
    path = _plan(tmp_path, [["No.", "Action"], ["1.1", WAITS]])
    code, _, err = run(ws, "import-plan", str(path), "--date", "2025-01-10")
    assert code == 0, err
    (note,) = ws.rglob("*.md")
    assert WAITS in note.read_text(encoding="utf-8")
