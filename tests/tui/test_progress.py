"""While the first index is built, the header says how far it has got."""

from __future__ import annotations

import asyncio
import threading
from datetime import date

import pytest
from textual.widgets import DataTable, Select

from scrutiny.store import Index
from scrutiny.tui import state
from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.state import FirstReading
from scrutiny.tui.widgets.rows import RowTable
from scrutiny.workspace import Workspace
from tests.tui.conftest import TODAY, settle


class SlowReading(FirstReading):
    """A first reading that reports progress, then waits to be let go."""

    def __init__(self, workspace: Workspace) -> None:
        self.release = threading.Event()
        super().__init__(workspace, TODAY)

    def _run(self) -> None:
        self._progress(4200, 10000)
        self.release.wait(10)
        self._read()


async def test_the_header_shows_indexing_progress_then_the_period(demo: Workspace) -> None:
    reading = SlowReading(demo)
    app = ScrutinyApp(demo, today=TODAY, first_reading=reading)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            if "indexing" in app.sub_title:
                break
            await asyncio.sleep(0.05)
        assert "indexing 4,200 of 10,000 notes" in app.sub_title
        assert "/s)" in app.sub_title
        reading.release.set()
        await settle(pilot)
        assert app.loaded is not None
        assert "indexing" not in app.sub_title
        assert str(app.period) in app.sub_title


def test_an_up_to_date_index_shows_no_progress(demo: Workspace) -> None:
    reading = FirstReading(demo, TODAY)
    reading.result()
    assert reading.describe() is None


async def test_the_newest_period_shows_before_the_rest_is_read(
    demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    read_all = state.full_reading

    def held(index: Index, today: date) -> state.Loaded:
        release.wait(10)
        return read_all(index, today)

    monkeypatch.setattr(state, "full_reading", held)
    app = ScrutinyApp(demo, today=TODAY, first_reading=FirstReading(demo, TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one("#notes", RowTable)
        for _ in range(200):
            if table.row_count:
                break
            await asyncio.sleep(0.02)
        # The glance: the newest period's notes are listed while the rest is read.
        assert app.loaded is None and app.glance is not None
        newest = app.glance.corpus.newest_period()
        assert str(newest) in app.sub_title
        assert table.row_count == len(app.glance.corpus.select(period=newest))
        assert app.screen.query_one("#period", Select).disabled
        await pilot.press("2")  # other screens wait for the full reading
        await pilot.pause()
        assert app.screen.query_one("#items", DataTable).row_count == 0
        release.set()
        await settle(pilot)
        assert app.loaded is not None and app.loaded.complete
        assert app.glance is None
        assert app.screen.query_one("#items", DataTable).row_count > 0
        await pilot.press("1")
        await pilot.pause()
        assert not app.screen.query_one("#period", Select).disabled
