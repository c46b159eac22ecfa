"""Drafts left by an earlier session, offered back: restore one into its form, discard, or later."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from scrutiny.drafts import Draft, DraftStore
from scrutiny.printable import printable_line


def describe(draft: Draft) -> Text:
    """``finding · Title of the note · 5 minutes ago``: the draft's words as text, never markup."""
    text = Text(draft.kind, style="bold")
    if draft.target:
        text.append(" to " + printable_line(draft.target), style="bold")
    text.append(" · " + (printable_line(draft.title)[:60] or "(no title yet)"))
    text.append(" · " + draft.age(), style="dim")
    return text


class DraftsDialog(ModalScreen[Draft | None]):
    """Lists the drafts; returns the one to restore, or None (Later keeps them all)."""

    DEFAULT_CSS = """
    DraftsDialog { align: center middle; }
    DraftsDialog > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 22;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    DraftsDialog .keys { color: $text-muted; }
    DraftsDialog OptionList { height: auto; max-height: 12; margin: 1 0; }
    DraftsDialog Horizontal { height: 1; align-horizontal: right; }
    DraftsDialog Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape,l", "dismiss(None)", "Later"),
        Binding("r", "restore", "Restore"),
        Binding("d,delete", "discard", "Discard"),
    ]

    def __init__(self, drafts: list[Draft], store: DraftStore) -> None:
        super().__init__()
        self.drafts = list(drafts)
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Unsaved typing from an earlier session[/b]")
            yield Label("r restore it into its form · d discard it · esc later", classes="keys")
            yield OptionList(*(Option(describe(d)) for d in self.drafts), id="drafts")
            with Horizontal():
                yield Button("Restore", variant="primary", id="d-restore", compact=True)
                yield Button("Discard", variant="error", id="d-discard", compact=True)
                yield Button("Later", id="d-later", compact=True)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def _highlighted(self) -> int | None:
        at = self.query_one(OptionList).highlighted
        return at if at is not None and 0 <= at < len(self.drafts) else None

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#d-restore")
    def action_restore(self) -> None:
        """Open the highlighted draft in its form."""
        at = self._highlighted()
        if at is not None:
            self.dismiss(self.drafts[at])

    @on(Button.Pressed, "#d-discard")
    def action_discard(self) -> None:
        """Delete the highlighted draft; close when none is left."""
        at = self._highlighted()
        if at is None:
            return
        self.store.remove(self.drafts.pop(at).path)
        options = self.query_one(OptionList)
        options.remove_option_at_index(at)
        if not self.drafts:
            self.dismiss(None)
        else:
            options.highlighted = min(at, len(self.drafts) - 1)

    @on(Button.Pressed, "#d-later")
    def _later(self) -> None:
        self.dismiss(None)
