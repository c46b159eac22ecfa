"""``scrutiny recs`` and ``scrutiny risks``: items with their state as of a date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from scrutiny.columns import Column
from scrutiny.output import Format, emit
from scrutiny.styles import STATUS_STYLE

if TYPE_CHECKING:
    from scrutiny.api import Reading
    from scrutiny.ledger import Item
from scrutiny.cli.choices import CATEGORIES, REC_FILTER, RISK_FILTER, choice
from scrutiny.cli.common import (
    AsOfOption,
    FormatOption,
    PartnershipOption,
    _check_area,
    _check_status,
    complete_area,
    fail,
    parse_date,
    read_workspace,
    resolve_period,
    use_partnership,
)


def _ledger_reading(as_of: str | None) -> Reading:
    from scrutiny.ledger import TRACKED_KINDS

    day = parse_date(as_of, "--as-of") or date.today()
    # The ledger needs its items and their responses only, and the lists print no text.
    return read_workspace(kinds=(*TRACKED_KINDS, "response"), as_of=day, bodies=False)[1]


REC_KEYS = (
    "id",
    "title",
    "status",
    "areas",
    "for",
    "owner",
    "raised",
    "period",
    "due",
    "overdue",
    "last_response",
    "path",
)


REC_COLUMNS = (
    Column("id", "Id", whole=True),
    Column("status", "Status", max_width=12),
    Column("mark", "", max_width=1),
    Column("title", "Title", min_width=12, ratio=3),
    Column("areas", "Areas", max_width=14, ratio=1),
    Column("due", "Due", min_width=10),
)


def _last_response(item: Item) -> str | None:
    last = item.last_response
    return f"{last.date} {last.note}" if last else None


def recs(
    status: Annotated[
        str | None,
        choice("--status", values=REC_FILTER, metavar="STATUS", help="status ('open': all open)"),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", "-a", autocompletion=complete_area, help="only this framework area"),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="only those raised in this period")
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="owner contains this text")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="only overdue ones")] = False,
    partnership: PartnershipOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List recommendations with their current status (! marks overdue)."""
    use_partnership(partnership)
    from scrutiny.queries import ItemQuery

    _check_status(status, "recommendation")
    reading = _ledger_reading(as_of)
    _check_area(reading.corpus, area)
    chosen = resolve_period(reading.corpus, period) if period else None
    query = ItemQuery("recommendation", status, overdue, area, chosen, owner)
    rows, styles = [], []
    for item in reading.items(query):
        note = item.note
        rows.append(
            {
                "id": item.id,
                "title": note.title,
                "status": item.status,
                "areas": note.areas,
                "for": getattr(note, "for_", "partnership"),
                "owner": item.owner,
                "raised": item.raised,
                "period": item.period.label,
                "due": item.due,
                "overdue": item.overdue,
                "last_response": _last_response(item),
                "path": note.path,
                "mark": "!" if item.overdue else "",
            }
        )
        styles.append({"status": STATUS_STYLE.get(item.status, ""), "mark": "bold red"})
    emit(
        rows,
        fmt,
        REC_COLUMNS,
        keys=REC_KEYS,
        title=f"Recommendations as of {reading.as_of}",
        styles=styles,
        empty="no recommendations match",
    )


RISK_KEYS = (
    "id",
    "title",
    "status",
    "category",
    "areas",
    "raised",
    "period",
    "monitor_until",
    "last_response",
    "path",
)


RISK_COLUMNS = (
    Column("id", "Id", whole=True),
    Column("status", "Status", max_width=10),
    Column("category", "Category", max_width=11),
    Column("title", "Title", min_width=12, ratio=3),
    Column("monitor_until", "Until", min_width=10),
)


def risks(
    status: Annotated[
        str | None,
        choice("--status", values=RISK_FILTER, metavar="STATUS", help="status ('open': all open)"),
    ] = None,
    category: Annotated[
        str | None, choice("--category", values=CATEGORIES, metavar="C", help="only this category")
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", "-a", autocompletion=complete_area, help="only this framework area"),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="only those raised in this period")
    ] = None,
    partnership: PartnershipOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List risks with their current status."""
    use_partnership(partnership)
    _check_status(status, "risk")
    if category not in (None, "strategic", "operational"):
        fail(f"--category: expected 'strategic' or 'operational', not {category!r}", 2)
    from scrutiny.queries import ItemQuery

    reading = _ledger_reading(as_of)
    _check_area(reading.corpus, area)
    chosen = resolve_period(reading.corpus, period) if period else None
    query = ItemQuery("risk", status, area=area, period=chosen, category=category)
    rows, styles = [], []
    for item in reading.items(query):
        note = item.note
        rows.append(
            {
                "id": item.id,
                "title": note.title,
                "status": item.status,
                "category": getattr(note, "category", None),
                "areas": note.areas,
                "raised": item.raised,
                "period": item.period.label,
                "monitor_until": item.monitor_until,
                "last_response": _last_response(item),
                "path": note.path,
            }
        )
        styles.append({"status": STATUS_STYLE.get(item.status, "")})
    emit(
        rows,
        fmt,
        RISK_COLUMNS,
        keys=RISK_KEYS,
        title=f"Risks as of {reading.as_of}",
        styles=styles,
        empty="no risks match",
    )
