"""A small dialog to choose the reporting period."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from scrutiny.periods import Period


class PeriodPicker(ModalScreen[Period | None]):
    """Lists the periods with notes (newest first); Enter picks one, Escape keeps the current."""

    DEFAULT_CSS = """
    PeriodPicker { align: center middle; }
    PeriodPicker > Vertical {
        width: 52; height: auto; max-height: 20;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    PeriodPicker OptionList { height: auto; max-height: 14; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, periods: list[Period], current: Period | None) -> None:
        super().__init__()
        self.periods = periods
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Reporting period[/b]")
            yield OptionList(
                *(Option(f"{p.label}  ({p.wording})", id=p.label) for p in self.periods)
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.periods:
            options.highlighted = self.periods.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(p for p in self.periods if p.label == event.option.id))
