"""Frameworks: the shipped ones, workspace frameworks that extend them, and their errors."""

from __future__ import annotations

import pytest

from scrutiny import frameworks
from scrutiny.frameworks import FrameworkError
from scrutiny.workspace import Workspace, WorkspaceError

SIX_STEPS = [
    "core-partners",
    "wider-partners",
    "children-families",
    "quality-assurance",
    "case-reviews",
    "training",
]
WORKING_TOGETHER = [
    "safeguarded",
    "collaborate",
    "challenge",
    "early-identification",
    "learning",
    "information-sharing",
]


def local_framework(placement: str) -> str:
    return (
        "id: local-six-steps\n"
        "title: Six steps, with our overall area first\n"
        "extends: six-steps\n"
        "areas:\n"
        "  - id: overall\n"
        "    title: Overall business plan and response to the pandemic\n"
        f"{placement}"
    )


def framework_ws(make_workspace, files: dict[str, str], framework: str = "local-six-steps"):
    ws = make_workspace(framework=framework)
    (ws / "frameworks").mkdir()
    for name, text in files.items():
        (ws / "frameworks" / name).write_text(text, encoding="utf-8")
    return ws


def test_six_steps_has_the_six_areas_in_order():
    framework = frameworks.load("six-steps")
    assert framework.area_ids == SIX_STEPS
    assert framework.title
    for area in framework.areas:
        assert area.title
        assert 4 <= len(area.prompts) <= 8, (area.id, len(area.prompts))
        assert all(p.strip() for p in area.prompts)


def test_working_together_has_its_six_areas():
    framework = frameworks.load("working-together-2018")
    assert framework.area_ids == WORKING_TOGETHER
    assert all(area.title for area in framework.areas)


def test_workspace_default_framework_is_six_steps(make_workspace):
    assert Workspace.open(make_workspace()).framework.area_ids == SIX_STEPS


def test_extending_area_placed_before_the_first(make_workspace, run):
    ws = framework_ws(
        make_workspace, {"local.yaml": local_framework("    before: core-partners\n")}
    )

    framework = Workspace.open(ws).framework

    assert framework.id == "local-six-steps"
    assert framework.area_ids == ["overall", *SIX_STEPS]
    # before/after are placement instructions, not part of the resolved area
    assert framework.area("overall").before is None
    code, out, _ = run(ws, "check")
    assert (code, out) == (0, "")


def test_extending_area_placed_after_the_last(make_workspace):
    ws = framework_ws(make_workspace, {"local.yaml": local_framework("    after: training\n")})
    assert Workspace.open(ws).framework.area_ids == [*SIX_STEPS, "overall"]


def test_extending_area_placed_in_the_middle(make_workspace):
    ws = framework_ws(
        make_workspace, {"local.yaml": local_framework("    after: children-families\n")}
    )
    ids = Workspace.open(ws).framework.area_ids
    assert ids == [*SIX_STEPS[:3], "overall", *SIX_STEPS[3:]]


def test_extending_area_with_no_placement_goes_at_the_end(make_workspace):
    ws = framework_ws(make_workspace, {"local.yml": local_framework("")})
    assert Workspace.open(ws).framework.area_ids == [*SIX_STEPS, "overall"]


def test_notes_can_use_the_local_area(make_workspace, run, write_note):
    ws = framework_ws(
        make_workspace, {"local.yaml": local_framework("    before: core-partners\n")}
    )
    write_note(
        ws,
        "evidence/f.md",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [overall, training]\n---\nB\n",
    )
    code, out, _ = run(ws, "check")
    assert (code, out) == (0, "")


def test_unknown_before_target_is_an_error(make_workspace, run):
    ws = framework_ws(make_workspace, {"local.yaml": local_framework("    before: core-partnrs\n")})

    code, out, err = run(ws, "check")

    assert code == 1
    assert out.startswith("frameworks/local.yaml:"), out
    assert ": error: " in out
    assert "'overall'" in out and "unknown area 'core-partnrs'" in out
    assert "did you mean 'core-partners'?" in out
    assert "Traceback" not in err

    with pytest.raises(WorkspaceError):
        Workspace.open(ws).framework  # noqa: B018


def test_a_broken_framework_stops_other_commands_with_the_problem(make_workspace, run):
    ws = framework_ws(make_workspace, {"local.yaml": local_framework("    after: nowhere\n")})
    code, _out, err = run(ws, "notes")
    assert code == 1
    assert "frameworks/local.yaml" in err and "'nowhere'" in err
    assert "Traceback" not in err


