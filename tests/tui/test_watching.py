"""Outside edits reach the TUI by watching (watchfiles), or by polling where it cannot watch."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from watchfiles import Change

from scrutiny.tui import watching
from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.state import reload
from scrutiny.tui.watching import NoteChanges, Plan, filesystem_of, linked_folder, plan
from scrutiny.tui.widgets.rows import RowTable
from scrutiny.workspace import Workspace
from tests.tui.test_evidence import titles

TITLE = "Written outside the app"
NOTE = (
    f"---\nkind: activity\ndate: 2026-09-30\ntitle: {TITLE}\n"
    "areas: [training]\nsource: meeting\n---\nFrom git pull.\n"
)


async def until(pilot: Pilot[None], condition: Callable[[], object], seconds: float = 10) -> bool:
    """Whether ``condition`` came true within ``seconds`` (a shared machine may be slow)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.1)
    return True


def write_outside(folder: Path, name: str = "2026-09-30-outside.md", text: str = NOTE) -> None:
    """Write a note as an editor saves one: a hidden temporary file renamed into place."""
    temporary = folder / f".{name}.tmp"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, folder / name)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """When the app checked the files for changes (each refresh it made after the first)."""
    made: list[float] = []

    def counted(*args: object, **kwargs: object) -> object:
        made.append(time.monotonic())
        return reload(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("scrutiny.tui.app.reload", counted)
    return made


def watchers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == watching.THREAD_NAME]


def notify_threads() -> list[str]:
    """Names of the native threads notify starts (Linux only: others report none)."""
    tasks = Path("/proc/self/task")
    if not tasks.is_dir():
        return []
    names = []
    for task in tasks.iterdir():
        with_name = task / "comm"
        try:
            names.append(with_name.read_text().strip())
        except OSError:
            continue  # ended while listed
    return [name for name in names if name.startswith("notify")]


