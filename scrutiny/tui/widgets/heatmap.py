"""A heat map: a table whose cells are shaded by count, with empty cells and gap rows marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

#: Cell backgrounds from few to many (readable on dark and light themes alike).
SHADES = ("#0e4429", "#006d32", "#26a641", "#39d353")
CELL_WIDTH = 5


@dataclass
class HeatRow:
    """One row of a heat map: its label, its counts, and whether it is a gap."""

    label: str
    values: Sequence[int]
    gap: bool = False


def shade(value: int, top: int, width: int = CELL_WIDTH) -> Text:
    """``value`` right-aligned in a cell, darker to brighter as it nears ``top``."""
    if value == 0:
        return Text("·".rjust(width - 1) + " ", style="bold red")
    step = min(len(SHADES) - 1, (value * len(SHADES) - 1) // max(top, 1))
    colour = SHADES[step]
    fg = "black" if step >= 2 else "white"
    return Text(f"{value:>{width - 1}} ", style=Style(color=fg, bgcolor=colour))


class HeatMap(DataTable[str | Text]):
    """Rows of counts under short column headings; gaps (rows flagged ``gap``) in red."""

    DEFAULT_CSS = """
    HeatMap { height: auto; max-height: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cell_padding=0, zebra_stripes=False)

    def show(
        self,
        label_width: int,
        columns: Sequence[str],
        rows: Sequence[HeatRow],
        cell_width: int = CELL_WIDTH,
    ) -> None:
        """Redraw with ``columns`` (headings) and ``rows``."""
        keep = self.cursor_row
        self.clear(columns=True)
        self.add_column(" area", width=label_width)
        for heading in columns:
            self.add_column(Text(f"{heading:>{cell_width - 1}} "), width=cell_width)
        top = max((v for r in rows for v in r.values), default=0)
        for row in rows:
            style = "bold red" if row.gap else ""
            mark = "⚠" if row.gap else " "
            label = Text(f"{mark}{row.label}"[:label_width], style=style)
            self.add_row(label, *(shade(v, top, cell_width) for v in row.values))
        if 0 <= keep < self.row_count:
            self.move_cursor(row=keep)
