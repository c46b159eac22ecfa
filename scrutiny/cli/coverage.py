"""``scrutiny coverage``: framework areas by evidence kind, source and lens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from scrutiny.columns import Column
from scrutiny.output import Format, emit

if TYPE_CHECKING:
    from scrutiny.api import Scrutiny
from scrutiny.cli.common import (
    FormatOption,
    PartnershipOption,
    PeriodOption,
    read_workspace,
    use_partnership,
)
from scrutiny.cli.period_choice import PeriodChoice

COVERAGE_COLUMNS = (
    Column("area", "Area", max_width=17),
    Column("gap", "", max_width=3),
    Column("activity", "Act", justify="right"),
    Column("finding", "Find", justify="right"),
    Column("recommendation", "Rec", justify="right"),
    Column("risk", "Risk", justify="right"),
    Column("difference", "Diff", justify="right"),
    Column("sources", "Activity by source", min_width=10, ratio=1),
    Column("lens", "Lens C/P/L", min_width=10),
)


def coverage(
    period: PeriodOption = None,
    partnership: PartnershipOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Framework areas × evidence in a period: counts by kind, source and lens; gaps marked."""
    use_partnership(partnership)
    from scrutiny.coverage import coverage as compute

    chosen = PeriodChoice(period)

    def in_period(scrutiny: Scrutiny) -> list[str]:
        """One period's notes are read, not every note."""
        return scrutiny.notes_in(chosen.find(scrutiny))

    only = in_period if chosen.partial else None
    loaded = read_workspace(only=only, bodies=False)[1].corpus
    span = chosen.of(loaded)
    table = compute(loaded, span)
    rows = [row.as_row() for row in table.rows]
    if fmt is not Format.table:
        keys = list(rows[0]) if rows else ["area"]
        emit(rows, fmt, (), keys=keys)
        return
    cells, styles = [], []
    for row in table.rows:
        sources = ", ".join(f"{k} {v}" for k, v in row.sources.items() if v)
        lens = "/".join(
            str(row.lens[k]) for k in ("children-families", "practitioners", "leadership")
        )
        cells.append(
            {
                "area": row.area,
                "gap": "GAP" if row.gap else "",
                "activity": row.activity,
                "finding": row.finding,
                "recommendation": row.recommendation,
                "risk": row.risk,
                "difference": row.shows["difference"] or "—",
                "sources": sources or "—",
                "lens": lens,
            }
        )
        styles.append({"area": "bold red", "gap": "bold red"} if row.gap else {})
    emit(cells, fmt, COVERAGE_COLUMNS, title=f"Coverage, {span.wording}", styles=styles)
    typer.echo("Lens C/P/L: children & families / practitioners / leadership; GAP: no activity")
    typer.echo("Diff: findings of the difference made (shows: difference); —: activity only")
