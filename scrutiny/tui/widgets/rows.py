"""A table for thousands of rows: each line is drawn when it is on screen, not before.

Textual's ``DataTable`` measures and renders every cell of every row as rows are added,
about 2 ms a line: refilling it on each search keystroke over 10,000 notes could not keep
up with typing. :class:`RowTable` holds plain rows, columns laid out for its width (by
:func:`scrutiny.columns.fit`, from the columns alone: a refill never moves them) and a
cursor; a refill is a list assignment, and a repaint draws the 30-odd lines in view.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from scrutiny.columns import Column, Layout, fit
from scrutiny.printable import printable_line

Cell = str | Text
Row = tuple[str, Sequence[Cell]]


class RowTable(ScrollView, can_focus=True):
    """Rows with a key each, under a fixed header, with a row cursor."""

    COMPONENT_CLASSES = {
        "rowtable--header",
        "rowtable--cursor",
        "rowtable--even-row",
        "rowtable--odd-row",
    }
    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .rowtable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .rowtable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .rowtable--even-row {
            background: $surface-darken-1 40%;
        }
        & > .rowtable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .rowtable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .rowtable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "to(0)", "First", show=False),
        Binding("end", "to(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=False, init=False)

    class RowHighlighted(Message):
        """The cursor moved to another row (or the rows under it changed)."""

        def __init__(self, table: RowTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable:
            return self.table

    class RowSelected(RowHighlighted):
        """Enter was pressed on a row, or a highlighted row was clicked."""

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        #: The columns drawn (indices into :attr:`columns`) and their widths.
        self.fitted = Layout((), ())
        self._rows: list[Row] = []
        self._index: dict[str, int] = {}
        self._styles: dict[str, Style] = {}

    # -- content ------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        """The columns; rows carry a cell for each, drawn if the width allows."""
        self.columns = list(columns)
        self._fit()

    def _fit(self) -> None:
        # The scrollbar's width is kept free whether it shows or not.
        width = max(self.size.width - self.styles.scrollbar_size_vertical, 0)
        layout = fit(self.columns, width, gap=2, ends=2)
        if layout != self.fitted:
            self.fitted = layout
            self._resize()
            self.refresh()

    def refill(self, rows: Sequence[Row], keep: str | None = None) -> None:
        """Replace the rows; keep the cursor on ``keep`` (or the selected row) if still there.

        Posts no :class:`RowHighlighted`: whoever refills knows the rows changed.
        """
        if keep is None:
            keep = self.selected_key
        self._rows = list(rows)
        self._index = {key: i for i, (key, _) in enumerate(self._rows)}
        at = self._index.get(keep, 0) if keep is not None else 0
        self._resize()
        self.set_reactive(RowTable.cursor_row, at)
        self._scroll_to_cursor()
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> list[Cell]:
        """The cells of the row at ``index``."""
        return list(self._rows[index][1])

    def get_row_index(self, key: str) -> int:
        return self._index[key]

    @property
    def keys(self) -> list[str]:
        return [key for key, _ in self._rows]

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        if not self._rows:
            return None
        return self._rows[min(self.cursor_row, len(self._rows) - 1)][0]

    def move_cursor(self, row: int) -> None:
        self.cursor_row = max(0, min(row, len(self._rows) - 1))

    # -- cursor -------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.RowHighlighted(self, self.selected_key))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)  # less the header
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        page = max(1, self.scrollable_content_region.height - 2)
        self.move_cursor(self.cursor_row + step * page)

    def action_to(self, row: int) -> None:
        self.move_cursor(row if row >= 0 else len(self._rows) - 1)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self.selected_key))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y - 1
        if event.y < 1 or not 0 <= row < len(self._rows):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row)

    def on_resize(self) -> None:
        self._fit()
        self._scroll_to_cursor()

    # -- drawing ------------------------------------------------------------------------

    def _resize(self) -> None:
        width = sum(w + 2 for w in self.fitted.widths)
        self.virtual_size = Size(width, len(self._rows) + 1)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles once per repaint, not once per line.
        base = self.rich_style
        self._styles = {
            name: base + self.get_component_rich_style(f"rowtable--{name}")
            for name in ("header", "cursor", "even-row", "odd-row")
        }
        self._styles["base"] = base
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        styles = self._styles
        shown, widths = self.fitted.shown, self.fitted.widths
        if y == 0:
            style = styles["header"]
            cells: Sequence[Cell] = [c.header for c in self.columns]
        else:
            index = round(self.scroll_y) + y - 1
            if index >= len(self._rows):
                return Strip.blank(width, styles["base"])
            cells = self._rows[index][1]
            if index == self.cursor_row:
                style = styles["cursor"]
            else:
                style = styles["odd-row" if index % 2 else "even-row"]
        cursor = y > 0 and round(self.scroll_y) + y - 1 == self.cursor_row
        segments = [
            _cell(cells[i] if i < len(cells) else "", w, style, cursor)
            for i, w in zip(shown, widths, strict=True)
        ]
        used = sum(w + 2 for w in widths)
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        return Strip(segments).crop(round(self.scroll_x), round(self.scroll_x) + width)


def _cell(cell: Cell, width: int, style: Style, cursor: bool) -> Segment:
    """One cell, cut to ``width`` (with an ellipsis) and padded by a space each side."""
    if isinstance(cell, Text):
        text = cell.plain
        if not cursor and cell.style:
            style = style + (Style.parse(cell.style) if isinstance(cell.style, str) else cell.style)
    else:
        text = cell
    text = printable_line(text)  # note text: never a control character on the terminal
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    else:
        text = set_cell_size(text, width)
    return Segment(f" {text} ", style)
