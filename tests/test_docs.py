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


def test_the_layout_section_names_every_module_and_package() -> None:
    layout = README.split("## Layout of the code", 1)[1]
    package = REPO / "scrutiny"
    for path in sorted(package.iterdir()):
        if path.name.startswith(("_", ".")) or path.name == "py.typed":
            continue
        name = f"{path.name}/" if path.is_dir() else path.name
        assert name in layout, f"{name} is not in the README's layout"
    for sub in ("store", "plan", "imports", "cli"):
        for path in sorted((package / sub).glob("*.py")):
            if not path.stem.startswith("__"):
                assert path.stem in layout, f"{sub}/{path.name} is not in the README's layout"


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(REPO)): n
        for p in (REPO / "scrutiny").rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > 400
    }
    assert not long, long
