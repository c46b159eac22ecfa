"""Small pieces the forms share: a labelled row, date reading, and a list of problems."""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label


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


def problems_text(messages: list[str]) -> str:
    """Problems as a bulleted block of markup, safe for any message text."""
    noun = "problem" if len(messages) == 1 else "problems"
    lines = [f"[b]Not saved: {len(messages)} {noun}[/b]"]
    lines += [f"• {escape(m)}" for m in messages]
    return "\n".join(lines)
