"""Filling a DataTable again without losing the user's place."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

Row = tuple[str, Sequence[str | Text]]


def refill(table: DataTable[str | Text], rows: Sequence[Row], keep: str | None = None) -> None:
    """Replace ``table``'s rows; put the cursor back on ``keep`` (or the selected row)."""
    if keep is None:
        keep = selected_key(table)
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
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
