"""``scrutiny pack``: a board pack for a partnership meeting, in md, docx or html."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from scrutiny.workspace import Workspace

from scrutiny.cli.report import (
    AllowFlaggedOption,
    OutputOption,
    ReportFormat,
    ReportFormatOption,
    publish,
)

#: Without --since, the pack covers this many days before the meeting; without --next,
#: the next meeting is this many days after it (partnerships meet about every two months).
DEFAULT_GAP = 56


def pack(
    meeting: Annotated[
        str, typer.Option("--meeting", metavar="DATE", help="the meeting's date, YYYY-MM-DD")
    ],
    since: Annotated[
        str | None,
        typer.Option("--since", help="changes after this day (default: 8 weeks before)"),
    ] = None,
    next_meeting: Annotated[
        str | None,
        typer.Option("--next", help="the next meeting's date (default: 8 weeks after)"),
    ] = None,
    fmt: ReportFormatOption = ReportFormat.md,
    output: OutputOption = None,
    no_charts: Annotated[
        bool, typer.Option("--no-charts", help="leave out the two charts")
    ] = False,
    allow_flagged: AllowFlaggedOption = False,
) -> None:
    """A two-to-four-page pack for a meeting: changes, open and overdue items, what falls
    due next, escalated risks, and questions for partners where evidence is thinnest."""
    from scrutiny.cli.common import fail, parse_date, read_workspace
    from scrutiny.files import output_refusal
    from scrutiny.ledger import TRACKED_KINDS
    from scrutiny.meetings.pack import Pack
    from scrutiny.meetings.painter import Painter

    day = parse_date(meeting, "--meeting")
    assert day is not None
    start = parse_date(since, "--since") or day - timedelta(days=DEFAULT_GAP)
    following = parse_date(next_meeting, "--next") or day + timedelta(days=DEFAULT_GAP)
    if start > day:
        fail(f"--since {start} is after the meeting on {day}", 2)
    if following <= day:
        fail(f"--next {following} is not after the meeting on {day}", 2)
    if fmt is ReportFormat.docx and output is None:
        fail("--format docx needs a file to write: add -o FILE.docx", 2)

    def needs(workspace: Workspace) -> tuple[tuple[str, ...], date, date]:
        """What the pack reads: the ledger's notes, and every note from the start of last
        period (its chart compares the two) or the pack's start, to the meeting."""
        first = min(workspace.period_of(day).previous().start, start)
        return (*TRACKED_KINDS, "response"), first, day

    drawn = not no_charts and fmt is not ReportFormat.md  # Markdown gives charts as text
    with Painter() if drawn else nullcontext() as painter:
        corpus = read_workspace(only=lambda s: s.selected(*needs(s.workspace)))[1].corpus
        if output is not None and (refusal := output_refusal(output, corpus.workspace.root)):
            fail(f"{refusal}; nothing was written")
        found = Pack(corpus, day, start, following, charts=not no_charts)
        if painter is not None:
            found.painter = painter.draw
        publish(found.build(), corpus, fmt.value, output, allow_flagged=allow_flagged)
