"""Shell completion: commands, options, area ids and item ids, quick and never failing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrutiny.cli import app
from scrutiny.completion import area_ids, item_ids

REC = """\
---
kind: recommendation
id: REC-01
date: 2021-01-12
title: Share the cost of the business unit fairly
areas: [core-partners]
---
Text.
"""
RISK = """\
---
kind: risk
id: RISK-01
date: 2021-01-13
title: Health restructuring
category: strategic
---
Text.
"""
ACTIVITY = """\
---
kind: activity
date: 2021-01-10
title: Board
areas: [core-partners]
source: meeting
---
Text.
"""


@pytest.fixture
def ws(make_workspace: Callable[..., Path]) -> Path:
    return make_workspace(
        {"evidence/rec.md": REC, "evidence/risk.md": RISK, "evidence/act.md": ACTIVITY}
    )


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCRUTINY_DATABASE_URL", raising=False)
    monkeypatch.delenv("SCRUTINY_WORKSPACE", raising=False)


def complete(words: str, cwd: Path | None = None, **env: str) -> list[str]:
    """What bash completion offers for ``words`` (the cursor at the last word)."""
    parts = words.split(" ")
    result = CliRunner().invoke(
        app,
        [],
        prog_name="scrutiny",
        env={
            "_SCRUTINY_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **env,
        },
    )
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[-1] for line in result.stdout.splitlines() if line]


# -- the library functions -----------------------------------------------------------------------


def test_area_ids_come_from_the_workspace_framework(ws: Path) -> None:
    assert [a for a, _ in area_ids(ws)] == [
        "core-partners",
        "wider-partners",
        "children-families",
        "quality-assurance",
        "case-reviews",
        "training",
    ]
    assert [a for a, _ in area_ids(ws, "c")] == [
        "core-partners",
        "children-families",
        "case-reviews",
    ]


def test_item_ids_come_from_the_index(ws: Path) -> None:
    assert item_ids(ws) == [
        ("REC-01", "recommendation: Share the cost of the business unit fairly"),
        ("RISK-01", "risk: Health restructuring"),
    ]
    assert [i for i, _ in item_ids(ws, None, "ri")] == ["RISK-01"]
    assert (ws / ".scrutiny" / "index.db").is_file()


def test_outside_a_workspace_nothing_is_offered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert area_ids(None) == []
    assert item_ids(None) == []
    assert item_ids(tmp_path / "missing") == []


def test_a_broken_workspace_or_database_offers_nothing(ws: Path) -> None:
    (ws / "scrutiny.toml").write_text("framework = [\n")
    assert area_ids(ws) == []
    assert item_ids(ws) == []
    assert item_ids(ws.parent, "nosuchdb://x") == []


# -- through the shell protocol ------------------------------------------------------------------


def test_commands_and_options_complete(ws: Path) -> None:
    commands = complete("scrutiny ")
    for name in ("import-plan", "export", "trace", "respond", "recs", "report"):
        assert name in commands
    assert complete("scrutiny imp") == ["import-plan", "import-report"]
    assert "--area" in complete("scrutiny recs --")
    assert "--dry-run" in complete("scrutiny import-plan --")
    assert complete("scrutiny export ") == ["recs", "risks", "actions"]


def test_area_option_completes_area_ids(ws: Path) -> None:
    assert complete(f"scrutiny -w {ws} recs --area c") == [
        "core-partners",
        "children-families",
        "case-reviews",
    ]
    assert "training" in complete(f"scrutiny -w {ws} notes -a ")


def test_id_arguments_complete_item_ids(ws: Path) -> None:
    assert complete(f"scrutiny -w {ws} trace ") == ["REC-01", "RISK-01"]
    assert complete(f"scrutiny -w {ws} respond RI") == ["RISK-01"]
    assert complete("scrutiny trace R", SCRUTINY_WORKSPACE=str(ws)) == ["REC-01", "RISK-01"]


def test_outside_a_workspace_the_shell_gets_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert complete("scrutiny trace ") == []
    assert complete("scrutiny recs --area ") == []


def test_completion_in_a_real_process(ws: Path) -> None:
    env = {
        **os.environ,
        "_SCRUTINY_COMPLETE": "complete_bash",
        "COMP_WORDS": "scrutiny trace REC",
        "COMP_CWORD": "2",
    }
    env.pop("SCRUTINY_WORKSPACE", None)
    code = "from scrutiny.cli import app; app(prog_name='scrutiny')"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ws, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["REC-01"]
    assert done.stderr == ""


def test_enumerated_options_complete_their_choices(ws: Path) -> None:
    assert complete("scrutiny recs --status i") == ["in-progress", "implemented"]
    assert complete("scrutiny risks --category ") == ["strategic", "operational"]
    assert complete("scrutiny risks --status m") == ["monitoring", "mitigated"]
    assert complete("scrutiny notes --kind r") == ["recommendation", "risk", "response", "review"]
    assert complete("scrutiny respond REC-01 --status not") == ["not-accepted"]
    assert complete("scrutiny new activity --source me") == ["meeting"]
    assert complete("scrutiny new finding --judgement ") == [
        "strength",
        "concern",
        "mixed",
        "neutral",
    ]
    assert complete("scrutiny new finding --lens p") == ["practitioners"]
    assert complete("scrutiny new recommendation --for ") == ["partnership", "scrutiny"]
    assert complete("scrutiny new ") == [
        "activity",
        "finding",
        "recommendation",
        "risk",
        "response",
        "action",
        "priority",
        "review",
        "voice",
    ]


def test_respond_completes_the_options_it_shares_with_new(ws: Path) -> None:
    assert complete("scrutiny respond REC-01 --lens p") == ["practitioners"]
    assert complete("scrutiny respond REC-01 -l ") == complete("scrutiny new response --lens ")
    assert complete(f"scrutiny -w {ws} respond REC-01 --area c") == [
        "core-partners",
        "children-families",
        "case-reviews",
    ]
    options = complete("scrutiny respond REC-01 --")
    for option in ("--lens", "--evidence", "--priorities", "--partnership", "--restricted"):
        assert option in options


def test_item_ids_on_an_up_to_date_index_need_no_sqlalchemy(ws: Path) -> None:
    # Each Tab is a new process: SQLAlchemy alone took longer to import than a Tab may.
    assert item_ids(ws)  # builds the index
    code = (
        "import sys; from pathlib import Path; from scrutiny.completion import item_ids\n"
        "ids = [i for i, _ in item_ids(Path(sys.argv[1]))]\n"
        "assert ids == ['REC-01', 'RISK-01'], ids\n"
        "assert 'sqlalchemy' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ws)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
