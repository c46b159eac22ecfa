"""The ``scrutiny report`` command: build, check and write a period's report."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scrutiny.cli.common import PartnershipOption

if TYPE_CHECKING:
    from scrutiny.api import Scrutiny
    from scrutiny.corpus import Corpus
    from scrutiny.report.model import Document


class ReportFormat(str, Enum):
    """Output formats of ``scrutiny report``."""

    md = "md"
    docx = "docx"
    html = "html"


class SectionChoice(str, Enum):
    """Which sections to generate."""

    commentary = "6"
    risks = "7"
    all = "all"


#: The options the report and the board pack share.
ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="md, docx or html")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="file to write (md and html default to stdout)"),
]
AllowFlaggedOption = Annotated[
    bool,
    typer.Option("--allow-flagged", help="write even if the publication check finds problems"),
]


def report(
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            metavar="PERIOD",
            help="reporting period label, e.g. 2024-25 (default: newest)",
        ),
    ] = None,
    section: Annotated[
        SectionChoice, typer.Option("--section", "-s", help="6 (commentary), 7 (risks) or all")
    ] = SectionChoice.all,
    fmt: ReportFormatOption = ReportFormat.md,
    output: OutputOption = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="cite each paragraph's source notes; flag empty areas")
    ] = False,
    allow_flagged: AllowFlaggedOption = False,
    reference_docx: Annotated[
        Path | None,
        typer.Option(
            "--reference-docx",
            help="a .docx whose styles the Word output uses",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    partnership: PartnershipOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="the date of the report, YYYY-MM-DD, for a period not yet over (default: today)",
        ),
    ] = None,
) -> None:
    """Generate sections 6 and 7 of the annual report for a period."""
    from scrutiny.cli.common import (
        fail,
        parse_date,
        read_workspace,
        use_partnership,
    )
    from scrutiny.cli.period_choice import PeriodChoice

    use_partnership(partnership)
    from scrutiny.files import output_refusal
    from scrutiny.ledger import TRACKED_KINDS
    from scrutiny.printable import printable
    from scrutiny.report.build import build
    from scrutiny.report.wording import TemplateProblem

    if fmt is ReportFormat.docx and output is None:
        fail("--format docx needs a file to write: add -o FILE.docx", 2)
    if reference_docx is not None and fmt is not ReportFormat.docx:
        fail("--reference-docx applies only to --format docx", 2)
    if reference_docx is not None:
        from scrutiny.report.word import check_reference

        if (problem := check_reference(reference_docx)) is not None:
            fail(f"--reference-docx: {problem}", 2)
    day = parse_date(as_of, "--as-of")
    chosen = PeriodChoice(period)

    def one_period(scrutiny: Scrutiny) -> list[str]:
        """What the report reads: the ledger's notes, the period's notes, and every
        restricted note (the publication check looks for their text)."""
        span = chosen.find(scrutiny)
        return scrutiny.selected((*TRACKED_KINDS, "response"), span.start, span.end)

    corpus = read_workspace(only=one_period if chosen.partial else None)[1].corpus
    if output is not None and (refusal := output_refusal(output, corpus.workspace.root)):
        fail(f"{refusal}; nothing was written")
    try:
        doc = build(corpus, chosen.of(corpus), sections=section.value, draft=draft, as_of=day)
    except TemplateProblem as exc:
        fail(f"{exc.message}; nothing was written")
    for warning in doc.warnings:
        typer.echo(printable(f"scrutiny: warning: {warning}"), err=True)
    publish(
        doc, corpus, fmt.value, output, reference_docx, check=not draft, allow_flagged=allow_flagged
    )


def publish(
    doc: Document,
    corpus: Corpus,
    fmt: str,
    output: Path | None,
    reference: Path | None = None,
    *,
    check: bool = True,
    allow_flagged: bool = False,
) -> None:
    """The publication check (unless a draft), then the document to ``output`` or stdout;
    what the report and the board pack share."""
    from scrutiny.cli.common import fail
    from scrutiny.files import cannot_write, write_atomic
    from scrutiny.printable import printable
    from scrutiny.report import publication
    from scrutiny.report.formats import render
    from scrutiny.report.wording import TemplateProblem

    if check:
        hits = publication.check(corpus, doc)
        for hit in hits:
            typer.echo(str(hit), err=True)
        if hits and not allow_flagged:
            noun = "problem" if len(hits) == 1 else "problems"
            fail(
                f"publication check found {len(hits)} {noun}; nothing was written "
                "(fix the notes, or use --allow-flagged to write anyway)"
            )
    try:
        data = render(doc, fmt, corpus.workspace.root, reference)
    except TemplateProblem as exc:
        fail(f"{exc.message}; nothing was written")
    if output is None:
        typer.echo(printable(str(data)), nl=False)
        return
    try:
        write_atomic(output, data)
    except OSError as exc:
        fail(cannot_write(output, exc))
    typer.echo(str(output), err=True)
