"""Coverage, Report, Problems, the period switcher, themes and the command palette."""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Markdown, Select, Static, TabbedContent

from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.screens.coverage import CoverageScreen
from scrutiny.tui.screens.export_dialog import ExportDialog
from scrutiny.tui.screens.note_modal import NoteModal
from scrutiny.tui.screens.period_picker import PeriodPicker
from scrutiny.tui.screens.problems import ProblemsScreen
from scrutiny.tui.screens.report import ReportScreen
from scrutiny.workspace import Workspace
from tests.tui.conftest import TODAY, settle

GAP_NOTE = """\
---
kind: activity
date: 2025-11-01
title: Restricted case discussion about a child, contact 07700 900123
areas: [training]
source: discussion
---
Call 07700 900123 about the family at NF1 1AA.
"""


async def test_every_screen_opens_by_its_number(app: ScrutinyApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, name in zip(
            "123456",
            ("Evidence", "Recommendations", "Risks", "Coverage", "Report", "Problems"),
            strict=True,
        ):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__.startswith(name)


async def test_coverage_marks_gaps_and_counts_sources(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CoverageScreen)
        by_source = screen.query_one("#by-source", DataTable)
        assert by_source.row_count == len(app.workspace.framework.areas)
        # An earlier period with little evidence: the areas without activity are gaps.
        app.set_period(app.workspace.parse_period("2024-25"))
        await settle(pilot)
        summary = str(screen.query_one("#coverage-summary", Static).render())
        assert "2024-25" in summary
        screen.query_one(TabbedContent).active = "tab-periods"
        await settle(pilot)
        by_period = screen.query_one("#by-period", DataTable)
        assert len(by_period.columns) == 1 + len(app.loaded.periods)  # type: ignore[union-attr]


async def test_report_previews_and_exports(app: ScrutinyApp) -> None:
    root = app.workspace.root
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        source = screen.query_one("#report", Markdown).source
        assert source.startswith("# 6. Independent scrutiny of Northfield")
        assert "# 7. Potential risks" in source
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#x-format", Select).value = "docx"
        await pilot.pause()
        assert dialog.query_one("#x-file", Input).value == f"report-{app.period}.docx"
        await pilot.click("#x-export")
        await settle(pilot)
        assert (root / f"report-{app.period}.docx").read_bytes()[:2] == b"PK"
        await pilot.press("d")
        await settle(pilot)
        assert "[^" in screen.query_one("#report", Markdown).source


async def test_export_shows_publication_hits_before_writing(app: ScrutinyApp) -> None:
    root = app.workspace.root
    (root / "evidence" / "2025-26" / "2025-11-01-phone.md").write_text(GAP_NOTE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        hits = str(dialog.query_one("#x-hits Static", Static).render())
        assert "phone number" in hits and "postcode" in hits
        assert not dialog.query("#x-export")
        await pilot.press("enter")  # Enter in the file box is not "anyway"
        await pilot.pause()
        assert "anyway" in str(dialog.query_one("#x-error", Static).render())
        assert not (root / f"report-{app.period}.md").exists()
        await pilot.click("#x-anyway")
        await settle(pilot)
        assert "07700 900123" in (root / f"report-{app.period}.md").read_text()


async def test_problems_list_and_open_in_editor_at_the_line(app: ScrutinyApp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = app.workspace.root
    bad = root / "evidence" / "bad.md"
    bad.write_text(
        "---\nkind: activity\ndate: 2026-01-01\ntitle: Bad\nareas: [qualty]\nsource: meeting\n---\nx\n"
    )
    opened: list[tuple[Path, int | None]] = []

    def fix(path: Path, line: int | None) -> None:
        opened.append((path, line))
        path.write_text(path.read_text().replace("qualty", "quality-assurance"))

    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    monkeypatch.setattr(app, "run_editor", fix)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        table = screen.query_one("#problems", DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "evidence/bad.md:5:9"
        assert "did you mean 'quality-assurance'" in str(table.get_row_at(0)[2])
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert opened == [(bad, 5)]
        assert table.row_count == 0


async def test_period_picker_and_brackets_switch_period(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        newest = app.period
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.period == newest.previous()  # type: ignore[union-attr]
        assert str(app.period) in app.sub_title
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PeriodPicker)
        # Newest first: the next period, the current one (both without notes yet), then 2025-26.
        await pilot.press("home", "down", "down", "enter")
        await settle(pilot)
        assert app.period == newest


async def test_report_of_a_period_not_yet_over_says_so(demo: Workspace) -> None:
    app = ScrutinyApp(demo, today=date(2026, 3, 1))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        status = str(screen.query_one("#report-status", Static).render())
        assert "2025-26 runs to 2026-09-30: the report describes it as at 2026-03-01" in status
        source = screen.query_one("#report", Markdown).source
        assert "at the date of this report (1 March 2026)" in source


async def test_coverage_compares_with_the_period_before_and_lists_changes(
    app: ScrutinyApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        screen.query_one(TabbedContent).active = "tab-compare"
        await settle(pilot)
        table = screen.query_one("#compare-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        # 2025-26 against 2024-25: the same counts as `scrutiny compare`.
        children = rows[[r[0] for r in rows].index("children-families") + 1]
        assert children[1:4] == ["2025-26", "↓", "1"]
        screen.query_one(TabbedContent).active = "tab-changes"
        await settle(pilot)
        since = screen.query_one("#changes-since", Input)
        until = screen.query_one("#changes-until", Input)
        assert until.value == TODAY.isoformat()
        since.value, until.value = "2026-01-01", "2026-06-30"
        since.focus()
        await pilot.press("enter")
        await settle(pilot)
        changes = screen.query_one("#changes-table", DataTable)
        cells = [[str(c) for c in changes.get_row_at(i)] for i in range(changes.row_count)]
        assert ["2026-05-19", "reopened", "REC-02"] in [c[:3] for c in cells]
        until.value = "not a date"
        until.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "YYYY-MM-DD" in str(screen.query_one("#changes-said", Static).render())


async def test_coverage_shows_what_the_yearly_report_can_say(app: ScrutinyApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        screen.query_one(TabbedContent).active = "tab-readiness"
        await settle(pilot)
        text = str(screen.query_one("#readiness", Static).render())
        assert "✗ How the partners sought and used feedback from children and families" in text
        assert "✓ Analysis of priorities" in text


async def test_timeline_row_opens_its_note(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        items = app.screen.query_one("#items", DataTable)
        items.move_cursor(row=items.get_row_index("REC-02"))
        await settle(pilot)
        timeline = app.screen.query_one("#timeline", DataTable)
        timeline.focus()
        timeline.move_cursor(row=timeline.row_count - 1)
        await pilot.pause()
        item = app.loaded.ledger.items["REC-02"]  # type: ignore[union-attr]
        last = item.events[-1]
        said = str(timeline.get_row_at(timeline.row_count - 1)[2])
        assert said.startswith(f"{last.by}: ") and last.text[:40] in said
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteModal)
        assert app.screen.note.id == last.note
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NoteModal)


async def test_timeline_says_what_each_response_said_and_who(app: ScrutinyApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        items = app.screen.query_one("#items", DataTable)
        items.move_cursor(row=items.get_row_index("REC-04"))
        await settle(pilot)
        timeline = app.screen.query_one("#timeline", DataTable)
        cells = [str(timeline.get_row_at(i)[2]) for i in range(timeline.row_count)]
        # The subgroup's reason for a new date, in its own words and shortened, not the title.
        delay = next(c for c in cells if "piloted" in c)
        assert delay.startswith("Learning and Development Subgroup: The follow-up survey has been")
        assert len(delay) < 200
        assert not any("delayed by coordinator vacancy" in c for c in cells)


async def test_overdue_filter_uses_the_injected_today(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        table = app.screen.query_one("#items", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows and all(str(r[0]) == "!" for r in rows)
        ledger = app.loaded.ledger  # type: ignore[union-attr]
        assert {str(r[1]) for r in rows} == {
            i.id for i in ledger.of_kind("recommendation") if i.overdue
        }


async def test_theme_toggles_and_palette_lists_actions(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dark = app.current_theme.dark
        await pilot.press("t")  # every theme, in a picker
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await settle(pilot)
        app.action_toggle_dark()
        assert app.current_theme.dark is not dark
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for wanted in (
            "Go to Coverage",
            "New note",
            "Choose period",
            "Toggle dark/light",
            "Search notes",
        ):
            assert wanted in titles
        await pilot.press("5")
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Export report" in titles


@pytest.mark.skipif(sys.version_info < (3, 12), reason="eager tasks arrived in Python 3.12")
async def test_the_app_starts_with_eager_tasks_as_app_run_uses_them(app: ScrutinyApp) -> None:
    """``app.run()`` turns on asyncio's eager task factory on Python 3.12+ (``run_test`` does
    not); with the Evidence screen as DEFAULT_MODE, its search box crashed the app at start."""
    import asyncio

    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)  # type: ignore[attr-defined]
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert type(app.screen).__name__ == "EvidenceScreen"
    finally:
        loop.set_task_factory(None)


async def test_the_tui_shows_one_partnerships_footprint(tmp_path: Path) -> None:
    root = tmp_path / "two"
    (root / "evidence").mkdir(parents=True)
    (root / "scrutiny.toml").write_text(
        'name = "Two boroughs"\nframework = "six-steps"\n\n[partnerships]\n'
        'north = "Northfield Safeguarding Children Partnership"\n'
        'east = "Eastvale Safeguarding Children Partnership"\n',
        encoding="utf-8",
    )
    for rid, line in (
        ("REC-N", "partnership: [north]\n"),
        ("REC-E", "partnership: [east]\n"),
        ("REC-S", ""),
    ):
        (root / "evidence" / f"{rid}.md").write_text(
            f"---\nkind: recommendation\nid: {rid}\ndate: 2026-01-12\ntitle: {rid} title\n"
            f"areas: [core-partners]\n{line}---\nAct on {rid}.\n",
            encoding="utf-8",
        )
    app = ScrutinyApp(Workspace.open(root), today=TODAY, partnership="east")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#items", DataTable)
        ids = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert ids == {"REC-E", "REC-S"}
        assert "Eastvale Safeguarding Children Partnership" in app.sub_title
