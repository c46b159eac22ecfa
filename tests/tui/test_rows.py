"""RowTable: the notes list that draws only the lines on screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from scrutiny.columns import Column
from scrutiny.tui.widgets.rows import RowTable


class Rows(App[None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.highlighted: list[str | None] = []
        self.selected: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield RowTable(id="rows")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.set_columns([Column("no", "No", max_width=6), Column("title", "Title", max_width=20)])
        table.refill([(f"k{i}", [str(i), f"row number {i}"]) for i in range(self.count)])
        table.focus()

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        if not isinstance(event, RowTable.RowSelected):
            self.highlighted.append(event.key)

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        self.selected.append(event.key)


def screen_text(app: App[None]) -> list[str]:
    table = app.query_one(RowTable)
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_keys_move_the_cursor_and_the_view_follows() -> None:
    app = Rows(10_000)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        lines = screen_text(app)
        assert lines[0].split() == ["No", "Title"]
        assert lines[1].split()[0] == "0"
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and table.selected_key == "k2"
        assert app.highlighted[-1] == "k2"
        await pilot.press("end")
        await pilot.pause()
        assert table.selected_key == "k9999"
        lines = screen_text(app)
        assert any(line.split()[:1] == ["9999"] for line in lines[1:])
        assert lines[0].split() == ["No", "Title"]  # the header stays put
        await pilot.press("home", "pagedown")
        assert table.cursor_row > 5
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [table.selected_key]


async def test_refill_keeps_the_cursor_on_its_row_and_cuts_long_cells() -> None:
    app = Rows(50)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        await pilot.press("down", "down", "down")
        assert table.selected_key == "k3"
        table.refill(
            [
                ("k9", ["9", "nine"]),
                ("k3", ["3", Text("a title far too long for its column", style="red")]),
            ]
        )
        await pilot.pause()
        assert table.row_count == 2 and table.selected_key == "k3" and table.cursor_row == 1
        assert screen_text(app)[2].split()[:3] == ["3", "a", "title"]
        assert "…" in screen_text(app)[2]
        table.refill([("k1", ["1", "one"])])
        assert table.selected_key == "k1"  # the kept row went: the first row instead
        table.refill([])
        assert table.selected_key is None and table.row_count == 0


async def test_a_click_highlights_then_selects() -> None:
    app = Rows(20)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        await pilot.click(RowTable, offset=(3, 4))  # line 4 is the fourth row (after the header)
        assert table.selected_key == "k3"
        await pilot.click(RowTable, offset=(3, 4))
        await pilot.pause()
        assert app.selected == ["k3"]
