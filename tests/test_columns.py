"""Which columns a table shows at a width, and how wide: scrutiny.columns.fit, no app."""

from __future__ import annotations

import pytest

from scrutiny.columns import Column, Layout, fit

#: A recommendations table as the terminal UI lays it out: the id whole, status and due
#: fixed, the title flexible, then areas and owner as the width allows (owner goes first).
ITEMS = (
    Column("mark", "", max_width=1),
    Column("id", "Id", max_width=6, whole=True),
    Column("status", "Status", max_width=12),
    Column("due", "Due", min_width=10),
    Column("title", "Title", min_width=40, ratio=4),
    Column("areas", "Areas", min_width=12, max_width=36, ratio=1, drop=2),
    Column("owner", "Owner", min_width=12, max_width=30, ratio=1, drop=1),
)
ROWS = [
    ["!", "REC-2025-26-001", "in-progress", "2025-12-31",
     "Create a standing route for young people's views to reach the Executive",
     "children-families, quality-assurance",
     "Northfield Council Children's Services participation team"],
    ["", "REC-03", "not-accepted", "",
     "Scrutiny of primary school representation", "wider-partners", ""],
]  # fmt: skip
#: A DataTable: a space each side of every cell.
CELLS = {"gap": 2, "ends": 2}


def shown(layout: Layout) -> list[str]:
    return [ITEMS[i].key for i in layout.shown]


def width_of(layout: Layout, key: str) -> int:
    return dict(zip(shown(layout), layout.widths, strict=True))[key]


def drawn(layout: Layout) -> int:
    """Cells the table takes, padding included."""
    return sum(layout.widths) + 2 * len(layout.widths)


@pytest.mark.parametrize("total", [80, 120, 200])
def test_the_id_is_whole_and_the_table_fits(total: int) -> None:
    layout = fit(ITEMS, total, ROWS, **CELLS)
    assert drawn(layout) <= total
    assert width_of(layout, "id") == len("REC-2025-26-001")  # max_width does not cut it
    assert {"mark", "id", "status", "due", "title"} <= set(shown(layout))
    assert width_of(layout, "status") == len("not-accepted")
    assert width_of(layout, "due") == 10


def test_at_80_the_title_takes_what_is_left() -> None:
    layout = fit(ITEMS, 80, ROWS, **CELLS)
    assert shown(layout) == ["mark", "id", "status", "due", "title"]
    assert drawn(layout) == 80  # every cell not needed elsewhere
    assert width_of(layout, "title") >= 30


def test_at_110_areas_join_and_the_owner_waits() -> None:
    layout = fit(ITEMS, 110, ROWS, **CELLS)
    assert shown(layout) == ["mark", "id", "status", "due", "title", "areas"]
    assert width_of(layout, "title") >= 40
    assert drawn(layout) == 110  # the room left is shared, not wasted


def test_at_120_every_column_shows_and_the_title_has_the_most_room() -> None:
    layout = fit(ITEMS, 120, ROWS, **CELLS)
    assert shown(layout) == [c.key for c in ITEMS]
    assert width_of(layout, "title") > 40 > width_of(layout, "owner") >= 12
    assert drawn(layout) == 120


def test_at_200_every_column_shows_and_none_is_cut() -> None:
    layout = fit(ITEMS, 200, ROWS, **CELLS)
    assert shown(layout) == [c.key for c in ITEMS]
    title, areas = ROWS[0][4], ROWS[0][5]
    assert width_of(layout, "title") == len(title)
    assert width_of(layout, "areas") == len(areas)
    assert width_of(layout, "owner") == 30  # its max_width: cut there with "…", by design
    assert drawn(layout) < 200


def test_columns_join_in_priority_order_as_the_width_grows() -> None:
    seen = [tuple(shown(fit(ITEMS, total, ROWS, **CELLS))) for total in range(60, 220)]
    assert seen == sorted(seen, key=len)  # once shown, a column stays shown when wider
    assert {len(s) for s in seen} == {5, 6, 7}


def test_with_nothing_left_to_drop_flexible_columns_are_cut_below_their_minimum() -> None:
    layout = fit(ITEMS, 60, ROWS, **CELLS)
    assert shown(layout) == ["mark", "id", "status", "due", "title"]
    assert drawn(layout) == 60
    assert 4 <= width_of(layout, "title") < 40


def test_flexible_columns_share_the_room_by_ratio() -> None:
    columns = [
        Column("a", "A", min_width=10, ratio=1),
        Column("b", "B", min_width=10, ratio=3),
    ]
    layout = fit(columns, 100, [["x" * 200, "y" * 200]], gap=0, ends=0)
    assert layout.widths == (30, 70)


def test_without_rows_fixed_columns_take_their_max_width_and_the_title_the_rest() -> None:
    columns = [
        Column("date", "Date", min_width=10),
        Column("title", "Title", min_width=24, ratio=3),
        Column("areas", "Areas", max_width=18, drop=1),
    ]
    narrow = fit(columns, 50, gap=2, ends=2)
    assert narrow.shown == (0, 1) and narrow.widths == (10, 50 - 4 - 10)
    wide = fit(columns, 200, gap=2, ends=2)
    assert wide.widths == (10, 200 - 6 - 10 - 18, 18)


def test_the_title_grows_before_the_extras() -> None:
    columns = [
        Column("title", "Title", min_width=20, ratio=1),
        Column("areas", "Areas", min_width=10, ratio=4, drop=1),
    ]
    rows = [["t" * 50, "a" * 50]]
    assert fit(columns, 80, rows, gap=0, ends=0).widths == (50, 30)
    assert fit(columns, 40, rows, gap=0, ends=0).widths == (30, 10)


def test_an_empty_column_that_may_be_dropped_is_left_out() -> None:
    layout = fit(ITEMS, 200, [[*row[:6], ""] for row in ROWS], **CELLS)
    assert "owner" not in shown(layout)


def test_rich_tables_keep_a_spare_cell() -> None:
    """The command line's default spacing: three cells between columns, one at the end."""
    columns = [Column("id", "Id", whole=True), Column("title", "Title", ratio=1)]
    layout = fit(columns, 80, [["REC-01", "t" * 100]])
    assert layout.widths == (6, 80 - 6 - 3 - 1)
