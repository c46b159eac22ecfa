"""``scrutiny pack``: a board pack for a partnership meeting, in md, docx or html."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta
from typing import Annotated

import typer

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
    from scrutiny.cli.common import fail, load_corpus, parse_date
    from scrutiny.files import output_refusal
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
    drawn = not no_charts and fmt is not ReportFormat.md  # Markdown gives charts as text
    with Painter() if drawn else nullcontext() as painter:
        corpus = load_corpus()
        if output is not None and (refusal := output_refusal(output, corpus.workspace.root)):
            fail(f"{refusal}; nothing was written")
        found = Pack(corpus, day, start, following, charts=not no_charts)
        if painter is not None:
            found.painter = painter.draw
        publish(found.build(), corpus, fmt.value, output, allow_flagged=allow_flagged)
