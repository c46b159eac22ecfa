"""The new-note form's evidence picker: search ids and titles, cite several notes."""

from __future__ import annotations

from textual.widgets import Input, Select, SelectionList

from scrutiny.reader import parse_text
from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.screens.note_form import NoteForm
from scrutiny.tui.widgets.evidence_picker import EvidencePicker
from tests.tui.conftest import settle

SURVEY = "2025-04-29-practitioner-survey"
AUDIT = "2025-04-08-multi-agency-audit-neglect"


def shown(picker: EvidencePicker) -> list[str]:
    listing = picker.query_one("#f-evidence", SelectionList)
    return [listing.get_option_at_index(i).value for i in range(listing.option_count)]


async def test_the_picker_adds_two_notes_found_by_different_searches(app: ScrutinyApp) -> None:
    root = app.workspace.root
    before = set(root.rglob("*.md"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NoteForm)
        form.query_one("#f-kind", Select).value = "finding"
        await pilot.press(*"Neglect", "space", *"practice")
        form.query_one("#f-areas", SelectionList).select("quality-assurance")
        picker = form.query_one(EvidencePicker)
        search = picker.query_one("#f-evidence-search", Input)

        search.value = "practitioner surv"
        await pilot.pause()
        assert shown(picker)[0] == SURVEY
        picker.query_one("#f-evidence", SelectionList).select(SURVEY)
        await pilot.pause()
        search.value = "2025-04-08 audit"  # words of the id and of the title
        await pilot.pause()
        assert shown(picker)[:2] == [SURVEY, AUDIT]  # what is chosen stays listed, first
        picker.query_one("#f-evidence", SelectionList).select(AUDIT)
        await pilot.pause()
        assert picker.chosen == [SURVEY, AUDIT]

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NoteForm)
    (path,) = set(root.rglob("*.md")) - before
    parsed = parse_text(path.read_text("utf-8"), app.workspace.relative(path), path.stem)
    assert parsed.note is not None and parsed.note.evidence == [SURVEY, AUDIT]


async def test_unticking_a_chosen_note_leaves_it_out(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        picker = app.screen.query_one(EvidencePicker)
        listing = picker.query_one("#f-evidence", SelectionList)
        picker.query_one("#f-evidence-search", Input).value = "survey"
        await pilot.pause()
        listing.select(SURVEY)
        await pilot.pause()
        picker.query_one("#f-evidence-search", Input).value = ""
        await pilot.pause()
        listing.deselect(SURVEY)
        await pilot.pause()
        assert picker.chosen == []
