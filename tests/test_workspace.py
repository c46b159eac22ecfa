"""Finding a workspace and reading scrutiny.toml."""

from __future__ import annotations

import json

import pytest

from scrutiny.workspace import Workspace, WorkspaceError, find_root, load_settings

FINDING = "---\nkind: finding\ndate: 2021-01-10\ntitle: {title}\nareas: [training]\n---\nB\n"


def listed_titles(stdout: str) -> list[str]:
    return [row["title"] for row in json.loads(stdout)]


# -- discovery --------------------------------------------------------------------------------


def test_discovery_walks_up_from_a_nested_folder(make_workspace, monkeypatch):
    ws = make_workspace({"evidence/2021/deep/f.md": FINDING.format(title="Deep")})
    nested = ws / "evidence" / "2021" / "deep"
    monkeypatch.delenv("SCRUTINY_WORKSPACE", raising=False)

    assert find_root(nested) == ws.resolve()
    assert Workspace.open(start=nested).root == ws.resolve()


def test_cli_discovers_the_workspace_from_a_nested_folder(make_workspace, run, monkeypatch):
    ws = make_workspace({"evidence/2021/deep/f.md": FINDING.format(title="Deep")})
    monkeypatch.chdir(ws / "evidence" / "2021" / "deep")

    code, out, err = run(None, "notes", "--all", "--format", "json")

    assert code == 0, err
    assert listed_titles(out) == ["Deep"]
    assert json.loads(out)[0]["path"] == "evidence/2021/deep/f.md"


def test_the_nearest_workspace_wins(make_workspace, run, monkeypatch):
    outer = make_workspace({"evidence/f.md": FINDING.format(title="Outer")}, folder="outer")
    inner = outer / "projects" / "inner"
    inner.mkdir(parents=True)
    (inner / "scrutiny.toml").write_text('name = "Inner"\n')
    (inner / "evidence").mkdir()
    (inner / "evidence" / "f.md").write_text(FINDING.format(title="Inner"))
    monkeypatch.chdir(inner / "evidence")

    code, out, _ = run(None, "notes", "--all", "--format", "json")

    assert code == 0
    assert listed_titles(out) == ["Inner"]


def test_workspace_option_overrides_the_current_folder(make_workspace, run, monkeypatch):
    here = make_workspace({"evidence/f.md": FINDING.format(title="Here")})
    there = make_workspace({"evidence/f.md": FINDING.format(title="There")})
    monkeypatch.chdir(here)

    code, out, _ = run(there, "notes", "--all", "--format", "json")

    assert code == 0
    assert listed_titles(out) == ["There"]


def test_environment_variable_overrides_the_current_folder(make_workspace, run, monkeypatch):
    here = make_workspace({"evidence/f.md": FINDING.format(title="Here")})
    there = make_workspace({"evidence/f.md": FINDING.format(title="There")})
    monkeypatch.chdir(here)

    code, out, _ = run(
        None, "notes", "--all", "--format", "json", env={"SCRUTINY_WORKSPACE": str(there)}
    )

    assert code == 0
    assert listed_titles(out) == ["There"]


def test_workspace_option_beats_the_environment_variable(make_workspace, run, monkeypatch):
    env_ws = make_workspace({"evidence/f.md": FINDING.format(title="Env")})
    option_ws = make_workspace({"evidence/f.md": FINDING.format(title="Option")})
    monkeypatch.chdir(env_ws)

    code, out, _ = run(
        option_ws, "notes", "--all", "--format", "json", env={"SCRUTINY_WORKSPACE": str(env_ws)}
    )

    assert code == 0
    assert listed_titles(out) == ["Option"]


def test_library_reads_the_environment_variable(make_workspace, tmp_path, monkeypatch):
    ws = make_workspace()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("SCRUTINY_WORKSPACE", str(ws))
    assert find_root(elsewhere) == ws.resolve()
    # An explicit folder still wins over the environment.
    other = make_workspace()
    assert find_root(elsewhere, other) == other.resolve()


