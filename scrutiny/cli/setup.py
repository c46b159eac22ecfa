"""``scrutiny init`` and ``scrutiny demo``: a new workspace, or a copy of the demo partnership."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass
from scrutiny.cli.common import fail, run_tui, state


def init(
    directory: Annotated[Path, typer.Argument(help="folder for the new workspace")] = Path("."),
    name: Annotated[str | None, typer.Option("--name", help="the partnership's name")] = None,
    start_month: Annotated[
        int, typer.Option("--start-month", min=1, max=12, help="month the reporting year starts")
    ] = 10,
) -> None:
    """Create a workspace: scrutiny.toml, evidence/, frameworks/, templates/ and .gitignore."""
    from scrutiny import files
    from scrutiny.workspace import SETTINGS_FILE

    target = directory / SETTINGS_FILE
    if target.exists():
        fail(f"{target} already exists; this folder is already a workspace")
    if name is None:
        default = f"{directory.resolve().name.replace('-', ' ').title()} Safeguarding Children Partnership"
        name = typer.prompt("Partnership name", default=default) if sys.stdin.isatty() else default
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    try:
        _write_workspace(directory, quoted, start_month)
    except OSError as exc:
        fail(files.cannot_write(exc.filename or directory, exc, "no workspace was created"))
    typer.echo(f"created workspace {directory} for {name}")
    typer.echo("next: scrutiny new activity --title '…' --area core-partners --source meeting")


def _write_workspace(directory: Path, quoted: str, start_month: int) -> None:
    from scrutiny import files
    from scrutiny.workspace import SETTINGS_FILE

    target = directory / SETTINGS_FILE
    files.write_atomic(
        target,
        f'name = "{quoted}"\nframework = "six-steps"\nperiod_start_month = {start_month}\n\n'
        "[report]\ncommentary_section = 6\nrisks_section = 7\n",
        overwrite=False,
    )
    for folder in ("evidence", "frameworks", "templates"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    gitignore = directory / ".gitignore"
    if not gitignore.exists():
        files.write_atomic(gitignore, ".scrutiny/\n", overwrite=False)


def demo_source() -> Path:
    """The demo workspace shipped with the package (or the repository root in a checkout)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "_data" / "demo"
    return packaged if packaged.is_dir() else package.parent


def demo(
    directory: Annotated[Path, typer.Argument(help="folder to copy the demo into")] = Path(
        "scrutiny-demo"
    ),
    open_: Annotated[
        bool, typer.Option("--open/--no-open", help="open the terminal UI on it afterwards")
    ] = True,
) -> None:
    """Copy the demo partnership into DIRECTORY and open it."""
    from scrutiny import files
    from scrutiny.workspace import SETTINGS_FILE

    if directory.exists() and any(directory.iterdir()):
        fail(f"{directory} exists and is not empty; choose a new folder")
    source = demo_source()
    try:
        for path in sorted((source / "evidence").rglob("*.md")):
            rel = path.relative_to(source)
            files.write_atomic(directory / rel, path.read_bytes(), overwrite=False)
        files.write_atomic(
            directory / SETTINGS_FILE, (source / SETTINGS_FILE).read_bytes(), overwrite=False
        )
        files.write_atomic(directory / ".gitignore", ".scrutiny/\n", overwrite=False)
    except OSError as exc:
        fail(files.cannot_write(exc.filename or directory, exc, "the copy is incomplete"))
    typer.echo(f"copied the demo partnership to {directory}")
    if open_ and sys.stdout.isatty() and sys.stdin.isatty():
        state.workspace = directory
        run_tui()
    else:
        typer.echo(f"open it with: scrutiny -w {directory}")
