"""Filling a DataTable again without losing the user's place."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from scrutiny.printable import printable_line

Row = tuple[str, Sequence[str | Text]]


def inert(cell: str | Text) -> Text:
    """A cell as text that is drawn as written: never markup, never a control character.

    A ``str`` given to a DataTable is parsed as Textual markup, so a title such as
    ``Audit of the [/] process`` would crash the screen, and ``[@click=...]`` would
    become an action.
    """
    if isinstance(cell, Text):
        shown = printable_line(cell.plain)
        return cell if shown == cell.plain else Text(shown, style=cell.style)
    return Text(printable_line(cell))


def refill(table: DataTable[str | Text], rows: Sequence[Row], keep: str | None = None) -> None:
    """Replace ``table``'s rows; put the cursor back on ``keep`` (or the selected row)."""
    if keep is None:
        keep = selected_key(table)
    table.clear()
    for key, cells in rows:
        table.add_row(*(inert(c) for c in cells), key=key)
    if keep is not None and any(key == keep for key, _ in rows):
        table.move_cursor(row=table.get_row_index(keep))


def selected_key(table: DataTable[str | Text]) -> str | None:
    """The key of the row under the cursor, if any."""
    if table.row_count == 0:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except CellDoesNotExist:  # the cursor can sit past the end just after a clear
        return None
    return key.value
