"""The ``scrutiny export`` command: a tracker of recommendations, risks or actions for Excel."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class ExportWhat(str, Enum):
    """What to export."""

    recs = "recs"
    risks = "risks"
    actions = "actions"


class ExportFormat(str, Enum):
    """Tracker file formats."""

    xlsx = "xlsx"
    csv = "csv"


def export(
    what: Annotated[ExportWhat, typer.Argument(help="recs, risks or actions")],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="file to write (.xlsx, or .csv plus a -timeline.csv)"),
    ],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="xlsx or csv (default: from the file's suffix)"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="DATE", help="state as of this date, YYYY-MM-DD (default: today)"
        ),
    ] = None,
) -> None:
    """Write a tracker: one row per item, and every timeline event on a second sheet.

    Excel: sheets named after the items and "Timeline", with a frozen header, filters
    and real dates. CSV: FILE holds the items and FILE-timeline.csv the events. Restricted
    notes are left out.
    """
    from datetime import date

    from scrutiny import export as tracker_module
    from scrutiny.cli.common import fail, parse_date, read_workspace
    from scrutiny.files import cannot_write, output_refusal, write_atomic

    chosen = fmt or (ExportFormat.csv if output.suffix.lower() == ".csv" else ExportFormat.xlsx)
    if fmt is None and output.suffix.lower() not in (".csv", ".xlsx"):
        fail(f"-o {output}: name a .xlsx or .csv file, or give --format", 2)
    day = parse_date(as_of, "--as-of") or date.today()
    # The items, their responses and the evidence either way: what the timelines hold.
    # Of the notes' text, a tracker holds what the partnership said (the responses).
    corpus = read_workspace(only=lambda s: s.tracked(), bodies=("response",))[1].corpus
    timeline = output.with_name(f"{output.stem}-timeline{output.suffix or '.csv'}")
    for path in [output] if chosen is ExportFormat.xlsx else [output, timeline]:
        if refusal := output_refusal(path, corpus.workspace.root):
            fail(f"{refusal}; nothing was written")
    tracker = tracker_module.build(corpus, tracker_module.KINDS[what.value], day)
    files: list[tuple[Path, bytes]]
    if chosen is ExportFormat.xlsx:
        data = tracker_module.to_xlsx(tracker, name=corpus.workspace.settings.name or "")
        files = [(output, data)]
    else:
        files = [
            (output, tracker_module.to_csv(tracker.items, tracker.columns)),
            (timeline, tracker_module.to_csv(tracker.timeline, tracker_module.TIMELINE)),
        ]
    for n, (path, data) in enumerate(files):
        try:
            write_atomic(path, data)
        except OSError as exc:
            fail(
                cannot_write(
                    path, exc, f"{files[0][0]} was written" if n else "nothing was written"
                )
            )
        typer.echo(str(path), err=True)
    noun = tracker.title.lower()
    typer.echo(
        f"{len(tracker.items)} {noun}, {len(tracker.timeline)} timeline events as of {day}",
        err=True,
    )
