"""Which columns a table shows at a given width, and how wide each is: one rule for the
command line's tables and the terminal UI's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

#: The narrowest a flexible column is cut to when nothing is left to drop.
FLOOR = 4


@dataclass(frozen=True)
class Column:
    """A table column: the row key, its header, and how it shares the width.

    A column is *fixed* (no ``ratio``: as wide as its text, up to ``max_width``) or
    *flexible* (a ``ratio``: cut with "…" down to ``min_width``, and given a share of the
    room left, up to its text's width).
    """

    key: str
    header: str
    #: The widest it is drawn (a flexible column with no text to measure: its preferred width).
    max_width: int | None = None
    #: The least it is given before ``drop`` columns are left out.
    min_width: int | None = None
    #: A share of the room left, against the other flexible columns.
    ratio: int | None = None
    style: str | None = None
    justify: str = "left"
    #: Wrap long text onto more lines in the cell instead of cutting it with "…".
    wrap: bool = False
    #: Never cut, whatever ``max_width`` says: an id people copy. Other columns give way.
    whole: bool = False
    #: Left out when the table cannot otherwise fit; the lowest number goes first.
    drop: int | None = None


@dataclass(frozen=True)
class Layout:
    """The columns a table shows (their indices, in order) and their widths."""

    shown: tuple[int, ...]
    widths: tuple[int, ...]


def fit(
    columns: Sequence[Column],
    total: int,
    texts: Sequence[Sequence[str]] | None = None,
    *,
    gap: int = 3,
    ends: int = 1,
) -> Layout:
    """The columns that fit ``total`` cells, and their widths.

    ``texts`` are the rows' cells (one per column), measured for each column's natural
    width; without them a flexible column prefers its ``max_width`` (or all the room).
    ``gap`` is drawn between two columns and ``ends`` once per table (Rich's simple box: a
    divider and a space each side; a DataTable: a space each side of every cell).

    A ``drop`` column with nothing in it is left out; so are others, lowest ``drop``
    first, while the columns' least widths do not fit. Flexible columns then share what is
    left, up to their natural width: those never dropped first (the title before the
    extras), by ``ratio``. If nothing was left to drop and it still does not fit, they are
    cut further.
    """
    natural = [_natural(i, c, total, texts) for i, c in enumerate(columns)]
    least = [
        min(c.min_width or FLOOR, n) if c.ratio else n
        for c, n in zip(columns, natural, strict=True)
    ]
    shown = [i for i, c in enumerate(columns) if not _empty(i, c, texts)]
    droppable = sorted(
        (i for i in shown if columns[i].drop is not None),
        key=lambda i: (columns[i].drop, -i),
    )
    while droppable and sum(least[i] for i in shown) > _room(total, len(shown), gap, ends):
        shown.remove(droppable.pop(0))
    widths = _share(
        [columns[i] for i in shown],
        [least[i] for i in shown],
        [natural[i] for i in shown],
        _room(total, len(shown), gap, ends),
    )
    return Layout(tuple(shown), tuple(widths))


def _empty(i: int, column: Column, texts: Sequence[Sequence[str]] | None) -> bool:
    """A column that may be dropped and has nothing to show."""
    return column.drop is not None and texts is not None and not any(row[i] for row in texts)


def _room(total: int, count: int, gap: int, ends: int) -> int:
    return total - gap * max(count - 1, 0) - ends


def _natural(i: int, column: Column, total: int, texts: Sequence[Sequence[str]] | None) -> int:
    """How wide ``column`` would be with room to spare."""
    if texts is not None:
        width = max([cell_len(column.header), *(cell_len(row[i]) for row in texts)])
    elif column.ratio:
        width = column.max_width or total
    else:
        width = max(cell_len(column.header), column.max_width or 0)
    if column.max_width and not column.whole:
        width = min(width, column.max_width)
    return max(width, column.min_width or 0, 1)


def _share(columns: list[Column], least: list[int], natural: list[int], room: int) -> list[int]:
    """Widths from ``least``. Flexible columns grow towards ``natural``: first those never
    dropped (the title before the extras), then the rest, last to be dropped first; among
    equals by ratio, one cell at a time. When ``room`` is short they give way instead.
    """
    widths = list(least)
    flexible = [k for k, c in enumerate(columns) if c.ratio]
    spare = room - sum(widths)
    for rank in sorted({_rank(columns[k]) for k in flexible}):
        group = [k for k in flexible if _rank(columns[k]) == rank]
        while spare > 0:
            growing = [k for k in group if widths[k] < natural[k]]
            if not growing:
                break
            k = min(growing, key=lambda k: (widths[k] - least[k]) / (columns[k].ratio or 1))
            widths[k] += 1
            spare -= 1
    while spare < 0:
        giving = [k for k in flexible if widths[k] > min(FLOOR, least[k])]
        if not giving:
            break
        k = max(giving, key=lambda k: widths[k] / (columns[k].ratio or 1))
        widths[k] -= 1
        spare += 1
    return widths


def _rank(column: Column) -> tuple[int, int]:
    """Which columns grow first: never dropped, then the last to be dropped."""
    return (0, 0) if column.drop is None else (1, -column.drop)
