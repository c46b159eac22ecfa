"""Getting about: the palette's app-wide commands from every screen, the period picker's
current and next periods, themes remembered per user, and screenshots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from scrutiny.periods import Period
from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.screens.base import DataScreen
from scrutiny.tui.screens.export_dialog import ExportDialog
from scrutiny.tui.screens.period_picker import PeriodPicker
from scrutiny.tui.screens.response_form import ResponseForm
from scrutiny.workspace import Workspace
from tests.tui.conftest import TODAY, settle


async def palette(pilot: Pilot[None], query: str) -> list[str]:
    """Open the palette, type ``query``, and return the commands it offers."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*query)
    await pilot.pause(0.3)
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    found = pilot.app.screen.query_one("CommandList", OptionList)
    return [
        str(found.get_option_at_index(i).prompt).splitlines()[0] for i in range(found.option_count)
    ]


async def test_palette_from_evidence_finds_respond_and_export(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "EvidenceScreen"
        offered = await palette(pilot, "respond")
        assert any(c.startswith("Respond to a recommendation") for c in offered)
        await pilot.press("enter")
        await settle(pilot)
        # Then which item: by id or by words of its title.
        await pilot.press(*"REC-03")
        await pilot.pause(0.3)
        await settle(pilot)
        chooser = app.screen.query_one("CommandList", OptionList)
        items = [str(chooser.get_option_at_index(i).prompt) for i in range(chooser.option_count)]
        assert items and items[0].startswith("REC-03")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResponseForm) and app.screen.item.id == "REC-03"
        await pilot.press("escape")
        await settle(pilot)

        assert type(app.screen).__name__ == "EvidenceScreen"
        offered = await palette(pilot, "export")
        assert "Export report…" in offered
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.current_mode == "report"


async def test_every_screen_finds_the_app_wide_commands(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in "123456":
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, DataScreen)
            titles = {c.title for c in app.get_system_commands(app.screen)}
            for wanted in (
                "New note",
                "Respond to a recommendation, risk or action…",
                "Go to Evidence",
                "Go to Report",
                "Choose period",
                "Theme",
                "Screenshot",
            ):
                assert wanted in titles, (key, wanted)
            assert ("Export report" if key == "5" else "Export report…") in titles
        await pilot.press("2")
        await settle(pilot)
        assert "new note" in " ".join(await palette(pilot, "new note")).lower()


async def test_item_titles_in_the_palette_are_text_not_markup(tmp_path: Path) -> None:
    root = tmp_path / "w"
    (root / "evidence").mkdir(parents=True)
    (root / "scrutiny.toml").write_text('name = "P"\nframework = "six-steps"\n')
    (root / "evidence" / "rec.md").write_text(
        "---\nkind: recommendation\nid: REC-01\ndate: 2026-01-12\n"
        "title: '[@click=app.quit]Quit[/] [b]bold'\nareas: [training]\n---\nDo it.\n"
    )
    app = ScrutinyApp(Workspace.open(root), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, "respond")
        await pilot.press("enter")
        await settle(pilot)
        chooser = app.screen.query_one("CommandList", OptionList)
        shown = str(chooser.get_option_at_index(0).prompt)
        assert "[@click=app.quit]Quit[/] [b]bold" in shown


async def test_period_picker_offers_the_current_and_next_periods(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PeriodPicker)
        options = picker.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [label.split()[0] for label in labels] == [
            "2027-28",
            "2026-27",
            "2025-26",
            "2024-25",
        ]
        assert "next" in labels[0] and "no notes yet" in labels[0]
        assert "current" in labels[1] and "no notes yet" in labels[1]
        assert "no notes" not in labels[2]
        await pilot.press("home", "enter")
        await settle(pilot)
        assert app.period == Period(2027)
        await pilot.press("ctrl+r")  # a new reading keeps the chosen period
        await settle(pilot)
        assert app.period == Period(2027)
        for key in "234561":
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.period == Period(2026)


async def test_the_theme_is_remembered_across_two_runs(demo: Workspace, own_settings: Path) -> None:
    first = ScrutinyApp(demo, today=TODAY)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        default = first.theme
        await pilot.press("t")  # the theme picker
        await settle(pilot)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert first.theme == "nord" != default
    settings = own_settings / "scrutiny" / "settings.json"
    assert json.loads(settings.read_text()) == {"theme": "nord"}
    second = ScrutinyApp(Workspace.open(demo.root), today=TODAY)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert second.theme == "nord"
        await pilot.press("ctrl+p", *"toggle dark", "enter")
        await settle(pilot)
        assert second.theme == "textual-light"
    assert json.loads(settings.read_text()) == {"theme": "textual-light"}
    assert not (demo.root / "settings.json").exists()


@pytest.mark.parametrize(
    "text", ['{"theme": "no-such-theme"}', "{broken", '["nord"]', '{"theme": {"x": 1}}']
)
async def test_a_broken_settings_file_is_ignored(
    app: ScrutinyApp, own_settings: Path, text: str
) -> None:
    (own_settings / "scrutiny").mkdir(parents=True)
    (own_settings / "scrutiny" / "settings.json").write_text(text)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"


async def test_the_screenshot_command_writes_an_svg(
    app: ScrutinyApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(here)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, "screenshot")
        await pilot.press("enter")
        await pilot.pause(0.5)
        (svg,) = here.glob("*.svg")  # no Downloads folder: the current one
        assert svg.read_text().startswith("<svg") and "Northfield" in svg.read_text()
        assert str(svg) in "\n".join(n.message for n in app._notifications)
        (home / "Downloads").mkdir()
        app.action_screenshot()
        await pilot.pause()
        assert len(list((home / "Downloads").glob("scrutiny-evidence-*.svg"))) == 1
