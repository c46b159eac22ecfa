"""The ``scrutiny import-report`` command: last year's recommendations and risks from its report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scrutiny.cli.common import complete_area
from scrutiny.output import Format
from scrutiny.printable import printable


def import_report(
    file: Annotated[
        Path,
        typer.Argument(
            help="the published report: .docx, .pdf, .txt, .md or .html",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            "--period", "-p", help="the report's period, e.g. 2020-21 (default: from its title)"
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help="date of the notes, YYYY-MM-DD (default: period end)",
        ),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            "-a",
            autocompletion=complete_area,
            help="area for recommendations whose heading matches none",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="say what would be written; write nothing")
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (for people), json or csv")
    ] = Format.table,
) -> None:
    """Import a published report's recommendations and risks as notes.

    Recommendations come from the scrutiny section (for the partnership, or for ongoing
    scrutiny), risks from the risks section (strategic subsections, operational
    bullets), each with the area its heading names. A second import creates nothing;
    notes already written are never changed.
    """
    from scrutiny import imports
    from scrutiny.cli.common import fail, load_corpus, parse_date, resolve_period
    from scrutiny.output import emit

    day = parse_date(on, "--date")
    try:
        blocks = imports.read_document(file)
    except imports.DocumentError as exc:
        fail(str(exc))
    corpus = load_corpus(quiet=True)
    framework = corpus.workspace.framework
    if area is not None and framework.area(area) is None:
        fail(
            f"--area: {area!r} is not an area of {framework.id}: {', '.join(framework.area_ids)}", 2
        )
    found = imports.find(blocks, framework, file.name)
    if day is None and period is not None:
        day = resolve_period(corpus, period).end
    day = day or found.period_end
    if day is None:
        fail(
            f"{file.name}: cannot tell the report's period from its title; give --period or --date"
        )
    if not found.proposals:
        fail(
            f"{file.name}: no recommendations or risks found (see 'scrutiny import-report --help')"
        )
    outcomes = imports.import_report(corpus, found.proposals, day, area=area, dry_run=dry_run)
    if fmt is not Format.table:
        keys = list(outcomes[0].record())
        emit([o.record() for o in outcomes], fmt, (), keys=keys)
        return
    prefix = "would be " if dry_run else ""
    for o in outcomes:
        where = f" → {o.path}" if o.path else ""
        about = ", ".join(filter(None, [o.kind, "/".join(o.areas), o.audience]))
        typer.echo(printable(f"{prefix}{o.what:<9} {o.id:<8} {about}: {o.title}{where}"))
        typer.echo(printable(f"{'':<{len(prefix) + 19}}{o.detail or o.source}"))
    for message in found.unmatched:
        typer.echo(printable(f"note: {message}"), err=True)
    typer.echo(("dry run, nothing written: " if dry_run else "") + imports.summary(outcomes))
