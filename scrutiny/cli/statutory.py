"""``scrutiny reviews`` and ``scrutiny priorities``: what the yearly report must account for."""

from __future__ import annotations

import typer

from scrutiny.cli.common import AsOfOption, FormatOption, PeriodOption, parse_date, read_workspace
from scrutiny.columns import Column
from scrutiny.output import Format, emit

REVIEW_COLUMNS = (
    Column("id", "ID", min_width=6),
    Column("notified", "Notified", min_width=10),
    Column("rapid", "Rapid review", min_width=12, ratio=2, wrap=True),
    Column("decided_as", "Decision and publication", min_width=12, ratio=2, wrap=True),
    Column("recs", "Recommendations", min_width=10, ratio=2, wrap=True),
)
PRIORITY_COLUMNS = (
    Column("id", "ID", min_width=6, max_width=12),
    Column("flag", "", max_width=1),
    Column("title", "Priority", min_width=16, ratio=2, wrap=True),
    Column("evidence", "Evidence of progress in the period", min_width=20, ratio=3, wrap=True),
)


def _clock(due: object, state: str, done: object) -> str:
    if due is None:
        return "—"
    if done is not None:
        return f"{done} ({state}; due {due})"
    return f"due {due} ({state})"


def reviews(as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """The case-review register: rapid reviews, decisions, publication and their clocks."""
    from datetime import date

    from scrutiny.queries import Audience, visible
    from scrutiny.reviews import register

    day = parse_date(as_of, "--as-of") or date.today()
    _, reading = read_workspace(as_of=day)
    notes = [n for n in visible(reading.corpus.notes, Audience.PUBLISHED) if n.date <= day]
    entries = register(notes, reading.ledger, reading.corpus.workspace.settings.clocks)
    rows = [e.as_row() for e in entries]
    if fmt is not Format.table:
        emit(rows, fmt, (), keys=list(rows[0]) if rows else ["id"], empty="")
        return
    for row in rows:
        row["rapid"] = _clock(
            row["rapid_review_due"], str(row["rapid_review_clock"]), row["rapid_review"]
        )
        row["publication"] = _clock(
            row["publication_due"], str(row["publication_clock"]), row["published"]
        )
        decision = f"{row['decision']} ({row['decided']})" if row["decided"] else "—"
        if row["publication_due"]:
            decision += f"; published {row['publication']}"
        row["decided_as"] = decision
        row["recs"] = ", ".join(row["recommendations"]) or "—"  # type: ignore[arg-type]
    emit(rows, fmt, REVIEW_COLUMNS, title=f"Case reviews as of {day}", empty="no reviews recorded")


def priorities(
    period: PeriodOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The partnership's priorities with their evidence of progress in a period; those with
    little or none flagged, with why."""
    from scrutiny.cli.common import resolve_period
    from scrutiny.priorities import progress

    _, reading = read_workspace()
    chosen = resolve_period(reading.corpus, period)
    found = progress(reading.corpus, chosen)
    rows = [p.as_row() for p in found]
    if fmt is not Format.table:
        emit(rows, fmt, (), keys=list(rows[0]) if rows else ["id"], empty="")
        return
    cells, styles = [], []
    for p in found:
        cells.append({**p.as_row(), "flag": "!" if p.flagged else "", "evidence": p.summary()})
        styles.append({"flag": "bold red", "id": "bold red"} if p.flagged else {})
    emit(
        cells,
        fmt,
        PRIORITY_COLUMNS,
        title=f"Priorities, {chosen.wording}",
        styles=styles,
        empty=f"no priorities apply in {chosen}",
    )
    if any(p.flagged for p in found):
        typer.echo("! little or no evidence of progress in the period")
