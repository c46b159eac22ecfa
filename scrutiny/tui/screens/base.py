"""What every data screen shares: access to the app's reading, and a redraw when it changes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult, SystemCommand
from textual.screen import Screen
from textual.widgets import Footer, Header

from scrutiny.periods import Period
from scrutiny.tui.state import Loaded

if TYPE_CHECKING:
    from scrutiny.tui.app import ScrutinyApp


class DataScreen(Screen[None]):
    """A screen drawn from the app's current reading; :meth:`sync` redraws it."""

    #: Whether this screen can draw from a glance (the newest period only) while the
    #: full reading is on its way.
    SHOWS_GLANCE = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the header and the footer."""
        yield from ()

    @property
    def scrutiny(self) -> ScrutinyApp:
        return cast("ScrutinyApp", self.app)

    @property
    def loaded(self) -> Loaded | None:
        return self.scrutiny.loaded

    @property
    def period(self) -> Period | None:
        return self.scrutiny.period

    def on_mount(self) -> None:
        self.scrutiny.data_screens.append(self)
        if self.loaded is not None:
            self.sync()

    def on_unmount(self) -> None:
        if self in self.scrutiny.data_screens:
            self.scrutiny.data_screens.remove(self)

    def sync(self) -> None:
        """Redraw from the app's reading (called after every load and period change)."""

    def commands(self) -> Iterable[SystemCommand]:
        """This screen's actions for the command palette."""
        yield from ()
