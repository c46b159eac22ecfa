"""A Tab on an id is answered before the CLI loads, with the CLI's own answer."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrutiny.cli import app
from scrutiny.completion import item_ids
from scrutiny.launch import quick_answer

NOTE = """\
---
kind: {kind}
id: {id}
date: 2021-01-12
title: {title}
{extra}
---
Text.
"""


def note(kind: str, id: str, title: str, extra: str = "") -> str:
    return NOTE.format(kind=kind, id=id, title=title, extra=extra)


@pytest.fixture
def ws(make_workspace: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SCRUTINY_DATABASE_URL", raising=False)
    monkeypatch.delenv("SCRUTINY_WORKSPACE", raising=False)
    root = make_workspace(
        {
            "evidence/rec.md": note(
                "recommendation", "REC-01", "'Share the cost: fairly'", "areas: [core-partners]"
            ),
            "evidence/risk.md": note(
                "risk", "RISK-01", "'Health \"restructuring\" $now'", "category: strategic"
            ),
            "evidence/act.md": note(
                "activity", "ACT-MEET", "Board", "areas: [core-partners]\nsource: meeting"
            ),
        }
    )
    monkeypatch.chdir(root)
    assert item_ids(root)  # builds the index
    return root


def shell_env(shell: str, line: str, **extra: str) -> dict[str, str]:
    """What each shell's completion script sets for a Tab with the cursor at the end."""
    if shell == "bash":
        words = line.split(" ")
        env = {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env = {"_TYPER_COMPLETE_ARGS": line}
    return {"_SCRUTINY_COMPLETE": f"complete_{shell}", **env, **extra}


def through_cli(env: dict[str, str]) -> tuple[str, int]:
    result = CliRunner().invoke(app, [], prog_name="scrutiny", env=env)
    return result.stdout.removesuffix("\n"), result.exit_code


LINES = ["scrutiny trace ", "scrutiny respond RI", "scrutiny trace rec", "scrutiny trace ZZZ"]
SHELLS = [
    ("bash", {}),
    ("zsh", {}),
    ("fish", {"_TYPER_COMPLETE_FISH_ACTION": "get-args"}),
    ("fish", {"_TYPER_COMPLETE_FISH_ACTION": "is-args"}),
]


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize(("shell", "extra"), SHELLS)
def test_the_quick_answer_is_the_clis(
    ws: Path, shell: str, extra: dict[str, str], line: str
) -> None:
    env = shell_env(shell, line, **extra)
    quick = quick_answer(env)
    assert quick is not None, "answered by the CLI, not the quick path"
    text, status = quick
    expected, code = through_cli(env)
    assert (text or "", status) == (expected, code)


def test_what_bash_is_offered(ws: Path) -> None:
    assert quick_answer(shell_env("bash", "scrutiny trace ")) == ("REC-01\nRISK-01", 0)
    assert quick_answer(shell_env("bash", "scrutiny respond RI")) == ("RISK-01", 0)
    assert quick_answer(shell_env("bash", "scrutiny respond ri")) == ("", 0)  # as Typer
    zsh = quick_answer(shell_env("zsh", "scrutiny trace RI"))
    assert zsh == (
        r"""_arguments '*: :(("RISK-01":"risk\\: Health ""restructuring"" \$now"))'""",
        0,
    )


@pytest.mark.parametrize(
    "line",
    [
        "scrutiny recs ",  # not an id argument
        "scrutiny trace REC-01 --format ",  # an option's value
        "scrutiny trace --",  # an option
        "scrutiny -w . trace ",  # a global option first
    ],
)
def test_anything_else_is_left_to_the_cli(ws: Path, line: str) -> None:
    assert quick_answer(shell_env("bash", line)) is None


def test_a_changed_file_sends_the_tab_to_the_cli_which_brings_the_index_up_to_date(
    ws: Path,
) -> None:
    (ws / "evidence" / "rec2.md").write_text(
        note("recommendation", "REC-02", "Another", "areas: [core-partners]"), encoding="utf-8"
    )
    env = shell_env("bash", "scrutiny trace REC")
    assert quick_answer(env) is None
    assert through_cli(env) == ("REC-01\nREC-02", 0)
    # Refreshed a moment ago, so REC-02's file is "racily clean": compared by its content.
    assert quick_answer(env) == ("REC-01\nREC-02", 0)
    target = ws / "evidence" / "rec2.md"
    before = target.stat()
    target.write_text(note("recommendation", "REC-03", "Another", "areas: [core-partners]"))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size
    assert quick_answer(env) is None  # same size, same time; the content differs


def test_no_index_a_server_or_no_workspace_goes_to_the_cli(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = shell_env("bash", "scrutiny trace ")
    assert quick_answer({**env, "SCRUTINY_DATABASE_URL": "postgresql://x/y"}) is None
    monkeypatch.chdir(tmp_path)
    assert quick_answer(env) is None
    assert quick_answer({**env, "SCRUTINY_WORKSPACE": str(ws)}) == ("REC-01\nRISK-01", 0)
    (ws / ".scrutiny" / "index.db").unlink()
    assert quick_answer({**env, "SCRUTINY_WORKSPACE": str(ws)}) is None


def test_the_installed_command_answers_without_loading_the_cli(ws: Path) -> None:
    code = (
        "import sys\n"
        "from scrutiny import launch\n"
        "try:\n"
        "    launch.main()\n"
        "finally:\n"
        "    loaded = [m for m in ('typer', 'pydantic', 'scrutiny.notes') if m in sys.modules]\n"
        "    print('loaded:', loaded, file=sys.stderr)\n"
    )
    env = {**os.environ, **shell_env("bash", "scrutiny trace R")}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ws, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["REC-01", "RISK-01"]
    assert "loaded: []" in done.stderr
