"""No typing is lost: a changed form asks before it is left, and keeps a draft that the next
start offers back, even when the app was killed with the form open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList, Static, TextArea
from typer.testing import CliRunner

from scrutiny.cli import app as cli
from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.screens import form as form_module
from scrutiny.tui.screens.leave_dialog import LeaveDialog
from scrutiny.tui.screens.note_form import NoteForm
from tests.tui.conftest import settle


@pytest.fixture(autouse=True)
def quick_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drafts are written after 1 s of quiet; a test need not wait that long."""
    monkeypatch.setattr(form_module, "DRAFT_DELAY", 0.05)


def scrutiny(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-w", str(root), *args], env={"SCRUTINY_WORKSPACE": None})
    return result.exit_code, result.stdout


def drafts_of(root: Path) -> list[Path]:
    folder = root / ".scrutiny" / "drafts"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


async def open_form(pilot: Pilot[None]) -> NoteForm:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, NoteForm)
    return form


async def wait_for_draft(pilot: Pilot[None]) -> None:
    await pilot.pause(0.2)
    await settle(pilot)


def notices(app: ScrutinyApp) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_an_unchanged_form_closes_at_once(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 36)) as pilot:
        await open_form(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NoteForm | LeaveDialog)
    assert drafts_of(app.workspace.root) == []


async def test_esc_on_a_changed_form_asks_and_keep_editing_keeps_the_typing(
    app: ScrutinyApp,
) -> None:
    root = app.workspace.root
    before = set(root.rglob("*.md"))
    async with app.run_test(size=(100, 36)) as pilot:
        form = await open_form(pilot)
        await pilot.press(*"Half", "space", *"typed")
        form.query_one("#f-body", TextArea).text = "Notes from the meeting."
        await wait_for_draft(pilot)
        assert len(drafts_of(root)) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LeaveDialog)
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#f-title", Input).value == "Half typed"
        assert form.query_one("#f-body", TextArea).text == "Notes from the meeting."
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#leave-discard")
        await settle(pilot)
        assert not isinstance(app.screen, NoteForm | LeaveDialog)
    assert set(root.rglob("*.md")) == before
    assert drafts_of(root) == []  # discarding removes the draft too


async def test_save_from_the_question_checks_first_then_writes_a_clean_note(
    app: ScrutinyApp,
) -> None:
    root = app.workspace.root
    before = set(root.rglob("*.md"))
    async with app.run_test(size=(100, 36)) as pilot:
        form = await open_form(pilot)
        await pilot.press(*"Met", "space", *"the", "space", *"nurses")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        # Not valid yet: the form stays, saying why, with the typing intact.
        assert app.screen is form
        errors = str(form.query_one("#f-errors", Static).render())
        assert "areas" in errors and "source" in errors
        assert form.query_one("#f-title", Input).value == "Met the nurses"
        form.query_one("#f-areas", SelectionList).select("training")
        form.query_one("#f-source", Select).value = "meeting"
        await wait_for_draft(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#leave-save")
        await settle(pilot)
        assert not isinstance(app.screen, NoteForm | LeaveDialog)
    written = set(root.rglob("*.md")) - before
    assert len(written) == 1
    assert "title: Met the nurses" in written.pop().read_text()
    assert drafts_of(root) == []
    assert scrutiny(root, "check") == (0, "")


async def test_quitting_with_a_changed_form_asks_too(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 36)) as pilot:
        await open_form(pilot)
        await pilot.press(*"Unsaved")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, LeaveDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NoteForm)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
    assert app.return_code == 0  # it quit, once told to discard


async def test_drafts_go_elsewhere_when_the_workspace_will_not_take_them(
    app: ScrutinyApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = app.workspace.root
    (root / ".scrutiny").mkdir(exist_ok=True)
    (root / ".scrutiny" / "drafts").write_text("a file where the folder goes")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    async with app.run_test(size=(100, 36)) as pilot:
        form = await open_form(pilot)
        await pilot.press(*"Kept")
        await wait_for_draft(pilot)
        (kept,) = (tmp_path / "cache").rglob("drafts/*.json")
        assert json.loads(kept.read_text())["title"] == "Kept"
        # Nowhere to keep one: said once, and the form works on.
        monkeypatch.setenv("XDG_CACHE_HOME", str(root / "scrutiny.toml"))
        form.draft_path = None
        form.drafts.folder = None
        await pilot.press(*" and more")
        await wait_for_draft(pilot)
        assert "typing is not kept" in notices(app)
        assert app.screen is form
