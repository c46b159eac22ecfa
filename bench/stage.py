"""One benchmark stage, run in its own process: prints a JSON line with seconds and peak RSS."""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(ws: Path) -> dict[str, float]:
    """Read every note and parse its front matter with CSafeLoader: the least any index does."""
    import os

    import yaml

    start = time.perf_counter()
    for dirpath, _dirs, files in os.walk(ws / "evidence"):
        for name in files:
            text = Path(dirpath, name).read_text(encoding="utf-8")
            front = text.split("\n---\n", 1)[0][4:]
            yaml.load(front, Loader=yaml.CSafeLoader)
    return {"seconds": time.perf_counter() - start}


def cold(ws: Path) -> dict[str, float]:
    """Index a workspace with no ``.scrutiny/`` and load its notes."""
    shutil.rmtree(ws / ".scrutiny", ignore_errors=True)
    start = time.perf_counter()
    from scrutiny import index
    from scrutiny.workspace import Workspace

    index.load(Workspace.open(ws))
    return {"seconds": time.perf_counter() - start}


def refresh(ws: Path) -> dict[str, float]:
    """Refresh an up-to-date index."""
    from scrutiny.index import Index
    from scrutiny.workspace import Workspace

    idx = Index(Workspace.open(ws))
    idx.refresh()
    start = time.perf_counter()
    stats = idx.refresh()
    seconds = time.perf_counter() - start
    assert stats.parsed == 0, stats
    return {"seconds": seconds}


def refresh_one(ws: Path) -> dict[str, float]:
    """Change one note, then refresh."""
    from scrutiny.index import Index
    from scrutiny.workspace import Workspace

    workspace = Workspace.open(ws)
    idx = Index(workspace)
    idx.refresh()
    note = next(workspace.note_files())
    note.write_text(note.read_text() + "\nOne more line.\n")
    start = time.perf_counter()
    stats = idx.refresh()
    seconds = time.perf_counter() - start
    assert stats.parsed == 1, stats
    return {"seconds": seconds}


def tui(ws: Path) -> dict[str, float]:
    """First paint of the TUI with the notes listed, and one search keystroke to repaint."""
    import asyncio

    started = time.perf_counter()
    from textual.widgets import DataTable, Input

    from scrutiny.tui.app import ScrutinyApp
    from scrutiny.workspace import Workspace

    result: dict[str, float] = {}

    async def drive() -> None:
        app = ScrutinyApp(Workspace.open(ws))
        async with app.run_test(size=(120, 40)) as pilot:
            while not any(t.row_count for t in app.query(DataTable)):
                await asyncio.sleep(0.005)
            await pilot.pause()
            result["first_paint"] = time.perf_counter() - started
            inputs = list(app.query(Input))
            if inputs:
                inputs[0].focus()
                await pilot.pause()
                start = time.perf_counter()
                await pilot.press("e")
                await pilot.pause()
                await pilot.wait_for_scheduled_animations()
                result["keystroke"] = time.perf_counter() - start
            else:
                result["keystroke"] = float("nan")

    asyncio.run(drive())
    return result


STAGES = {"floor": floor, "cold": cold, "refresh": refresh, "refresh-one": refresh_one, "tui": tui}


def main() -> None:
    name, ws = sys.argv[1], Path(sys.argv[2])
    result = STAGES[name](ws)
    result["rss_mb"] = rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
