"""The ``scrutiny import-plan`` command: business-plan actions from a CSV or Excel table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scrutiny.output import Format
from scrutiny.printable import printable


def import_plan(
    file: Annotated[
        Path,
        typer.Argument(
            help="the business plan's action table, saved as .csv or .xlsx",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", metavar="DATE", help="date of the import, YYYY-MM-DD (default: today)"
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="say what would be written; write nothing")
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (for people), json or csv")
    ] = Format.table,
) -> None:
    """Import a business plan's actions as action notes; a re-import records changed progress.

    Each action becomes an action note with id ACT-<No.>. Importing again creates
    nothing twice: an action whose progress or timescale changed gets a dated response
    (status inferred from the text), and notes already written are never changed.
    """
    from datetime import date

    from scrutiny import plan
    from scrutiny.cli.common import fail, load_corpus, parse_date, write_failed
    from scrutiny.output import emit

    day = parse_date(on, "--date") or date.today()
    try:
        rows = plan.read_plan(file)
    except plan.PlanError as exc:
        fail(str(exc))
    corpus = load_corpus(quiet=True, writes=not dry_run)
    try:
        outcomes = plan.import_plan(corpus, rows, day, dry_run=dry_run)
    except OSError as exc:
        write_failed(
            corpus.workspace, exc, "notes before it were written; import again to add the rest"
        )
    records = [{"what": o.what, "id": o.id, "detail": o.detail, "path": o.path} for o in outcomes]
    if fmt is not Format.table:
        emit(records, fmt, (), keys=["what", "id", "detail", "path"])
        return
    prefix = "would be " if dry_run else ""
    for o in outcomes:
        where = f" → {o.path}" if o.path else ""
        typer.echo(printable(f"{prefix}{o.what:<8} {o.id:<10} {o.detail}{where}"))
    typer.echo(("dry run, nothing written: " if dry_run else "") + plan.summary(outcomes))
