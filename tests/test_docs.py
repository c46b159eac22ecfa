"""The README documents what the program has: every command, and the layout of the code."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from scrutiny.cli import app

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text("utf-8")


def test_every_command_is_in_the_readme_commands_table() -> None:
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    group = typer.main.get_group(app)
    names = sorted(group.commands)
    assert names, "no commands registered"
    for name in names:
        assert re.search(rf"`scrutiny {re.escape(name)}\b", table), f"{name} is not documented"
