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
    """Index a workspace with no ``.scrutiny/``, from process start (imports included)."""
    shutil.rmtree(ws / ".scrutiny", ignore_errors=True)
    start = time.perf_counter()
    from scrutiny.store import Index
    from scrutiny.workspace import Workspace

    stats = Index(Workspace.open(ws)).refresh()
    assert stats.parsed == stats.added > 0, stats
    return {"seconds": time.perf_counter() - start}


def peer(ws: Path) -> dict[str, float]:
    """The minimal peer (:mod:`bench.peer`) on the same notes, imports included."""
    start = time.perf_counter()
    from bench.peer import index

    rows = index(ws, ws / "peer.db")
    seconds = time.perf_counter() - start
    (ws / "peer.db").unlink()
    assert rows > 0
    return {"seconds": seconds}


def refresh(ws: Path) -> dict[str, float]:
    """Refresh an up-to-date index."""
    from scrutiny.store import Index
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
    from scrutiny.store import Index
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
    """First paint of the TUI with the notes listed, then search keystrokes to repaint.

    Starts as ``scrutiny tui`` does (the first reading before the UI is imported). Each
    keystroke of a typed word is timed until that query's results are in the table and
    the screen has been drawn; the slowest keystroke is reported.
    """
    import asyncio
    import datetime as dt

    started = time.perf_counter()
    from scrutiny.tui.state import FirstReading
    from scrutiny.workspace import Workspace

    workspace = Workspace.open(ws)
    reading = FirstReading(workspace, dt.date.today())
    from textual import events
    from textual.widgets import Input

    from scrutiny.tui.app import ScrutinyApp
    from scrutiny.tui.screens.evidence import EvidenceScreen
    from scrutiny.tui.widgets.rows import RowTable

    result: dict[str, float] = {}

    async def drive() -> None:
        app = ScrutinyApp(workspace, today=reading.today, first_reading=reading)
        async with app.run_test(size=(120, 40)) as pilot:
            while not any(t.row_count for t in app.screen.query(RowTable)):
                await asyncio.sleep(0.002)
            # Every message handled, then the screen drawn (not pause(): that waits for the
            # process to idle, and the rest of the notes are being read in the background).
            await pilot.pause(0)
            result["first_paint"] = time.perf_counter() - started
            while app.loaded is None:
                await asyncio.sleep(0.005)
            await pilot.pause()
            result["full_reading"] = time.perf_counter() - started
            screen = app.screen
            assert isinstance(screen, EvidenceScreen)
            screen.query_one("#search", Input).focus()
            await pilot.pause()
            slowest = 0.0
            times: list[float] = []
            typed = ""
            for key in "neglect":
                typed += key
                # Post the key as the terminal driver does (Pilot.press also waits for the
                # whole process to idle, background polls included, which is not latency).
                start = time.perf_counter()
                app.post_message(events.Key(key, key))
                while screen.shown_query != typed:
                    await asyncio.sleep(0.001)
                await pilot.pause(0)  # every message handled, then the screen drawn
                took = time.perf_counter() - start
                slowest = max(slowest, took)
                times.append(took)
                await pilot.pause()
            result["keystroke"] = slowest
            result["keystroke_median"] = sorted(times)[len(times) // 2]
            result["rows"] = screen.query_one("#notes", RowTable).row_count

    asyncio.run(drive())
    return result


def rss_now_mb() -> float:
    """The resident set size now (``ru_maxrss`` is the peak, which never comes down)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return rss_mb()  # no /proc: the peak is the best there is


def cpu_seconds() -> float:
    """User and system CPU time of this process, every thread included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


#: How long the TUI is left idle, and how long it settles first (the first reading done).
IDLE_SECONDS = 180.0
SETTLE_SECONDS = 10.0


def tui_idle(ws: Path, seconds: float = IDLE_SECONDS, mode: str = "watch") -> dict[str, float]:
    """The TUI left open with no input: its RSS growth and CPU share over ``seconds``.

    ``mode`` is how it notices outside changes (``SCRUTINY_WATCH``: ``watch`` or
    ``poll``); a run that could not use the mode asked for stops. Once every note is read
    and the app has settled, RSS and CPU time (user and system, every thread: a measure a
    loaded machine does not inflate) are taken, then the app runs untouched for
    ``seconds``.
    """
    import asyncio
    import datetime as dt
    import os

    os.environ["SCRUTINY_WATCH"] = mode
    from scrutiny.tui.app import ScrutinyApp
    from scrutiny.workspace import Workspace

    result: dict[str, float] = {}

    async def drive() -> None:
        app = ScrutinyApp(Workspace.open(ws), today=dt.date.today())
        async with app.run_test(size=(120, 40)) as pilot:
            while app.loaded is None:
                await asyncio.sleep(0.05)
            await pilot.pause()
            await asyncio.sleep(min(SETTLE_SECONDS, seconds))
            rss_start, cpu_start, start = rss_now_mb(), cpu_seconds(), time.perf_counter()
            peak = rss_start
            deadline = start + seconds
            while (now := time.perf_counter()) < deadline:
                await asyncio.sleep(min(5.0, deadline - now))
                peak = max(peak, rss_now_mb())
            elapsed = time.perf_counter() - start
            result["seconds"] = elapsed
            result["rss_start_mb"] = rss_start
            result["rss_end_mb"] = rss_now_mb()
            result["rss_growth_mb"] = max(peak, result["rss_end_mb"]) - rss_start
            result["cpu_share"] = (cpu_seconds() - cpu_start) / elapsed
            if app.watch_plan.how != mode:
                raise SystemExit(
                    f"asked to {mode}, the app chose to {app.watch_plan.how}: {app.watch_plan.why}"
                )

    asyncio.run(drive())
    return result


STAGES = {
    "floor": floor,
    "cold": cold,
    "peer": peer,
    "refresh": refresh,
    "refresh-one": refresh_one,
    "tui": tui,
    "tui-idle": tui_idle,
}


def main() -> None:
    name, ws = sys.argv[1], Path(sys.argv[2])
    if name == "tui-idle" and len(sys.argv) > 3:
        result = tui_idle(ws, float(sys.argv[3]), *sys.argv[4:5])
    else:
        result = STAGES[name](ws)
    result["rss_mb"] = rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
