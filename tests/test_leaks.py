"""Leaks: a canary in restricted notes reaches no listing, export or screen but the owner's notes.

Reports in every format are covered by ``test_report_canary.py``; this extends the same
canary workspace to every other command and format.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from test_report_canary import CANARY, RESTRICTED, UNCONSENTED, docx_text
from test_report_helpers import copy_demo
from typer.testing import CliRunner

from scrutiny.cli import app

SECRET_IDS = ("REC-SECRET", "RISK-SECRET")


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("leaks") / "demo")
    for rel, text in {**RESTRICTED, **UNCONSENTED}.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def run(ws: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["-w", str(ws), *args], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout + result.stderr


def test_the_canary_notes_are_valid_and_the_owner_sees_them(ws: Path) -> None:
    code, out = run(ws, "notes", "--all", "--format", "json")
    assert code == 0
    restricted = {r["path"] for r in json.loads(out) if r["confidentiality"] == "restricted"}
    assert set(RESTRICTED) <= restricted
    assert CANARY in out
    assert run(ws, "check")[0] == 0


LISTINGS = [
    ["recs"],
    ["recs", "--status", "open"],
    ["recs", "--as-of", "2026-09-30"],
    ["risks"],
    ["risks", "--as-of", "2026-09-30"],
    ["trace", "REC-01"],
    ["trace", "REC-01", "--as-of", "2026-09-30"],
    ["coverage", "--period", "2024-25"],
    ["coverage", "--period", "2025-26"],
    ["check", "--strict"],
    ["check", "--publication", "--period", "2024-25"],
    ["changes", "--since", "2024-10-01", "--until", "2026-09-30"],
    ["chase", "--within", "3650"],
    ["compare", "2024-25", "2025-26"],
]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: "-".join(a))
def test_no_listing_but_the_owners_notes_shows_the_canary(
    ws: Path, args: list[str], fmt: str
) -> None:
    code, out = run(ws, *args, "--format", fmt)
    assert code in (0, 1), out
    assert "Traceback" not in out
    assert CANARY not in out
    if args[0] in ("recs", "risks", "changes", "chase"):
        assert not any(secret in out for secret in SECRET_IDS)


def test_tracing_a_restricted_item_says_nothing_of_it(ws: Path) -> None:
    for secret in SECRET_IDS:
        code, out = run(ws, "trace", secret, "--format", "json")
        assert code == 1
        assert CANARY not in out


def test_exports_never_carry_the_canary(ws: Path, tmp_path: Path) -> None:
    from scrutiny import export
    from scrutiny.corpus import load
    from scrutiny.workspace import Workspace

    corpus = load(Workspace.open(ws))
    for kind in ("recommendation", "risk", "action"):
        tracker = export.build(corpus, kind, dt.date(2026, 9, 30))
        csv_text = export.to_csv(tracker.items, tracker.columns).decode("utf-8-sig")
        xlsx = export.to_xlsx(tracker, name="Northfield")
        with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
            xml = "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
        for text in (csv_text, xml):
            assert CANARY not in text
            assert not any(secret in text for secret in SECRET_IDS)


@pytest.mark.parametrize("what", ["recs", "risks", "actions"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_command_never_carries_the_canary(
    ws: Path, tmp_path: Path, what: str, fmt: str
) -> None:
    from typer.main import get_command

    if "export" not in get_command(app).commands:  # type: ignore[attr-defined]
        pytest.skip("'scrutiny export' is not registered yet (the library export is tested above)")
    out = tmp_path / f"tracker.{fmt}"
    code, said = run(ws, "export", what, "--format", fmt, "-o", str(out))
    assert code == 0, said
    text = docx_text(out) if fmt == "xlsx" else out.read_text(encoding="utf-8-sig")
    assert CANARY not in text + said


def test_chase_letters_never_carry_the_canary(ws: Path) -> None:
    code, out = run(ws, "chase", "--within", "3650", "--format", "md")
    assert code == 0, out
    assert "Dear " in out
    assert CANARY not in out and not any(secret in out for secret in SECRET_IDS)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_board_pack_never_carries_the_canary(ws: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"pack.{fmt}"
    code, said = run(
        ws,
        "pack",
        "--meeting",
        "2026-06-09",
        "--since",
        "2024-10-01",
        "--format",
        fmt,
        "-o",
        str(out),
    )
    assert code == 0, said
    text = docx_text(out) if fmt == "docx" else out.read_text(encoding="utf-8")
    assert "Questions for partners" in text
    assert CANARY not in text + said and not any(secret in text for secret in SECRET_IDS)


async def test_the_tui_report_screen_never_shows_the_canary(ws: Path) -> None:
    pytest.importorskip("textual")
    from textual.widgets import Markdown

    from scrutiny.tui.app import ScrutinyApp
    from scrutiny.workspace import Workspace

    app_ = ScrutinyApp(Workspace.open(ws))
    async with app_.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app_.workers.wait_for_complete()
        await pilot.press("5")
        await pilot.pause()
        await app_.workers.wait_for_complete()
        await pilot.pause()
        shown = app_.screen.query_one("#report", Markdown)
        source = getattr(shown, "source", None) or getattr(shown, "_markdown", "")
        if not source:
            pytest.skip("the report screen's Markdown text is not readable in this Textual")
        assert "Independent scrutiny" in source
        assert CANARY not in source
        await pilot.press("d")
        await pilot.pause()
        await app_.workers.wait_for_complete()
        await pilot.pause()
        draft = app_.screen.query_one("#report", Markdown)
        assert CANARY not in (getattr(draft, "source", None) or "")
