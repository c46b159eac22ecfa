"""While the first index is built, the header says how far it has got."""

from __future__ import annotations

import asyncio
import threading

from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.state import FirstReading, first_load
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
        self._result.set_result(first_load(self.workspace, self.today))


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
