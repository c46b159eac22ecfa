"""The Evidence screen: areas with counts, filters, full-text search, preview, editor, live reload."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import Input, Markdown, Select, Tree

from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.widgets.note_view import NoteView, header
from scrutiny.tui.widgets.rows import RowTable
from tests.tui.conftest import settle


def titles(app: ScrutinyApp) -> list[str]:
    table = app.screen.query_one("#notes", RowTable)
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def test_opens_on_the_newest_period_with_counts_per_area(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        period = app.loaded.corpus.newest_period() if app.loaded else None
        assert str(period) in app.sub_title
        in_period = app.loaded.corpus.select(period=period) if app.loaded else []
        table = app.screen.query_one("#notes", RowTable)
        assert table.row_count == len(in_period)
        dates = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert dates == sorted(dates, reverse=True)
        tree = app.screen.query_one("#areas", Tree)
        labels = [str(node.label) for node in tree.root.children]
        training = sum(1 for n in in_period if "training" in n.areas)
        assert f"{training:>2} training" in labels


async def test_preview_shows_front_matter_as_a_header_not_yaml(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        table = app.screen.query_one("#notes", RowTable)
        key = table.selected_key
        view = app.screen.query_one("#note", NoteView)
        assert view.note is not None and view.note.path == key
        assert view.query_one(Markdown).source.strip() == view.note.body.strip()
        console = Console(width=80, record=True)
        console.print(header(view.note))
        text = console.export_text()
        assert view.note.title in text
        assert "Kind" in text and "Date" in text
        assert "kind:" not in text and "---" not in text


async def test_filters_by_kind_area_and_all_periods(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#kind", Select).value = "finding"
        await settle(pilot)
        table = screen.query_one("#notes", RowTable)
        assert {str(table.get_row_at(i)[1]) for i in range(table.row_count)} == {"finding"}
        tree = screen.query_one("#areas", Tree)
        training = next(n for n in tree.root.children if n.data == "training")
        tree.select_node(training)
        await settle(pilot)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows and all("training" in str(r[3]) for r in rows)
        before = table.row_count
        screen.query_one("#period", Select).value = "all"
        await settle(pilot)
        assert table.row_count > before


async def test_search_as_you_type_uses_the_full_text_index(app: ScrutinyApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"exploitat")
        await settle(pilot)
        found = titles(app)
        assert found
        assert all(
            "exploitat" in (n.title + n.body).lower()
            for n in app.loaded.corpus.notes  # type: ignore[union-attr]
            if n.title in found
        )
        app.screen.query_one("#search", Input).value = ""
        await settle(pilot)
        assert len(titles(app)) > len(found)


async def test_editor_change_shows_after_reload(app: ScrutinyApp, monkeypatch) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#notes", RowTable)
        await pilot.press("down")
        key = table.selected_key
        assert key is not None
        opened: list[tuple[Path, int | None]] = []

        def fake_editor(path: Path, line: int | None) -> None:
            opened.append((path, line))
            text = path.read_text()
            path.write_text(text.replace("title: ", "title: EDITED ", 1))

        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        monkeypatch.setattr(app, "run_editor", fake_editor)
        await pilot.press("e")
        await settle(pilot)
        assert opened and opened[0][0] == app.workspace.root / key
        row = table.get_row_at(table.cursor_row)
        assert str(row[2]).startswith("EDITED ")


async def test_outside_changes_show_keeping_the_selection(
    app: ScrutinyApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Polling here: tests/tui/test_watching.py shows the same by watching.
    monkeypatch.setenv("SCRUTINY_WATCH", "poll")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#notes", RowTable)
        await pilot.press("down", "down")
        chosen = table.selected_key
        (app.workspace.evidence_dir / "2026-09-30-outside.md").write_text(
            "---\nkind: activity\ndate: 2026-09-30\ntitle: Written outside the app\n"
            "areas: [training]\nsource: meeting\n---\nFrom git pull.\n"
        )
        deadline = time.monotonic() + 10
        while "Written outside the app" not in titles(app) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        await settle(pilot)
        assert "Written outside the app" in titles(app)
        assert table.selected_key == chosen
        cell = table.get_row_at(0)[2]
        assert isinstance(cell, Text | str)


async def test_a_slow_check_for_changes_is_made_less_often(
    app: ScrutinyApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking costs at most a tenth of the time: a large workspace is checked less often."""
    calls: list[float] = []

    def slow_reload(index: object, today: object) -> None:
        calls.append(time.monotonic())
        time.sleep(0.2)  # a walk over a very large workspace

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        monkeypatch.setattr("scrutiny.tui.app.reload", slow_reload)
        app._next_check = 0.0
        app._poll()
        await settle(pilot)
        assert len(calls) == 1
        assert app._next_check - time.monotonic() > 1.0  # 0.2 s of checking: not for ~2 s
        app._poll()
        await settle(pilot)
        assert len(calls) == 1
        app._next_check = 0.0
        app._poll()
        await settle(pilot)
        assert len(calls) == 2