def test_duplicate_area_ids_are_an_error(make_workspace, run):
    text = local_framework("") + "  - id: overall\n    title: Overall again\n"
    ws = framework_ws(make_workspace, {"local.yaml": text})

    code, out, _ = run(ws, "check")

    assert code == 1
    assert out.startswith("frameworks/local.yaml:")
    assert "duplicate area id 'overall'" in out


def test_duplicate_area_id_points_at_the_second_area(make_workspace, run):
    text = local_framework("") + "  - id: overall\n    title: Overall again\n"
    ws = framework_ws(make_workspace, {"local.yaml": text})
    code, out, _ = run(ws, "check")
    assert code == 1
    assert out.startswith("frameworks/local.yaml:7:"), out


def test_duplicate_area_ids_in_a_standalone_framework(tmp_path):
    folder = tmp_path / "fw"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "id: mine\ntitle: Mine\nareas:\n  - id: a\n    title: A\n  - id: a\n    title: A2\n"
    )
    with pytest.raises(FrameworkError, match="duplicate area id 'a'"):
        frameworks.load("mine", folder, tmp_path)


def test_a_workspace_framework_with_a_builtin_id_wins(make_workspace, run, write_note):
    text = (
        "id: six-steps\ntitle: Our own six steps\nareas:\n"
        "  - id: leadership\n    title: Leadership\n    prompts: [Who leads?]\n"
        "  - id: voice\n    title: Voice of the child\n"
    )
    ws = framework_ws(make_workspace, {"six-steps.yaml": text}, framework="six-steps")

    framework = Workspace.open(ws).framework

    assert framework.title == "Our own six steps"
    assert framework.area_ids == ["leadership", "voice"]
    write_note(
        ws,
        "evidence/f.md",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nB\n",
    )
    code, out, _ = run(ws, "check")
    assert code == 1
    assert "unknown area 'training'" in out


def test_extending_can_reword_an_inherited_area_in_place(make_workspace):
    text = (
        "id: local-six-steps\ntitle: Local\nextends: six-steps\nareas:\n"
        "  - id: training\n    title: Multi-agency learning and development\n"
    )
    ws = framework_ws(make_workspace, {"local.yaml": text})
    framework = Workspace.open(ws).framework
    assert framework.area_ids == SIX_STEPS
    assert framework.area("training").title == "Multi-agency learning and development"


def test_unknown_framework_in_settings_says_did_you_mean(make_workspace, run):
    ws = make_workspace(framework="six-step")

    code, out, err = run(ws, "check")

    assert code == 1
    assert out.startswith("scrutiny.toml:"), out
    assert ": error: unknown framework 'six-step' (did you mean 'six-steps'?)" in out
    assert "Traceback" not in err

    code, _, err = run(ws, "notes")
    assert code == 1
    assert "unknown framework 'six-step' (did you mean 'six-steps'?)" in err


def test_unknown_framework_points_at_the_framework_key(make_workspace, run):
    ws = make_workspace(framework="six-step")  # framework is on line 2
    code, out, _ = run(ws, "check")
    assert code == 1
    assert out.startswith("scrutiny.toml:2:1: error: unknown framework 'six-step'"), out


def test_extending_an_unknown_framework(make_workspace, run):
    text = "id: local-six-steps\ntitle: L\nextends: six-stepz\nareas: []\n"
    ws = framework_ws(make_workspace, {"local.yaml": text})
    code, out, _ = run(ws, "check")
    assert code == 1
    assert "frameworks/local.yaml" in out
    assert "unknown framework 'six-stepz' (did you mean 'six-steps'?)" in out


def test_a_framework_that_extends_itself(make_workspace, run):
    a = "id: a\ntitle: A\nextends: b\nareas: []\n"
    b = "id: b\ntitle: B\nextends: a\nareas: []\n"
    ws = framework_ws(make_workspace, {"a.yaml": a, "b.yaml": b}, framework="a")
    code, out, err = run(ws, "check")
    assert code == 1
    assert "extends itself" in out
    assert "Traceback" not in err


def test_a_framework_file_with_an_unknown_key(make_workspace, run):
    text = "id: local-six-steps\ntitle: L\nextends: six-steps\nareaz: []\n"
    ws = framework_ws(make_workspace, {"local.yaml": text})
    code, out, _ = run(ws, "check")
    assert code == 1
    assert out.startswith("frameworks/local.yaml:4:1: error: areaz"), out


def test_a_framework_file_with_bad_yaml(make_workspace, run):
    ws = framework_ws(
        make_workspace,
        {"local.yaml": "id: local-six-steps\ntitle: [unclosed\nextends: six-steps\n"},
        framework="six-steps",
    )
    code, out, _ = run(ws, "check")
    assert code == 1
    assert out.startswith("frameworks/local.yaml:")
    assert "invalid YAML" in out
