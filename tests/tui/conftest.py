"""Fixtures for the terminal UI: a copy of the demo workspace, a fixed today, waiting for workers."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from scrutiny.tui.app import ScrutinyApp
from scrutiny.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
#: Statuses and overdue marks are as of this day, so tests never depend on the clock.
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's settings (the theme) in a folder of the test's own: never the real home's."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config


@pytest.fixture
def demo(tmp_path: Path) -> Workspace:
    """The demo workspace, copied so tests never write into the repository."""
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "scrutiny.toml", root / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", root / "evidence")
    return Workspace.open(root)


@pytest.fixture
def app(demo: Workspace) -> ScrutinyApp:
    return ScrutinyApp(demo, today=TODAY)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker (loading, searching, building) is done and the screen redrawn.

    The watcher is not waited for: it runs until the app exits.
    """
    for _ in range(3):
        workers = [w for w in pilot.app.workers if w.group != "watch"]
        if workers:
            await pilot.app.workers.wait_for_complete(workers)
        await pilot.pause()
