"""Note text in the terminal UI is text: never markup, never an action, never a control code."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import DataTable, Static

from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.screens.items import RecommendationsScreen, RisksScreen
from scrutiny.tui.widgets.note_view import NoteView, header
from scrutiny.tui.widgets.rows import RowTable
from scrutiny.workspace import Workspace
from tests.tui.conftest import TODAY, settle

MARKUP = "Audit of the [/] process [@click=app.quit]now[/] [bold]x"


def _hostile(demo: Workspace) -> None:
    folder = demo.root / "evidence" / "2025-26"
    (folder / "2025-11-20-hostile-rec.md").write_text(
        "---\nkind: recommendation\nid: REC-90\ndate: 2025-11-20\n"
        f"title: '{MARKUP}'\nareas: [core-partners]\nowner: '[red]Board[/]'\ndue: 2026-12-31\n"
        "---\nBody with [@click=app.quit]a link[/] and [bold]markup.\n",
        encoding="utf-8",
    )
    (folder / "2025-11-20-hostile-risk.md").write_text(
        "---\nkind: risk\nid: RISK-90\ndate: 2025-11-20\n"
        'title: "Risk \\e]0;owned\\a [/] \\e[2J"\ncategory: strategic\n---\nA risk.\n',
        encoding="utf-8",
    )


def _cells(table: DataTable[object]) -> str:
    return "\n".join(
        " ".join(str(getattr(c, "plain", c)) for c in table.get_row_at(i))
        for i in range(table.row_count)
    )


async def test_items_screens_show_markup_and_escapes_as_text(demo: Workspace) -> None:
    _hostile(demo)
    app = ScrutinyApp(demo, today=TODAY)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, RecommendationsScreen)
        table = app.screen.query_one("#items", DataTable)
        shown = _cells(table)
        assert MARKUP in shown and "[red]Board[/]" in shown
        # Select the hostile row: its title and owner show as written in the detail.
        table.move_cursor(row=table.get_row_index("REC-90"))
        await settle(pilot)
        detail = str(app.screen.query_one("#item-title", Static).render())
        assert MARKUP in detail
        # Clicking where "[@click=app.quit]" sits does not quit the app.
        await pilot.click("#item-title", offset=(20, 0))
        await pilot.click("#items")
        await settle(pilot)
        assert app.is_running
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, RisksScreen)
        risks = _cells(app.screen.query_one("#items", DataTable))
        # A title holding escape sequences is an error: left out, and said so.
        assert "RISK-90" not in risks and "\x1b" not in risks
        assert app.loaded is not None
        assert any("U+001B" in p.message for p in app.loaded.corpus.problems)


async def test_evidence_preview_of_a_hostile_note_is_inert(demo: Workspace) -> None:
    _hostile(demo)
    app = ScrutinyApp(demo, today=TODAY)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#notes", RowTable)
        key = next(k for k in table.keys if k.endswith("hostile-rec.md"))
        table.move_cursor(table.get_row_index(key))
        await settle(pilot)
        view = app.screen.query_one("#note", NoteView)
        assert view.note is not None and view.note.title == MARKUP
        assert "[bold]markup" in view.query_one("Markdown").source  # type: ignore[attr-defined]
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(header(view.note))
        header_text = console.export_text()
        assert MARKUP in header_text and "[red]Board[/]" in header_text
        assert app.is_running


async def test_export_dialog_refuses_to_write_over_a_note(demo: Workspace) -> None:
    from textual.widgets import Input

    from scrutiny.tui.screens.export_dialog import ExportDialog

    note = next((demo.root / "evidence").rglob("*.md"))
    before = note.read_bytes()
    app = ScrutinyApp(demo, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#x-file", Input).value = str(note.relative_to(demo.root))
        dialog.export(anyway=True)
        await pilot.pause()
        error = str(dialog.query_one("#x-error", Static).render())
        assert "notes folder evidence/" in error
        assert app.screen is dialog, "the dialog stays open to choose another name"
    assert note.read_bytes() == before
