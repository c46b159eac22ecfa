"""Listing output shared by every command: Rich tables that fit 80 columns, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import Any

from scrutiny.columns import Column, fit
from scrutiny.printable import csv_cell, printable, printable_line


class Format(str, Enum):
    """Output formats of listings."""

    table = "table"
    json = "json"
    csv = "csv"


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_json(rows: Sequence[dict[str, Any]] | dict[str, Any]) -> str:
    return json.dumps(_plain(rows), indent=2, ensure_ascii=False)


def _csv_value(value: Any) -> Any:
    value = "; ".join(map(str, value)) if isinstance(value, list | tuple) else _plain(value)
    return csv_cell(printable(value)) if isinstance(value, str) else value


def to_csv(rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> str:
    """Rows as CSV; text cells are inert in a spreadsheet and on a terminal."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(keys), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(v) for k, v in row.items()})
    return buffer.getvalue()


def cell(value: Any) -> str:
    """How a value reads in a table cell: one line, no control characters."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return printable_line(", ".join(map(str, value)))
    if isinstance(value, bool):
        return "yes" if value else ""
    return printable_line(str(_plain(value)))


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: Format,
    columns: Sequence[Column],
    *,
    keys: Sequence[str] | None = None,
    title: str | None = None,
    styles: Sequence[dict[str, str]] | None = None,
    empty: str = "nothing to show",
) -> None:
    """Print ``rows`` as a table (``columns``), JSON or CSV (``keys``, all row keys by default)."""
    keys = list(keys or (rows[0].keys() if rows else [c.key for c in columns]))
    if fmt is Format.json:
        sys.stdout.write(to_json([{k: row.get(k) for k in keys} for row in rows]) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(to_csv(rows, keys))
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not rows:
        console.print(f"[dim]{empty}[/dim]")
        return
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
    texts = [[cell(row.get(c.key)) for c in columns] for row in rows]
    layout = fit(columns, console.width, texts)
    columns = [columns[i] for i in layout.shown]
    for column, width in zip(columns, layout.widths, strict=True):
        table.add_column(
            column.header,
            no_wrap=not column.wrap,
            overflow="fold" if column.wrap else "ellipsis",
            width=width,
            style=column.style,
            justify=column.justify,  # type: ignore[arg-type]
        )
    for i, row in enumerate(rows):
        row_styles = styles[i] if styles else {}
        table.add_row(
            *(
                f"[{row_styles[c.key]}]{markup_text(cell(row.get(c.key)))}[/]"
                if c.key in row_styles
                else markup_text(cell(row.get(c.key)))
                for c in columns
            )
        )
    console.print(table)


def markup_text(text: str) -> str:
    """Note text for a Rich markup string: escaped, and with no control characters."""
    from rich.markup import escape

    return escape(printable(text))
