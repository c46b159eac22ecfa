"""Tables that fit: at 80x24 ids whole, the title with room, and never a sideways scroll."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, TabbedContent

from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.widgets.rows import RowTable
from scrutiny.workspace import Workspace
from tests.tui.conftest import TODAY, settle

LONG_IDS = {"recommendation": "REC-2025-26-001", "risk": "RISK-2025-26-001"}
LONG_TITLE = "Publish the partnership's multi-agency audit programme and its findings " * 2


def _long_ids(demo: Workspace) -> ScrutinyApp:
    """The demo with a recommendation and a risk whose ids and titles are long."""
    folder = Path(demo.root) / "evidence" / "2025-26"
    for kind, item_id in LONG_IDS.items():
        extra = "due: 2027-03-31\n" if kind == "recommendation" else "category: strategic\n"
        (folder / f"{item_id.lower()}.md").write_text(
            f"---\nkind: {kind}\nid: {item_id}\ndate: 2026-01-12\ntitle: {LONG_TITLE.strip()}\n"
            f"areas: [core-partners, quality-assurance]\n{extra}---\nBody.\n",
            encoding="utf-8",
        )
    return ScrutinyApp(Workspace.open(demo.root), today=TODAY)


def _no_sideways_scroll(table: Widget) -> None:
    assert table.virtual_size.width <= table.scrollable_content_region.width, table.id
    assert not table.show_horizontal_scrollbar, table.id


def _widths(table: DataTable[object]) -> dict[str, int]:
    return {str(key.value): column.width for key, column in table.columns.items()}


async def _show(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


async def test_items_tables_at_80x24_show_id_status_due_and_title(demo: Workspace) -> None:
    app = _long_ids(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, kind in (("2", "recommendation"), ("3", "risk")):
            await _show(pilot, key)
            await pilot.press("a")  # all, not only the open ones
            await settle(pilot)
            table = app.screen.query_one("#items", DataTable)
            widths = _widths(table)
            assert list(widths)[:5] == ["mark", "id", "status", "due", "title"]
            assert widths["title"] >= 20
            _no_sideways_scroll(table)
            ids = [str(table.get_cell(k, "id")) for k in (r.key for r in table.ordered_rows)]
            assert ids == [str(k.value) for k in table.rows]
            assert LONG_IDS[kind] in ids
            assert all(cell_len(i) <= widths["id"] for i in ids)  # every id whole
            _no_sideways_scroll(app.screen.query_one("#timeline", DataTable))


async def test_the_items_table_adds_columns_as_the_terminal_widens(demo: Workspace) -> None:
    app = _long_ids(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _show(pilot, "2")
        table = app.screen.query_one("#items", DataTable)
        narrow = _widths(table)
        assert "areas" not in narrow and "owner" not in narrow
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        wide = _widths(table)
        assert {"areas", "owner"} <= set(wide)
        assert wide["title"] > narrow["title"]
        _no_sideways_scroll(table)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert _widths(table) == narrow


async def test_every_table_at_80x24_fits_without_a_sideways_scroll(app: ScrutinyApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        notes = app.screen.query_one("#notes", RowTable)
        headers = [notes.columns[i].header for i in notes.fitted.shown]
        assert headers == ["Date", "Kind", "Title"]
        assert notes.fitted.widths[2] >= 20
        _no_sideways_scroll(notes)
        await _show(pilot, "4")
        for tab, table_id in (("tab-compare", "#compare-table"), ("tab-changes", "#changes-table")):
            app.screen.query_one(TabbedContent).active = tab
            await settle(pilot)
            table = app.screen.query_one(table_id, DataTable)
            assert table.row_count > 0
            _no_sideways_scroll(table)
        await _show(pilot, "6")
        _no_sideways_scroll(app.screen.query_one("#problems", DataTable))