async def test_a_note_written_outside_appears_by_watching_without_a_key(
    app: ScrutinyApp, checks: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCRUTINY_WATCH", "watch")
    polls: list[float] = []
    monkeypatch.setattr(ScrutinyApp, "_poll", lambda self: polls.append(time.monotonic()))
    async with app.run_test(size=(100, 30)) as pilot:
        # The watch has begun once its first check (for anything changed before it) is made.
        assert await until(pilot, lambda: app.loaded is not None and checks)
        assert app.watch_plan == Plan("watch")
        table = app.screen.query_one("#notes", RowTable)
        await pilot.press("down", "down")
        chosen = table.selected_key
        write_outside(app.workspace.evidence_dir / "2025-26")
        assert await until(pilot, lambda: TITLE in titles(app))
        assert table.selected_key == chosen
        assert polls == []  # the watcher told the app, not a poll


async def test_polling_still_sees_an_outside_edit_and_says_why_once(
    app: ScrutinyApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCRUTINY_WATCH", "poll")
    said: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: app.loaded is not None)
        assert app.watch_plan == Plan("poll", "SCRUTINY_WATCH=poll")
        assert not [w for w in app.workers if w.group == "watch"]
        (app.workspace.evidence_dir / "2025-26" / "2026-09-30-outside.md").write_text(NOTE)
        assert await until(pilot, lambda: TITLE in titles(app))
        assert [s for s in said if "SCRUTINY_WATCH=poll" in s] == said
        assert len(said) == 1


async def test_files_under_the_index_folder_or_left_by_editors_do_not_refresh(
    app: ScrutinyApp, checks: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCRUTINY_WATCH", "watch")
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: app.loaded is not None and checks)
        assert await until(pilot, lambda: not app._index_busy())
        before = len(checks)
        ws = app.workspace
        folder = ws.evidence_dir / "2025-26"
        ws.index_dir.mkdir(exist_ok=True)
        (ws.index_dir / "draft-note.md").write_text(NOTE)
        (ws.index_dir / "index.db-journal").write_bytes(b"\0" * 64)
        for name in (".x.md.swp", "x.md~", "#x.md#", ".#x.md", "x.md.tmp", "4913.bak"):
            (folder / name).write_text("scratch")
        (ws.evidence_dir / ".hidden").mkdir()
        (ws.evidence_dir / ".hidden" / "note.md").write_text(NOTE)
        # Long enough for a batch of those to have been told to the app, had it been one.
        await pilot.pause(1.5)
        write_outside(folder)
        assert await until(pilot, lambda: TITLE in titles(app))
        assert len(checks) == before + 1


async def test_no_watcher_is_left_once_the_app_exits(
    app: ScrutinyApp, checks: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCRUTINY_WATCH", "watch")
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: checks and watchers())
        assert notify_threads() or not Path("/proc/self/task").is_dir()
    deadline = time.monotonic() + 10
    while (watchers() or notify_threads()) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert not watchers()
    assert not notify_threads()


async def test_when_watching_fails_the_app_polls_and_says_why(
    app: ScrutinyApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def at_the_limit(*_args: object, **_kwargs: object) -> object:
        raise OSError('OS file watch limit reached. about ["evidence"]')

    monkeypatch.setenv("SCRUTINY_WATCH", "watch")
    monkeypatch.setattr("watchfiles.watch", at_the_limit)
    said: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: app.watch_plan.how == "poll")
        assert len(said) == 1 and "max_user_watches" in said[0]
        (app.workspace.evidence_dir / "2025-26" / "2026-09-30-outside.md").write_text(NOTE)
        assert await until(pilot, lambda: TITLE in titles(app))


# -- choosing how to watch, and what counts -------------------------------------------------


def test_the_environment_chooses_and_watching_is_the_default(demo: Workspace) -> None:
    assert plan(demo, {}) == Plan("watch")
    assert plan(demo, {"SCRUTINY_WATCH": "watch"}) == Plan("watch")
    assert plan(demo, {"SCRUTINY_WATCH": "off"}) == Plan("off")
    assert plan(demo, {"SCRUTINY_WATCH": "poll"}) == Plan("poll", "SCRUTINY_WATCH=poll")
    odd = plan(demo, {"SCRUTINY_WATCH": "inotify"})
    assert odd.how == "poll" and "watch, poll, off" in odd.why


def test_without_watchfiles_the_app_polls(demo: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    assert plan(demo, {}) == Plan("poll", "watchfiles is not installed")


def test_a_network_file_system_is_polled(demo: Workspace, tmp_path: Path) -> None:
    mountinfo = tmp_path / "mountinfo"
    root = os.path.realpath(demo.root)
    escaped = root.replace(" ", "\\040")
    mountinfo.write_text(
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        f"40 22 0:50 / {escaped} rw,relatime shared:2 - nfs4 server:/share rw\n"
    )
    assert filesystem_of(demo.evidence_dir, mountinfo) == "nfs4"
    assert filesystem_of(Path("/usr"), mountinfo) == "ext4"
    assert filesystem_of(demo.evidence_dir, tmp_path / "no-such-file") is None


def test_only_notes_and_folders_count_as_changes(tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    (folder / "2025-26").mkdir(parents=True)
    keep = NoteChanges(folder)
    counted = {
        "2025-26/x.md": True,
        "2025-26": True,  # a folder moved in brings its notes without an event each
        ".git/index": False,
        "2025-26/.x.md.swp": False,
        "2025-26/.x.md.a1b2.tmp": False,
        "2025-26/x.md~": False,
        "2025-26/#x.md#": False,
        "2025-26/~$x.md": False,
        "2025-26/x.md.tmp": False,
        "2025-26/notes.txt": False,
        ".hidden/x.md": False,
    }
    for rel, expected in counted.items():
        assert keep(Change.added, str(folder / rel)) is expected, rel
    # A deleted path that may have been a folder counts; a deleted swap file does not.
    assert keep(Change.deleted, str(folder / "2024-25")) is True
    assert keep(Change.deleted, str(folder / "2025-26" / ".x.md.swp")) is False


def test_a_linked_folder_is_found(tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    (folder / "2025-26").mkdir(parents=True)
    assert linked_folder(folder) is None
    (folder / "2025-26" / "everything").symlink_to("/")
    assert linked_folder(folder) == "evidence/2025-26/everything"
