"""The terminal UI and the command line answer the same question the same way (SPEC §2.7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrutiny.cli import app as cli_app
from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.screens.items import ANY_PERIOD
from scrutiny.tui.widgets.rows import RowTable
from scrutiny.workspace import Workspace
from tests.tui.conftest import TODAY, settle

RESTRICTED = {
    "evidence/2025-26/2025-11-02-restricted-rec.md": (
        "---\nkind: recommendation\nid: REC-77\ndate: 2025-11-02\n"
        "title: A recommendation about one family\nareas: [core-partners]\n"
        "confidentiality: restricted\n---\nNot for publication.\n"
    ),
    "evidence/2025-26/2025-11-02-restricted-risk.md": (
        "---\nkind: risk\nid: RISK-77\ndate: 2025-11-02\ntitle: A risk about one family\n"
        "category: operational\nconfidentiality: restricted\n---\nNot for publication.\n"
    ),
    "evidence/2024-25/2025-01-02-restricted-activity.md": (
        "---\nkind: activity\ndate: 2025-01-02\ntitle: A case discussion\nareas: [training]\n"
        "source: discussion\nconfidentiality: restricted\n---\nNot for publication.\n"
    ),
}


@pytest.fixture
def mixed(demo: Workspace) -> Workspace:
    for rel, text in RESTRICTED.items():
        (demo.root / rel).write_text(text, encoding="utf-8")
    return demo


def cli_ids(root: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(
        cli_app, ["-w", str(root), *args, "--format", "json"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


#: (show selector, area selector or None, period selector) and the same as options.
ITEM_CASES = [
    ("open", None, ANY_PERIOD, ["--status", "open"]),
    ("all", None, ANY_PERIOD, []),
    ("overdue", None, ANY_PERIOD, ["--overdue"]),
    ("all", None, "2024-25", ["--period", "2024-25"]),
    (
        "open",
        "wider-partners",
        "2025-26",
        ["--status", "open", "-a", "wider-partners", "-p", "2025-26"],
    ),
    ("all", "core-partners", ANY_PERIOD, ["-a", "core-partners"]),
]


async def test_items_screens_list_what_recs_and_risks_list(mixed: Workspace) -> None:
    from textual.widgets import DataTable, Select

    root = mixed.root
    app = ScrutinyApp(mixed, today=TODAY)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        for key, command in (("2", "recs"), ("3", "risks")):
            await pilot.press(key)
            await settle(pilot)
            screen = app.screen
            for show, area, period, options in ITEM_CASES:
                if command == "risks" and "--overdue" in options:
                    continue  # risks have no due dates to be overdue on
                screen.query_one("#show", Select).value = show
                area_select = screen.query_one("#item-area", Select)
                if area is None:
                    area_select.clear()
                else:
                    area_select.value = area
                screen.query_one("#item-period", Select).value = period
                await settle(pilot)
                table = screen.query_one("#items", DataTable)
                shown = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
                wanted = cli_ids(root, command, *options, "--as-of", TODAY.isoformat())
                assert shown == wanted, (command, show, area, period)
                assert "REC-77" not in shown and "RISK-77" not in shown


@pytest.mark.parametrize(
    ("period", "kind", "area"),
    [("2025-26", None, None), ("2024-25", "activity", None), ("2024-25", None, "training")],
)
async def test_evidence_screen_lists_what_notes_lists(
    mixed: Workspace, period: str, kind: str | None, area: str | None
) -> None:
    from textual.widgets import Select

    root = mixed.root
    options = [
        "--period",
        period,
        *(["--kind", kind] if kind else []),
        *(["-a", area] if area else []),
    ]
    wanted = {row for row in cli_ids(root, "notes", *options)}
    app = ScrutinyApp(mixed, today=TODAY)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.set_period(mixed.parse_period(period))
        await settle(pilot)
        screen = app.screen
        if kind:
            screen.query_one("#kind", Select).value = kind
        if area:
            screen.area = area  # type: ignore[attr-defined]
            screen._fill_table()  # type: ignore[attr-defined]
        await settle(pilot)
        shown = {n.id for n in screen.visible_notes()}  # type: ignore[attr-defined]
        assert screen.query_one("#notes", RowTable).row_count == len(shown)
    assert shown == wanted
    # The scrutineer's own listing shows restricted notes in both.
    if period == "2024-25" and area in (None, "training") and kind in (None, "activity"):
        assert "2025-01-02-restricted-activity" in shown


async def test_tui_uses_the_database_url(demo: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "index.db"
    target.parent.mkdir()
    app = ScrutinyApp(demo, today=TODAY, database_url=f"sqlite:///{target}")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.loaded is not None and app.loaded.corpus.notes
    assert target.is_file() and target.stat().st_size > 0
    assert not (demo.root / ".scrutiny" / "index.db").exists()


def test_the_command_line_hands_its_database_url_to_the_tui(
    demo: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.db"
    seen: list[ScrutinyApp] = []

    def run_headless(self: ScrutinyApp) -> None:  # instead of taking over the terminal
        seen.append(self)
        self.first_reading.result()

    monkeypatch.setattr(ScrutinyApp, "run", run_headless)
    result = CliRunner().invoke(
        cli_app, ["-w", str(demo.root), "--database-url", f"sqlite:///{target}", "tui"]
    )
    assert result.exit_code == 0, result.output
    assert seen and target.is_file()
    assert not (demo.root / ".scrutiny" / "index.db").exists()
