"""A note as a reader wants it: its front matter as a tidy header, then its rendered body."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from scrutiny.notes import Note
from scrutiny.printable import printable, printable_line

#: Front-matter fields shown in the header, in reading order, with their labels.
SHOWN = (
    ("kind", "Kind"),
    ("id", "Id"),
    ("date", "Date"),
    ("areas", "Areas"),
    ("source", "Source"),
    ("for_", "For"),
    ("category", "Category"),
    ("responds_to", "Responds to"),
    ("status", "Status"),
    ("by", "By"),
    ("owner", "Owner"),
    ("due", "Due"),
    ("monitor_until", "Monitor until"),
    ("judgement", "Judgement"),
    ("impact", "Impact"),
    ("lens", "Lens"),
    ("agencies", "Agencies"),
    ("scrutineers", "Scrutineers"),
    ("evidence", "Evidence"),
    ("actions", "Actions"),
    ("tags", "Tags"),
)


def _text(value: Any) -> Text:
    """A field's value as plain text: a str in a Rich table would be read as markup."""
    if isinstance(value, list | tuple):
        return Text(printable_line(", ".join(str(v) for v in value)))
    return Text(printable_line(str(value)))


def header(note: Note) -> RenderableType:
    """The note's title and its set fields as a two-column grid (no raw YAML)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for attr, label in SHOWN:
        value = getattr(note, attr, None)
        if value in (None, [], ""):
            continue
        grid.add_row(label, _text(value))
    if note.restricted:
        grid.add_row("Confidentiality", Text("restricted: never published", style="bold red"))
    grid.add_row("File", Text(printable_line(note.path), style="dim"))
    title = Text(printable_line(note.title), style="bold")
    outer = Table.grid()
    outer.add_row(title)
    outer.add_row(grid)
    return outer


class NoteView(VerticalScroll):
    """Shows one note: a header of its fields and its Markdown body."""

    DEFAULT_CSS = """
    NoteView { padding: 0 1; }
    NoteView > .note-header { margin-bottom: 1; }
    NoteView > Markdown { margin: 0; padding: 0; }
    """

    #: The note on show, if any.
    note: Note | None = None

    def compose(self) -> ComposeResult:
        yield Static("Select a note to read it.", classes="note-header")
        yield Markdown()

    def show(self, note: Note | None) -> None:
        """Show ``note`` (or an empty hint)."""
        self.note = note
        head = self.query_one(".note-header", Static)
        body = self.query_one(Markdown)
        if note is None:
            head.update("No note selected.")
            body.update("")
            return
        head.update(header(note))
        body.update(printable(note.body) or "*(no body)*")
        self.scroll_home(animate=False)
