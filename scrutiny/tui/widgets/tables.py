"""DataTables whose columns fit their width, filled again without losing the user's place."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from scrutiny.columns import Column, Layout, fit
from scrutiny.printable import printable_line

Row = tuple[str, Sequence[str | Text]]


def inert(cell: str | Text, wrap: bool = False) -> Text:
    """A cell as text that is drawn as written: never markup, never a control character;
    cut with "…" at the column's edge, or (``wrap``) wrapped onto more lines.

    A ``str`` given to a DataTable is parsed as Textual markup, so a title such as
    ``Audit of the [/] process`` would crash the screen, and ``[@click=...]`` would
    become an action.
    """
    plain = _plain(cell)
    shown = printable_line(plain)
    if isinstance(cell, Text) and shown == plain:
        text = cell.copy()
    else:
        text = Text(shown, style=cell.style if isinstance(cell, Text) else "")
    text.no_wrap, text.overflow = not wrap, "fold" if wrap else "ellipsis"
    return text


def refill(
    table: DataTable[str | Text],
    rows: Sequence[Row],
    keep: str | None = None,
    wrap: Sequence[bool] = (),
) -> None:
    """Replace ``table``'s rows; put the cursor back on ``keep`` (or the selected row).

    Cells of the columns ``wrap`` marks are wrapped, and their rows as tall as they need.
    """
    if keep is None:
        keep = selected_key(table)
    table.clear()
    wrapping = [i for i, w in enumerate(wrap) if w]
    for key, cells in rows:
        table.add_row(
            *(inert(c, i in wrapping) for i, c in enumerate(cells)),
            key=key,
            height=None if wrapping else 1,
        )
    if keep is not None and any(key == keep for key, _ in rows):
        table.move_cursor(row=table.get_row_index(keep))


def _plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def selected_key(table: DataTable[str | Text]) -> str | None:
    """The key of the row under the cursor, if any."""
    if table.row_count == 0:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except CellDoesNotExist:  # the cursor can sit past the end just after a clear
        return None
    return key.value


class FitTable(DataTable[str | Text]):
    """A table that never scrolls sideways: its columns are laid out by
    :func:`scrutiny.columns.fit` for the width it has, again whenever that changes.

    Rows carry a cell for every column; a column left out for want of room is not drawn.
    """

    def __init__(
        self, columns: Sequence[Column], *, id: str | None = None, zebra_stripes: bool = True
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=zebra_stripes)
        self.specs = list(columns)
        self._rows: list[Row] = []
        self._layout: Layout | None = None

    def fill(self, rows: Sequence[Row], keep: str | None = None) -> None:
        """Replace the rows (a cell for every column); keep the cursor on ``keep``."""
        self._rows = list(rows)
        self._draw(keep)

    def _fit(self) -> Layout:
        # The scrollbar's width is kept free whether it shows or not, so that a longer
        # list does not push the last column out of sight.
        width = self.size.width - self.styles.scrollbar_size_vertical
        texts = [[printable_line(_plain(c)) for c in cells] for _, cells in self._rows]
        pad = 2 * self.cell_padding
        return fit(self.specs, max(width, 0), texts, gap=pad, ends=pad)

    def _draw(self, keep: str | None = None) -> None:
        if keep is None:
            keep = selected_key(self)
        layout = self._fit()
        if layout != self._layout:
            self._layout = layout
            self.clear(columns=True)
            for i, width in zip(layout.shown, layout.widths, strict=True):
                self.add_column(self.specs[i].header, width=width, key=self.specs[i].key)
        rows = [(key, [cells[i] for i in layout.shown]) for key, cells in self._rows]
        refill(self, rows, keep, [self.specs[i].wrap for i in layout.shown])

    def on_resize(self) -> None:
        if self._layout is not None and self._fit() != self._layout:
            self._draw()
