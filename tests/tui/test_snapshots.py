"""SVG snapshots of every screen at 80×24 and 120×40 on the demo workspace (today fixed),
and of the screens whose tables give a wide terminal to the title at 200×50."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from scrutiny.tui.app import ScrutinyApp
from tests.tui.conftest import settle

SCREENS = ("1", "2", "3", "4", "5", "6")
SIZES = ((80, 24), (120, 40))
#: Evidence, Recommendations and Risks: the title takes the room and columns are added.
WIDE = (("1", (200, 50)), ("2", (200, 50)), ("3", (200, 50)))
CASES = [*((screen, size) for screen in SCREENS for size in SIZES), *WIDE]


def go(*keys: str):  # type: ignore[no-untyped-def]
    """A ``run_before`` that waits for loading, presses ``keys`` and waits again."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        # Timers (the preview follows the cursor after a short delay) fire late on a busy
        # machine: let them, then settle what they started.
        await pilot.pause(0.4)
        # ... but a text cursor must not blink: shown steadily, as when a form opens.
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await settle(pilot)

    return run


@pytest.mark.parametrize(
    ("screen", "size"), CASES, ids=[f"{screen}-{w}x{h}" for screen, (w, h) in CASES]
)
def test_screen(snap_compare, app: ScrutinyApp, screen: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=size, run_before=go(screen))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_note_form(snap_compare, app: ScrutinyApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=size, run_before=go("n"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_response_form(snap_compare, app: ScrutinyApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=size, run_before=go("2", "r"))


def test_light_theme(snap_compare, app: ScrutinyApp) -> None:  # type: ignore[no-untyped-def]
    async def light(pilot: Pilot[None]) -> None:
        pilot.app.action_toggle_dark()  # "t" opens the theme picker; this is its light theme
        await go()(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=light)
