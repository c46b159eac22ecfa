"""Small pieces the forms share: a labelled row, date reading, and a list of problems."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label

from scrutiny.printable import printable_line


def field(label: str, widget: Widget, *, row: str | None = None) -> Horizontal:
    """``widget`` with a label on its left; ``row`` names the row so it can be hidden."""
    return Horizontal(Label(label), widget, classes="field", id=f"row-{row}" if row else None)


def dated(value: str, name: str, errors: list[str], *, required: bool = False) -> date | None:
    """``value`` as a date, or None; a mistake is added to ``errors``."""
    if not value:
        if required:
            errors.append(f"{name}: give a date (YYYY-MM-DD)")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{name}: {value!r} is not a date (expected YYYY-MM-DD)")
        return None


def problems_text(messages: list[str]) -> Text:
    """Problems as a bulleted block of text; messages quote note text, so never markup."""
    noun = "problem" if len(messages) == 1 else "problems"
    text = Text(f"Not saved: {len(messages)} {noun}", style="bold")
    for message in messages:
        text.append("\n• " + printable_line(message))
    return text
