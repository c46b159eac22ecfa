"""Core never imports the UI (SPEC §2.4): checked in a fresh interpreter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import scrutiny, scrutiny.cli, scrutiny.corpus, scrutiny.checks
    import scrutiny.notes, scrutiny.workspace, scrutiny.frameworks, scrutiny.periods
    import scrutiny.capture, scrutiny.problems, scrutiny.yamlfile

    ws = Path(sys.argv[1])
    code = None
    for args in (["check"], ["check", "--format", "json"], ["notes", "--all"]):
        try:
            scrutiny.cli.app(["-w", str(ws), *args], standalone_mode=False)
        except SystemExit as exc:
            code = exc.code
    from scrutiny import corpus
    from scrutiny.workspace import Workspace
    loaded = corpus.load(Workspace.open(ws))
    assert len(loaded.notes) == 1, loaded.problems

    bad = sorted(
        name for name in sys.modules
        if name == "textual" or name.startswith("textual.")
        or name == "scrutiny.tui" or name.startswith("scrutiny.tui.")
    )
    print("OFFENDING:" + ",".join(bad))
    """
)


def test_core_and_cli_commands_do_not_import_the_ui(make_workspace):
    ws = make_workspace(
        {
            "evidence/f.md": (
                "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nB\n"
            ),
            "evidence/bad.md": "---\nkind: findng\n---\n",
        }
    )

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ws)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ws), "SCRUTINY_WORKSPACE": ""},
    )

    assert result.returncode == 0, result.stderr
    marker = [line for line in result.stdout.splitlines() if line.startswith("OFFENDING:")]
    assert marker, result.stdout + result.stderr
    offending = [m for m in marker[-1].removeprefix("OFFENDING:").split(",") if m]
    assert offending == [], f"UI modules imported by core/CLI: {offending}"


REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    return config["tool"]["importlinter"]["contracts"]  # type: ignore[no-any-return]


def test_every_core_module_is_under_the_core_contract() -> None:
    core = set(_contracts()[0]["source_modules"])  # type: ignore[arg-type]
    package = REPO / "scrutiny"
    found = {
        f"scrutiny.{p.stem if p.is_file() else p.name}"
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    } - {"scrutiny.cli", "scrutiny.tui", "scrutiny.launch"}  # launch hands over to the CLI
    assert found == core, "name new core modules in pyproject.toml's first import contract"


def test_lint_imports_fails_when_the_ui_imports_the_command_line(tmp_path: Path) -> None:
    copy = tmp_path / "tree"
    shutil.copytree(
        REPO / "scrutiny", copy / "scrutiny", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(copy)}
    clean = subprocess.run([str(LINT_IMPORTS)], cwd=copy, env=env, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout
    screen = copy / "scrutiny" / "tui" / "screens" / "problems.py"
    screen.write_text(screen.read_text("utf-8") + "\nfrom scrutiny.cli import common  # noqa\n")
    broken = subprocess.run([str(LINT_IMPORTS)], cwd=copy, env=env, capture_output=True, text=True)
    assert broken.returncode != 0
    assert "The terminal UI never imports the command line BROKEN" in broken.stdout
