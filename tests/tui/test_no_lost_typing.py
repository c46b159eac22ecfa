"""No typing is lost: a changed form asks before it is left, and keeps a draft that the next
start offers back, even when the app was killed with the form open."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, SelectionList, Static, TextArea
from typer.testing import CliRunner

from scrutiny.cli import app as cli
from scrutiny.drafts import draft_payload
from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.screens import form as form_module
from scrutiny.tui.screens.drafts_dialog import DraftsDialog
from scrutiny.tui.screens.leave_dialog import LeaveDialog
from scrutiny.tui.screens.note_form import NoteForm
from scrutiny.tui.screens.response_form import ResponseForm
from scrutiny.tui.widgets.evidence_picker import EvidencePicker
from scrutiny.workspace import Workspace
from tests.tui.conftest import TODAY, settle


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


async def test_a_draft_left_by_a_killed_app_is_offered_back(demo: Workspace) -> None:
    root = demo.root
    first = ScrutinyApp(demo, today=TODAY)
    async with first.run_test(size=(100, 36)) as pilot:
        form = await open_form(pilot)
        form.query_one("#f-kind", Select).value = "finding"
        await pilot.pause()
        form.query_one("#f-title", Input).value = "Practitioners know the neglect toolkit"
        form.query_one("#f-areas", SelectionList).select("training")
        form.query_one("#f-judgement", Select).value = "strength"
        form.query_one("#f-lens", SelectionList).select("practitioners")
        form.query_one("#f-agencies", Input).value = "Police, ICB"
        form.query_one("#f-body", TextArea).text = "Most practitioners surveyed knew it."
        picker = form.query_one(EvidencePicker)
        cited = picker.notes[0].id
        picker.query_one("#f-evidence", SelectionList).select(cited)
        await wait_for_draft(pilot)
        # The app ends here with the form open and nothing saved, as a killed one would.
    (draft,) = drafts_of(root)
    assert stat.S_IMODE(draft.stat().st_mode) & 0o077 == 0  # the user's alone
    assert json.loads(draft.read_text())["title"] == "Practitioners know the neglect toolkit"
    # A draft is never a note: not indexed, listed, checked or reported.
    code, out = scrutiny(root, "notes", "--all", "--format", "json")
    assert code == 0 and "neglect toolkit" not in out
    assert scrutiny(root, "check") == (0, "")
    assert "neglect toolkit" not in scrutiny(root, "report", "--draft")[1]

    before = set(root.rglob("*.md"))
    second = ScrutinyApp(Workspace.open(root), today=TODAY)
    async with second.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        dialog = second.screen
        assert isinstance(dialog, DraftsDialog)
        listed = str(dialog.query_one(OptionList).get_option_at_index(0).prompt)
        assert "finding" in listed and "Practitioners know the neglect toolkit" in listed
        await pilot.press("r")
        await settle(pilot)
        form = second.screen
        assert isinstance(form, NoteForm)
        assert form.kind == "finding"
        assert form.query_one("#f-title", Input).value == "Practitioners know the neglect toolkit"
        assert form.query_one("#f-judgement", Select).value == "strength"
        assert form.query_one("#f-areas", SelectionList).selected == ["training"]
        assert form.query_one("#f-lens", SelectionList).selected == ["practitioners"]
        assert form.query_one("#f-agencies", Input).value == "Police, ICB"
        assert form.query_one("#f-body", TextArea).text == "Most practitioners surveyed knew it."
        assert form.query_one(EvidencePicker).chosen == [cited]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(second.screen, NoteForm)
    (written,) = set(root.rglob("*.md")) - before
    text = written.read_text()
    assert "judgement: strength" in text and f"evidence: [{cited}]" in text
    assert drafts_of(root) == []
    assert scrutiny(root, "check") == (0, "")


async def test_a_response_draft_comes_back_to_its_item(demo: Workspace) -> None:
    root = demo.root
    (root / ".scrutiny" / "drafts").mkdir(parents=True)
    fields = {
        "r-status": "accepted",
        "r-by": "Executive",
        "r-body": "Agreed.",
        "r-date": "2026-11-20",
    }
    payload = draft_payload("response", "response", "", "REC-03", fields)
    (root / ".scrutiny" / "drafts" / "response-1.json").write_text(payload)
    app = ScrutinyApp(demo, today=TODAY)
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DraftsDialog)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ResponseForm) and form.item.id == "REC-03"
        assert form.query_one("#r-status", Select).value == "accepted"
        assert form.query_one("#r-date", Input).value == "2026-11-20"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert drafts_of(root) == []
    code, out = scrutiny(root, "recs", "--format", "json", "--as-of", TODAY.isoformat())
    assert code == 0
    assert next(r for r in json.loads(out) if r["id"] == "REC-03")["status"] == "accepted"


async def test_later_keeps_drafts_and_discard_removes_one(demo: Workspace) -> None:
    folder = demo.root / ".scrutiny" / "drafts"
    folder.mkdir(parents=True)
    for n in (1, 2):
        payload = draft_payload("note", "activity", f"Draft {n}", None, {"f-title": f"Draft {n}"})
        (folder / f"note-{n}.json").write_text(payload)
    app = ScrutinyApp(demo, today=TODAY)
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert len(drafts_of(demo.root)) == 1
        await pilot.press("escape")  # later
        await settle(pilot)
        assert not isinstance(app.screen, DraftsDialog)
    assert len(drafts_of(demo.root)) == 1


async def test_hostile_drafts_are_skipped_or_shown_as_text(demo: Workspace) -> None:
    folder = demo.root / ".scrutiny" / "drafts"
    folder.mkdir(parents=True)
    (folder / "note-bad.json").write_text("{not json")
    (folder / "note-deep.json").write_text("[" * 100_000)
    (folder / "note-shape.json").write_text(json.dumps({"scrutiny_draft": 1, "form": "x"}))
    (folder / "note-big.json").write_bytes(b" " * 2_000_000)
    (folder / "note-link.json").symlink_to("/etc/passwd")
    os.mkfifo(folder / "note-fifo.json")
    title = "[@click=app.quit]Quit[/] \x1b[31mred"
    fields = {"f-title": title, "f-kind": "no-such-kind", "f-areas": ["nowhere", "training"]}
    (folder / "note-ok.json").write_text(draft_payload("note", "activity", title, None, fields))
    app = ScrutinyApp(demo, today=TODAY)
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        said = notices(app)
        for name in ("note-bad", "note-deep", "note-shape", "note-big"):
            assert name in said
        dialog = app.screen
        assert isinstance(dialog, DraftsDialog)
        assert len(dialog.drafts) == 1  # links and FIFOs are not even looked at
        listed = str(dialog.query_one(OptionList).get_option_at_index(0).prompt)
        assert "[@click=app.quit]Quit[/]" in listed and "\x1b" not in listed
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NoteForm)
        assert form.query_one("#f-title", Input).value == "[@click=app.quit]Quit[/] ␛[31mred"
        assert form.query_one("#f-kind", Select).value == "activity"
        assert form.query_one("#f-areas", SelectionList).selected == ["training"]
        assert app.is_running


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
