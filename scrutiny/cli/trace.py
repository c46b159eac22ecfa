"""``scrutiny trace``: one item's timeline, oldest first."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from scrutiny.columns import Column
from scrutiny.output import Format, emit, markup_text, to_json
from scrutiny.styles import STATUS_STYLE

if TYPE_CHECKING:
    pass
from scrutiny.cli.common import (
    AsOfOption,
    FormatOption,
    complete_item,
    fail,
    parse_date,
    read_workspace,
)

TRACE_COLUMNS = (
    Column("date", "Date", min_width=10),
    Column("type", "Step", max_width=9),
    Column("change", "What changed", min_width=16, ratio=2, wrap=True),
    Column("said", "Who said what", min_width=20, ratio=3, wrap=True),
)
#: How much of a response a table cell shows; JSON and CSV carry it whole.
SAID_IN_A_CELL = 240


def _said(event: dict[str, object]) -> str:
    """A table cell: who said it, and what they said (shortened at a sentence or word)."""
    from scrutiny.words import shorten

    if event["type"] in ("raised", "evidence"):
        return str(event["title"])
    text = str(event["text"] or event["title"])
    by = event["by"]
    return f"{by}: {shorten(text, SAID_IN_A_CELL)}" if by else shorten(text, SAID_IN_A_CELL)


def trace(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="a recommendation, risk or action id", autocompletion=complete_item
        ),
    ],
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The timeline of one recommendation, risk or action, oldest first."""
    from scrutiny.ledger import TRACKED_KINDS, linked_actions
    from scrutiny.problems import did_you_mean
    from scrutiny.queries import Audience, visible
    from scrutiny.words import article

    day = parse_date(as_of, "--as-of") or date.today()
    # The item's own notes are read, not every note (see Scrutiny.chain); a missing item
    # reads everything, to say what the id is instead, or what was meant.
    # Of their text, only what the partnership said (the responses) is printed.
    said = ("response",)
    reading = read_workspace(as_of=day, only=lambda scrutiny: scrutiny.chain(item_id), bodies=said)[
        1
    ]
    item = reading.ledger.items.get(item_id)
    if item is None:
        reading = read_workspace(as_of=day, quiet=True, bodies=said)[1]
    loaded, ledger = reading.corpus, reading.ledger
    item = ledger.items.get(item_id)
    if item is None:
        note = loaded.by_id.get(item_id)
        if note is not None and note.restricted:
            note = None  # a restricted item is not traced: say no more than for a missing one
        if note is not None and note.kind in TRACKED_KINDS:
            fail(f"{item_id!r} was raised on {note.date}, after {day}")
        if note is not None:
            fail(
                f"{item_id!r} is {article(note.kind)}; trace follows recommendations, risks and actions"
            )
        fail(
            f"no recommendation, risk or action has id {item_id!r}{did_you_mean(item_id, ledger.items)}"
        )
    events = [e.as_row() for e in item.events]
    actions = [
        {
            "id": a.id,
            "title": a.note.title,
            "status": a.status,
            "due": a.due,
            "overdue": a.overdue,
            "last_response": a.last_response.date if a.last_response else None,
        }
        for a in linked_actions(ledger, visible(loaded.notes, Audience.PUBLISHED), item)
    ]
    if fmt is Format.json:
        typer.echo(
            to_json(
                {
                    "id": item.id,
                    "kind": item.kind,
                    "title": item.note.title,
                    "status": item.status,
                    "due": item.due,
                    "overdue": item.overdue,
                    "as_of": day,
                    "events": events,
                    "actions": actions,
                }
            )
        )
        return
    if fmt is Format.csv:
        emit(events, fmt, TRACE_COLUMNS)
        return
    for event in events:
        event["said"] = _said(event)
    from rich.console import Console

    mark = " [bold red]overdue[/]" if item.overdue else ""
    style = STATUS_STYLE.get(item.status, "")
    Console().print(
        f"[b]{markup_text(item.id)}[/b] {item.kind}: {markup_text(item.note.title)}\n"
        f"status [{style}]{item.status}[/]{mark}"
        + (f" · due {item.due}" if item.due else "")
        + f" · as of {day}"
    )
    emit(events, fmt, TRACE_COLUMNS)
    for action in actions:
        progress = f"{action['status']}" + (
            f" ({action['last_response']})" if action["last_response"] else ""
        )
        late = " [bold red]overdue[/]" if action["overdue"] else ""
        due_text = f", due {action['due']}" if action["due"] else ""
        Console().print(
            f"linked action [b]{markup_text(str(action['id']))}[/b]: {progress}{due_text}{late}"
            f" — {markup_text(str(action['title']))}",
            overflow="ellipsis",
            no_wrap=True,
        )