def test_outside_any_workspace_says_what_to_do(run, tmp_path, monkeypatch):
    empty = tmp_path / "nowhere"
    empty.mkdir()
    monkeypatch.chdir(empty)

    code, out, err = run(None, "notes")

    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "scrutiny init" in lines[0] and "scrutiny demo" in lines[0]
    assert "Traceback" not in err


def test_outside_any_workspace_check_says_the_same(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(None, "check")
    assert code == 1
    assert "scrutiny init" in err and "Traceback" not in err


def test_workspace_option_to_a_folder_that_is_not_a_workspace(run, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()

    code, _, err = run(folder, "notes")

    assert code == 1
    assert "not a scrutiny workspace" in err
    assert "scrutiny init" in err
    assert "Traceback" not in err


def test_library_outside_a_workspace_raises_workspace_error(tmp_path, monkeypatch):
    monkeypatch.delenv("SCRUTINY_WORKSPACE", raising=False)
    with pytest.raises(WorkspaceError, match="scrutiny init"):
        find_root(tmp_path)


# -- settings ---------------------------------------------------------------------------------


def settings_ws(make_workspace, text):
    return make_workspace(settings=text)


@pytest.mark.parametrize("command", [("check",), ("notes",)])
def test_unknown_setting_with_did_you_mean(make_workspace, run, command):
    ws = settings_ws(
        make_workspace,
        '# Our partnership\nnmae = "Northfield"\nframework = "six-steps"\nperiod_start_month = 10\n',
    )

    code, out, err = run(ws, *command)

    assert code == 1
    assert "scrutiny.toml:2:1: error: unknown setting 'nmae' (did you mean 'name'?)" in out + err
    assert "Traceback" not in err


def test_unknown_report_setting(make_workspace, run):
    ws = settings_ws(
        make_workspace,
        'name = "N"\n\n[report]\ncommentary_section = 6\nrisk_section = 7\n',
    )
    code, out, _ = run(ws, "check")
    assert code == 1
    assert "scrutiny.toml:5:1: error: unknown setting 'report.risk_section'" in out
    assert "did you mean 'risks_section'?" in out


def test_period_start_month_out_of_range(make_workspace, run):
    ws = settings_ws(
        make_workspace, 'name = "N"\nframework = "six-steps"\nperiod_start_month = 13\n'
    )

    code, out, _ = run(ws, "check")

    assert code == 1
    assert out.startswith("scrutiny.toml:3:1: error: period_start_month"), out
    assert "1 to 12" in out and "13" in out


def test_period_start_month_zero(make_workspace):
    ws = settings_ws(make_workspace, 'name = "N"\nperiod_start_month = 0\n')
    with pytest.raises(WorkspaceError) as info:
        load_settings(ws / "scrutiny.toml")
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == ("scrutiny.toml", 2)
    assert "period_start_month" in problem.message


def test_missing_name(make_workspace, run):
    ws = settings_ws(make_workspace, 'framework = "six-steps"\nperiod_start_month = 10\n')

    code, out, _ = run(ws, "check")

    assert code == 1
    assert out.startswith("scrutiny.toml:1:1: error: missing setting 'name'"), out


def test_empty_name(make_workspace, run):
    ws = settings_ws(make_workspace, 'framework = "six-steps"\nname = ""\n')
    code, out, _ = run(ws, "check")
    assert code == 1
    assert out.startswith("scrutiny.toml:2:1: error: name"), out


def test_invalid_toml_is_one_problem_not_a_traceback(make_workspace, run):
    ws = settings_ws(make_workspace, 'name = "N"\nframework = six-steps\n')

    code, out, err = run(ws, "check")

    assert code == 1
    assert out.startswith("scrutiny.toml:"), out
    assert ": error: invalid TOML" in out
    assert "Traceback" not in err


def test_invalid_toml_points_at_its_line(make_workspace, run):
    ws = settings_ws(make_workspace, 'name = "N"\nframework = six-steps\n')
    code, out, _ = run(ws, "check")
    assert code == 1
    assert out.startswith("scrutiny.toml:2:"), out


def test_all_settings_problems_are_reported_together(make_workspace, run):
    ws = settings_ws(make_workspace, 'nmae = "N"\nperiod_start_month = 13\n')
    code, out, _ = run(ws, "check")
    assert code == 1
    assert "unknown setting 'nmae'" in out
    assert "missing setting 'name'" in out
    assert "period_start_month" in out


def test_settings_defaults(make_workspace):
    ws = settings_ws(make_workspace, 'name = "Northfield"\n')
    workspace = Workspace.open(ws)
    assert workspace.settings.framework == "six-steps"
    assert workspace.start_month == 10
    assert workspace.settings.report.commentary_section == 6
    assert workspace.settings.report.risks_section == 7
    assert workspace.settings.partnerships == {}


def test_partnerships_are_read(make_workspace):
    ws = make_workspace(partnerships={"northfield": "Northfield SCP", "southby": "Southby SCP"})
    workspace = Workspace.open(ws)
    assert workspace.settings.partnerships == {
        "northfield": "Northfield SCP",
        "southby": "Southby SCP",
    }


def test_unknown_partnership_in_a_note(make_workspace, run):
    note = (
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\n"
        "partnership: northfeld\n---\nB\n"
    )
    ws = make_workspace({"evidence/f.md": note}, partnerships={"northfield": "Northfield SCP"})
    code, out, _ = run(ws, "check")
    assert code == 1
    assert out.startswith("evidence/f.md:6:14: error: unknown partnership 'northfeld'"), out
    assert "did you mean 'northfield'?" in out


def test_bom_in_settings_is_accepted(make_workspace):
    ws = make_workspace()
    (ws / "scrutiny.toml").write_bytes(b'\xef\xbb\xbfname = "N"\r\nperiod_start_month = 4\r\n')
    workspace = Workspace.open(ws)
    assert (workspace.settings.name, workspace.start_month) == ("N", 4)


def test_note_files_skip_hidden_and_editor_files(make_workspace):
    ws = make_workspace(
        {
            "evidence/a.md": FINDING.format(title="A"),
            "evidence/sub/b.md": FINDING.format(title="B"),
            "evidence/.hidden/c.md": FINDING.format(title="C"),
            "evidence/.d.md": FINDING.format(title="D"),
            "evidence/#e.md#": FINDING.format(title="E"),
            "evidence/~f.md": FINDING.format(title="F"),
            "evidence/notes.txt": "not a note",
        }
    )
    workspace = Workspace.open(ws)
    assert [workspace.relative(p) for p in workspace.note_files()] == [
        "evidence/a.md",
        "evidence/sub/b.md",
    ]


def test_note_files_are_depth_first_with_folders_where_their_names_sort(make_workspace):
    ws = make_workspace(
        {
            f"evidence/{rel}": FINDING.format(title=rel)
            for rel in ("a.md", "b/x.md", "b/y/z.md", "b/zz.md", "c.md", "d/e.md")
        }
    )
    workspace = Workspace.open(ws)
    assert [rel for _path, rel, _size, _mtime in workspace.note_stats()] == [
        "evidence/a.md",
        "evidence/b/x.md",
        "evidence/b/y/z.md",
        "evidence/b/zz.md",
        "evidence/c.md",
        "evidence/d/e.md",
    ]


def test_walking_the_notes_leaves_no_cycle_for_the_collector(make_workspace):
    # The TUI walks every second: a reference cycle would keep each walk's list alive
    # until a full collection, and its memory would grow while nobody touches it.
    import gc

    ws = make_workspace({"evidence/a.md": FINDING.format(title="A"), "evidence/s/b.md": FINDING})
    workspace = Workspace.open(ws)
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            workspace.note_stats()
        assert gc.collect() == 0
    finally:
        gc.enable()
