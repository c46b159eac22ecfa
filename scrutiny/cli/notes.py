"""``scrutiny notes``: list, filter and search notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from scrutiny.columns import Column
from scrutiny.output import Format, emit
from scrutiny.vocabulary import KINDS

if TYPE_CHECKING:
    from scrutiny.api import Scrutiny
from scrutiny.cli.choices import choice
from scrutiny.cli.common import (
    FormatOption,
    PartnershipOption,
    PeriodOption,
    _check_area,
    complete_area,
    fail,
    period_named,
    read_workspace,
    use_partnership,
)
from scrutiny.cli.period_choice import PeriodChoice

#: The id is never cut, so it can be copied: at 80 columns a long one leaves out the
#: areas, then the date (an activity's or finding's id starts with it), then the kind.
NOTE_COLUMNS = (
    Column("date", "Date", min_width=10, drop=2),
    Column("kind", "Kind", max_width=8, drop=3),
    Column("id", "Id", whole=True),
    Column("title", "Title", min_width=16, ratio=3),
    Column("areas", "Areas", min_width=10, max_width=18, ratio=1, drop=1),
)


NOTE_KEYS = (
    "id",
    "kind",
    "date",
    "period",
    "title",
    "areas",
    "source",
    "lens",
    "confidentiality",
    "path",
)


def notes(
    period: PeriodOption = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area", "-a", autocompletion=complete_area, help="only notes about this area"
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        choice("--kind", "-k", values=KINDS, metavar="KIND", help="only these (repeatable)"),
    ] = None,
    all_periods: Annotated[bool, typer.Option("--all", help="every period")] = False,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="full-text search of titles and bodies")
    ] = None,
    partnership: PartnershipOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List notes (the newest period by default; --all for every period; --search ranks)."""
    use_partnership(partnership)
    from scrutiny.problems import did_you_mean
    from scrutiny.queries import Audience, NoteQuery

    chosen_period = PeriodChoice(period)

    def hits(scrutiny: Scrutiny) -> list[str]:
        """The search runs first, and only its hits are read (not every note)."""
        assert search is not None
        span = period_named(scrutiny.workspace, period) if period else None
        return scrutiny.search(search, span)

    def in_period(scrutiny: Scrutiny) -> list[str]:
        """One period's notes are read, not every note."""
        return scrutiny.notes_in(chosen_period.find(scrutiny))

    one = in_period if chosen_period.partial and not all_periods else None
    # The listing shows no note's text: none is read.
    scrutiny, reading = read_workspace(only=hits if search is not None else one, bodies=False)
    loaded = reading.corpus
    for k in kind or []:
        if k not in KINDS:
            fail(f"--kind: unknown kind {k!r}{did_you_mean(k, KINDS)}", 2)
    _check_area(loaded, area)
    every = all_periods or (search and not period)
    chosen = None if every else chosen_period.of(loaded)
    # The scrutineer's own listing: restricted notes are shown, and marked.
    query = NoteQuery(chosen, area, tuple(kind or ()), Audience.OWN)
    found = reading.notes(query) if search is None else scrutiny.ranked(reading, query, search)
    selected = found
    scrutiny.close()
    rows = [
        {
            "id": n.id,
            "kind": n.kind,
            "date": n.date,
            "period": loaded.workspace.period_of(n.date).label,
            "title": n.title,
            "areas": n.areas,
            "source": getattr(n, "source", None),
            "lens": n.lens,
            "confidentiality": n.confidentiality,
            "path": n.path,
        }
        for n in selected
    ]
    styles = [{"title": "italic dim"} if n.restricted else {} for n in selected]
    title = f"Notes, {chosen.label}" if chosen else "Notes, all periods"
    if search is not None:
        title = f"Notes matching {search!r}" + (f", {chosen.label}" if chosen else "")
    emit(
        rows, fmt, NOTE_COLUMNS, keys=NOTE_KEYS, title=title, styles=styles, empty="no notes match"
    )
