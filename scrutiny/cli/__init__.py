"""The ``scrutiny`` command line: a thin Typer layer over the library's facade.

One small module per command group; each command turns its options into a query, asks
:class:`scrutiny.api.Scrutiny`, and prints the answer. This module makes the Typer app
and registers the commands in the order ``--help`` lists them.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import Annotated

import typer

from scrutiny.cli import (
    capture,
    check,
    coverage,
    items,
    meetings,
    notes,
    setup,
    statutory,
    trace,
)
from scrutiny.cli.common import fail, run_tui, state
from scrutiny.cli.export import export
from scrutiny.cli.import_report import import_report
from scrutiny.cli.pack import pack
from scrutiny.cli.plan import import_plan
from scrutiny.cli.report import report


def _flags_show_no_value() -> None:
    """Show a flag in help without a value, as Click's plain help does.

    Typer 0.29's Rich help prints ``<bool>`` beside every flag (``--overdue <bool>``), as
    if it took one; ``tests/test_help.py`` notices if a Typer upgrade changes this hook.
    """
    from typer.core import TyperOption

    # Older Typer (0.16, the floor) has no such hook, and prints no type beside a flag.
    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None:
        return

    def display_type_rich(self: TyperOption, ctx: typer.Context) -> str | None:
        return None if self.is_flag or self.count else shown(self, ctx)

    setattr(TyperOption, "display_type_rich", display_type_rich)  # noqa: B010 - a method


_flags_show_no_value()

app = typer.Typer(
    name="scrutiny",
    help="Evidence, recommendations, risks and annual-report commentary for independent "
    "scrutiny of safeguarding children partnerships.",
    no_args_is_help=False,
    add_completion=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def version_callback(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from scrutiny.yamlfile import LIBYAML

        typer.echo(f"scrutiny {version('scrutiny')} (libyaml: {'yes' if LIBYAML else 'no'})")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            envvar="SCRUTINY_WORKSPACE",
            help="workspace folder (default: walk up to scrutiny.toml)",
            show_default=False,
        ),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="SCRUTINY_DATABASE_URL",
            help="put the index in this SQLAlchemy database (default: .scrutiny/index.db)",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="show the version"
        ),
    ] = False,
) -> None:
    """With no command, open the terminal UI."""
    state.workspace = workspace
    state.partnership = None
    if database_url:
        from scrutiny.api import Scrutiny

        if problem := Scrutiny.database_problem(database_url):
            fail(problem)
    state.database_url = database_url
    state.machine_output = any(
        a in ("json", "csv", "--format=json", "--format=csv") for a in sys.argv[1:]
    )
    if ctx.invoked_subcommand is None:
        run_tui()


@app.command()
def tui(
    partnership: Annotated[
        str | None,
        typer.Option(
            "--partnership",
            help="one partnership's footprint (its id under \\[partnerships] in scrutiny.toml)",
        ),
    ] = None,
) -> None:
    """Open the terminal UI."""
    run_tui(partnership)


for command in (
    check.check,
    notes.notes,
    setup.init,
    setup.demo,
    capture.new,
    items.recs,
    items.risks,
    trace.trace,
    coverage.coverage,
    capture.respond,
    report,
    meetings.changes,
    meetings.chase,
    meetings.compare,
    pack,
    statutory.priorities,
    statutory.reviews,
):
    app.command()(command)
app.command("import-plan")(import_plan)
app.command("import-report")(import_report)
app.command()(export)


def main() -> None:
    """Console-script entry point: a file that cannot be read or written is one line."""
    try:
        app()
    except OSError as exc:
        from scrutiny.files import cannot_write

        # The commands say which file and why; this is the net under any that does not.
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
            fail(cannot_write(exc.filename or "a file", exc, "the command stopped"))
        fail(f"{exc.filename or 'a file'}: {exc.strerror or exc}; the command stopped")
