"""The question before a changed form is left: save, discard, or keep editing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class LeaveDialog(ModalScreen[str | None]):
    """Returns ``"save"``, ``"discard"``, or None to keep editing (Escape, or the button)."""

    DEFAULT_CSS = """
    LeaveDialog { align: center middle; }
    LeaveDialog > Vertical {
        width: 56; height: auto;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    LeaveDialog Label { width: 1fr; }
    LeaveDialog .leave-keys { color: $text-muted; margin-bottom: 1; }
    LeaveDialog Horizontal { height: 1; align-horizontal: right; }
    LeaveDialog Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Keep editing"),
        Binding("s", "choose('save')", "Save", show=False),
        Binding("d", "choose('discard')", "Discard", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]This form has changes that are not saved.[/b]")
            yield Label("s save · d discard · esc keep editing", classes="leave-keys")
            with Horizontal():
                yield Button("Save", variant="primary", id="leave-save", compact=True)
                yield Button("Discard", variant="error", id="leave-discard", compact=True)
                yield Button("Keep editing", id="leave-keep", compact=True)

    def on_mount(self) -> None:
        self.query_one("#leave-keep", Button).focus()

    def action_choose(self, choice: str) -> None:
        """Close with ``choice``."""
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = {"leave-save": "save", "leave-discard": "discard"}.get(event.button.id or "")
        self.dismiss(choice)
