"""`scrutiny new`, `scrutiny init` and `scrutiny demo`: writing files, never over the user's."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from pathlib import Path

import pytest

from scrutiny import capture, corpus
from scrutiny.cli.setup import demo_source
from scrutiny.reader import parse_text
from scrutiny.workspace import Workspace

REC_03 = """\
---
kind: recommendation
id: REC-03
date: 2021-01-12
title: Share the cost of the business unit fairly
areas: [core-partners]
---
The partners should agree a funding formula.
"""


def evidence_files(ws: Path) -> dict[str, bytes]:
    return {
        p.relative_to(ws).as_posix(): p.read_bytes()
        for p in sorted((ws / "evidence").rglob("*"))
        if p.is_file()
    }


def new_recommendation(run, ws, *extra):
    return run(
        ws,
        "new",
        "recommendation",
        "--title",
        "Improve uptake of multi-agency training",
        "--area",
        "training",
        "--date",
        "2021-03-01",
        "--body",
        "-",
        *extra,
        input="Text\n",
    )


def test_rendered_notes_parse_back():
    text = capture.render(
        {
            "kind": "recommendation",
            "id": "REC-01",
            "date": dt.date(2021, 3, 1),
            "title": "Improve uptake",
            "areas": ["training"],
        },
        "Text",
    )
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.problems == []
    assert text.startswith("---\nkind: recommendation\nid: REC-01\n")


def test_next_id():
    assert capture.next_id("recommendation", []) == "REC-01"
    assert capture.next_id("recommendation", ["REC-01", "REC-03", "RISK-09"]) == "REC-04"
    assert capture.next_id("risk", ["RISK-009"]) == "RISK-010"
    assert capture.next_id("action", ["ACT-99"]) == "ACT-100"


def test_slugify():
    assert capture.slugify("Café: the *best* visit!") == "cafe-the-best-visit"
    assert capture.slugify("!!!") == "note"


def test_new_recommendation_from_stdin(make_workspace, run):
    ws = make_workspace()

    code, out, err = new_recommendation(run, ws)

    assert code == 0, err
    rel = out.strip()
    assert "\n" not in rel
    assert not Path(rel).is_absolute()
    assert rel.startswith("evidence/2020-21/") and rel.endswith(".md")
    text = (ws / rel).read_text(encoding="utf-8")
    assert "id: REC-01" in text.splitlines()
    assert "Text" in text
    loaded = corpus.load(Workspace.open(ws))
    note = loaded.by_id["REC-01"]
    assert note.title == "Improve uptake of multi-agency training"
    assert note.areas == ["training"]
    assert note.date == dt.date(2021, 3, 1)
    assert note.body == "Text"
    assert run(ws, "check")[:2] == (0, "")


def test_new_recommendation_takes_the_next_free_id(make_workspace, run):
    ws = make_workspace({"evidence/rec-03.md": REC_03})

    code, out, err = new_recommendation(run, ws)

    assert code == 0, err
    text = (ws / out.strip()).read_text(encoding="utf-8")
    assert "id: REC-04" in text.splitlines()
    assert run(ws, "check")[:2] == (0, "")


def test_running_new_twice_writes_a_second_file(make_workspace, run):
    ws = make_workspace()
    code, first_out, _ = new_recommendation(run, ws)
    assert code == 0
    first = ws / first_out.strip()
    first_bytes = first.read_bytes()
    first_mtime = first.stat().st_mtime_ns

    code, second_out, _ = new_recommendation(run, ws)

    assert code == 0
    second = ws / second_out.strip()
    assert second != first
    assert second.is_file()
    assert first.read_bytes() == first_bytes
    assert first.stat().st_mtime_ns == first_mtime
    assert "id: REC-02" in second.read_text(encoding="utf-8").splitlines()
    assert run(ws, "check")[:2] == (0, "")


def test_same_title_and_date_gets_a_new_file_name(make_workspace, run):
    ws = make_workspace()
    args = ("new", "finding", "--title", "Same", "--area", "training", "--date", "2021-03-01")
    code1, out1, _ = run(ws, *args, "--body", "First")
    code2, out2, _ = run(ws, *args, "--body", "Second")
    assert (code1, code2) == (0, 0)
    assert out1 != out2
    assert "First" in (ws / out1.strip()).read_text()
    assert "Second" in (ws / out2.strip()).read_text()


def test_new_with_an_id_that_is_taken_writes_nothing(make_workspace, run):
    ws = make_workspace({"evidence/rec-03.md": REC_03})
    before = evidence_files(ws)

    code, out, err = new_recommendation(run, ws, "--id", "REC-03")

    assert code == 1
    assert out == ""
    assert "duplicate id 'REC-03'" in err
    assert "nothing was written" in err
    assert evidence_files(ws) == before


def test_new_activity_without_source_fails_and_writes_nothing(make_workspace, run):
    ws = make_workspace()

    code, out, err = run(
        ws, "new", "activity", "--title", "Board meeting", "--area", "core-partners"
    )

    assert code == 1
    assert out == ""
    assert "--source" in err
    assert "Traceback" not in err
    assert evidence_files(ws) == {}


def test_new_finding_with_a_misspelt_area_suggests_the_right_one(make_workspace, run):
    ws = make_workspace()

    code, out, err = run(ws, "new", "finding", "--title", "Audit", "--area", "qualty")

    assert code == 1
    assert out == ""
    assert "--area" in err
    assert "did you mean 'quality-assurance'?" in err
    assert evidence_files(ws) == {}


def test_new_finding_with_a_misspelt_area_writes_nothing(make_workspace, run):
    ws = make_workspace()
    code, _out, err = run(ws, "new", "finding", "--title", "Audit", "--area", "quality")
    assert code == 1
    assert "--area" in err and "unknown area 'quality'" in err
    assert "did you mean 'quality-assurance'?" in err
    assert evidence_files(ws) == {}


def test_new_with_an_unknown_kind(make_workspace, run):
    ws = make_workspace()
    code, _out, err = run(ws, "new", "findng", "--title", "T", "--area", "training")
    assert code == 1
    assert "unknown kind 'findng' (did you mean 'finding'?)" in err
    assert evidence_files(ws) == {}


def test_new_with_a_bad_date_is_a_usage_error(make_workspace, run):
    ws = make_workspace()
    code, _, err = run(
        ws, "new", "finding", "--title", "T", "--area", "training", "--date", "2021-02-30"
    )
    assert code == 2
    assert "--date" in err
    assert evidence_files(ws) == {}


def test_new_without_a_date_uses_today(make_workspace, run):
    ws = make_workspace()
    code, out, _ = run(
        ws, "new", "finding", "--title", "Today", "--area", "training", "--body", "Found."
    )
    assert code == 0
    today = dt.date.today()
    label = Workspace.open(ws).period_of(today).label
    assert out.strip().startswith(f"evidence/{label}/{today.isoformat()}-")
    assert run(ws, "check")[:2] == (0, "")


def test_new_with_edit_runs_the_editor(make_workspace, run, tmp_path):
    ws = make_workspace()
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Appended by the editor.\\n" >> "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)

    code, out, err = run(
        ws,
        "new",
        "finding",
        "--title",
        "Edited finding",
        "--area",
        "training",
        "--date",
        "2021-03-02",
        "--edit",
        env={"EDITOR": str(editor), "VISUAL": None},
    )

    assert code == 0, err
    path = ws / out.strip()
    assert "Appended by the editor." in path.read_text(encoding="utf-8")
    loaded = corpus.load(Workspace.open(ws))
    assert loaded.problems == []
    assert "Appended by the editor." in loaded.notes[0].body
    assert err == ""  # no problems to report after editing


def test_new_with_edit_writes_the_file_before_opening_the_editor(make_workspace, run, tmp_path):
    """Whatever the template looks like, the editor receives an existing file to edit."""
    ws = make_workspace()
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\ntest -f "$1" && cp "$1" "{seen}"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)

    run(
        ws,
        "new",
        "finding",
        "--title",
        "Edited",
        "--area",
        "training",
        "--date",
        "2021-03-02",
        "--edit",
        env={"EDITOR": str(editor), "VISUAL": None},
    )

    assert seen.is_file()
    assert "title: Edited" in seen.read_text()


# -- init ---------------------------------------------------------------------------------


def test_init_creates_a_workspace(run, tmp_path):
    target = tmp_path / "northfield"

    code, _out, err = run(None, "init", str(target), "--name", "Northfield SCP")

    assert code == 0, err
    assert (target / "scrutiny.toml").is_file()
    assert (target / "evidence").is_dir()
    assert ".scrutiny" in (target / ".gitignore").read_text()
    workspace = Workspace.open(target)
    assert workspace.settings.name == "Northfield SCP"
    assert workspace.settings.framework == "six-steps"
    assert workspace.start_month == 10
    assert run(target, "check")[:2] == (0, "")


def test_init_refuses_a_second_time_without_touching_the_file(run, tmp_path):
    target = tmp_path / "northfield"
    assert run(None, "init", str(target), "--name", "First")[0] == 0
    settings = target / "scrutiny.toml"
    before = settings.read_bytes()
    mtime = settings.stat().st_mtime_ns

    code, _out, err = run(None, "init", str(target), "--name", "Second")

    assert code == 1
    assert "already" in err
    assert "Traceback" not in err
    assert settings.read_bytes() == before
    assert settings.stat().st_mtime_ns == mtime
    assert Workspace.open(target).settings.name == "First"


def test_init_keeps_an_existing_gitignore(run, tmp_path):
    target = tmp_path / "ws"
    target.mkdir()
    (target / ".gitignore").write_text("*.docx\n")
    assert run(None, "init", str(target), "--name", "N")[0] == 0
    assert (target / ".gitignore").read_text() == "*.docx\n"


def test_init_quotes_a_name_safely(run, tmp_path):
    target = tmp_path / "ws"
    name = 'Saint "Anne\'s" \\ Partnership'
    assert run(None, "init", str(target), "--name", name)[0] == 0
    assert Workspace.open(target).settings.name == name


def test_init_without_a_tty_asks_nothing_and_names_from_the_folder(run, tmp_path):
    target = tmp_path / "south-town"
    code, _, err = run(None, "init", str(target))
    assert code == 0, err
    assert Workspace.open(target).settings.name == "South Town Safeguarding Children Partnership"


def test_init_with_a_start_month(run, tmp_path):
    target = tmp_path / "ws"
    assert run(None, "init", str(target), "--name", "N", "--start-month", "4")[0] == 0
    assert Workspace.open(target).start_month == 4
    code, _, _ = run(None, "init", str(tmp_path / "other"), "--name", "N", "--start-month", "13")
    assert code == 2


# -- demo ---------------------------------------------------------------------------------


def test_demo_copies_the_demo_workspace(run, tmp_path):
    target = tmp_path / "demo"

    code, _out, err = run(None, "demo", str(target), "--no-open")

    assert code == 0, err
    assert (target / "scrutiny.toml").is_file()
    assert Workspace.open(target).settings.name
    source_notes = sorted((demo_source() / "evidence").rglob("*.md"))
    if not source_notes:
        pytest.skip("the repository's evidence/ has no demo notes yet")
    copied = sorted((target / "evidence").rglob("*.md"))
    assert len(copied) == len(source_notes)
    assert run(target, "check")[0] == 0


def test_demo_refuses_a_non_empty_folder(run, tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "mine.txt").write_text("my own file")

    code, _out, err = run(None, "demo", str(target), "--no-open")

    assert code == 1
    assert "not empty" in err
    assert sorted(os.listdir(target)) == ["mine.txt"]
    assert (target / "mine.txt").read_text() == "my own file"


def test_demo_into_an_existing_empty_folder(run, tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    code, _, err = run(None, "demo", str(target), "--no-open")
    assert code == 0, err
    assert (target / "scrutiny.toml").is_file()


def test_library_problems_name_fields_not_command_line_flags(tmp_path: Path) -> None:
    """Both front ends show these: the CLI maps the field to its option, a form to its widget."""
    root = tmp_path / "demo"
    shutil.copytree(demo_source() / "evidence", root / "evidence")
    shutil.copy(demo_source() / "scrutiny.toml", root / "scrutiny.toml")
    loaded = corpus.load(Workspace.open(root))
    cases = [
        (dict(status="mitigatd"), "status"),
        (dict(status="accepted", due=dt.date(2027, 1, 1)), "due"),
    ]
    for kwargs, field in cases:
        with pytest.raises(capture.CaptureError) as caught:
            capture.write_response(loaded, "REC-03", **kwargs)  # type: ignore[arg-type]
        (problem,) = caught.value.problems
        assert problem.field == field
        assert "--" not in problem.message
    with pytest.raises(capture.CaptureError) as caught:
        capture.write_note(loaded, "finding", {"title": "T", "areas": ["nowhere"]}, "Body.")
    assert [p.field for p in caught.value.problems] == ["areas"]
