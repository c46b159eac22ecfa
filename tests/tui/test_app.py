"""The terminal UI opens on a workspace, lists its notes and previews the selected one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Markdown, Static

from scrutiny.tui.app import ScrutinyApp
from scrutiny.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(tmp_path: Path) -> Workspace:
    shutil.copy(REPO / "scrutiny.toml", tmp_path / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", tmp_path / "evidence")
    return Workspace.open(tmp_path)


async def test_notes_table_lists_every_note_newest_first(demo: Workspace) -> None:
    app = ScrutinyApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.query_one("#notes", DataTable)
        files = list(demo.note_files())
        assert table.row_count == len(files)
        dates = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert dates == sorted(dates, reverse=True)
        assert app.sub_title == "Northfield Safeguarding Children Partnership"


async def test_moving_the_cursor_previews_the_note(demo: Workspace) -> None:
    app = ScrutinyApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.query_one("#notes", DataTable)
        await pilot.press("down")
        await pilot.pause()
        title = table.get_row_at(1)[2]
        meta = app.query_one("#meta", Static)
        assert title in str(meta.render())
        assert app.query_one("#preview", Markdown).source.strip()


async def test_reload_picks_up_a_new_note(demo: Workspace) -> None:
    app = ScrutinyApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.query_one("#notes", DataTable)
        before = table.row_count
        (demo.evidence_dir / "2026-10-01-new.md").write_text(
            "---\nkind: activity\ndate: 2026-10-01\ntitle: Brand new meeting\n"
            "areas: [training]\nsource: meeting\n---\nWe met.\n"
        )
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert table.row_count == before + 1
        assert table.get_row_at(0)[2] == "Brand new meeting"
