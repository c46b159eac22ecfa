"""A note read on its own, over the screen that opened it (e.g. from a timeline)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from scrutiny.notes import Note
from scrutiny.tui.widgets.note_view import NoteView

if TYPE_CHECKING:
    from scrutiny.tui.app import ScrutinyApp


class NoteModal(ModalScreen[None]):
    """Shows one note; Escape closes it, ``e`` opens it in $EDITOR."""

    DEFAULT_CSS = """
    NoteModal { align: center middle; }
    NoteModal > Vertical {
        width: 90%; max-width: 110; height: 90%;
        border: thick $primary; background: $surface;
    }
    NoteModal NoteView { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("e", "edit", "Edit"),
    ]

    def __init__(self, note: Note) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield NoteView(id="modal-note")
            yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(NoteView)
        view.show(self.note)
        view.focus()

    def action_edit(self) -> None:
        """Close, and open the note in $EDITOR."""
        self.dismiss()
        cast("ScrutinyApp", self.app).edit(self.note.path)
