"""A small dialog to choose the reporting period."""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from scrutiny.periods import Period


class PeriodPicker(ModalScreen[Period | None]):
    """Lists the periods on offer (newest first): those with notes, and the current and the
    next even without any, so a new year can be started. Enter picks one, Escape keeps
    the one shown."""

    DEFAULT_CSS = """
    PeriodPicker { align: center middle; }
    PeriodPicker > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 20;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    PeriodPicker OptionList { height: auto; max-height: 14; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(
        self,
        periods: list[Period],
        shown: Period | None,
        *,
        with_notes: Collection[Period] | None = None,
        current: Period | None = None,
    ) -> None:
        super().__init__()
        self.periods = periods
        self.shown = shown
        self.with_notes = set(periods if with_notes is None else with_notes)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Reporting period[/b]")
            yield OptionList(*(Option(self._label(p), id=p.label) for p in self.periods))

    def _label(self, period: Period) -> Text:
        text = Text(f"{period.label}  ({period.wording})")
        notes = [] if period in self.with_notes else ["no notes yet"]
        if self.current is not None and period == self.current:
            notes.insert(0, "current")
        elif self.current is not None and period == self.current.next():
            notes.insert(0, "next")
        if notes:
            text.append("  " + ", ".join(notes), style="dim")
        return text

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.shown in self.periods:
            options.highlighted = self.periods.index(self.shown)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(p for p in self.periods if p.label == event.option.id))
