"""Choosing the notes a note rests on: search over ids and titles, several at once."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, SelectionList
from textual.widgets.selection_list import Selection

from scrutiny.notes import Note
from scrutiny.printable import printable_line

#: Matches shown at once; the chosen notes are always shown, above them.
SHOWN = 40


class EvidencePicker(Vertical):
    """A search box over the workspace's notes and a list to tick: ``chosen`` is the ids.

    A chosen note stays chosen (and listed first) while the search changes, so notes found
    by different words can be cited together.
    """

    class Changed(Message):
        """The chosen notes changed (its own list's events stop at the picker)."""

    def __init__(self, notes: Sequence[Note], *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Newest first: the evidence for a finding is usually recent.
        self.notes = sorted(notes, key=lambda n: (n.date, n.id), reverse=True)
        self.titles = {n.id: n.title for n in self.notes}
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search ids and titles", id="f-evidence-search", compact=True)
        yield SelectionList[str](id="f-evidence", compact=True)

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        words = query.lower().split()
        found = [
            n.id
            for n in self.notes
            if n.id not in self.chosen and all(w in f"{n.id} {n.title}".lower() for w in words)
        ]
        listing = self.query_one("#f-evidence", SelectionList)
        listing.clear_options()
        listing.add_options(
            [self._option(i, True) for i in self.chosen]
            + [self._option(i, False) for i in found[:SHOWN]]
        )

    def _option(self, note_id: str, chosen: bool) -> Selection[str]:
        label = Text(note_id, style="bold")
        label.append("  " + printable_line(self.titles.get(note_id, "")))
        return Selection(label, note_id, chosen)

    @on(Input.Changed, "#f-evidence-search")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    @on(SelectionList.SelectedChanged, "#f-evidence")
    def _ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        listing = event.selection_list
        shown = {listing.get_option_at_index(i).value for i in range(listing.option_count)}
        ticked = set(listing.selected)
        kept = [i for i in self.chosen if i not in shown or i in ticked]
        self.chosen = kept + [i for i in listing.selected if i not in kept]
        self.post_message(self.Changed())

    def restore(self, ids: Sequence[str]) -> None:
        """Choose ``ids`` again (those still in the workspace), as a draft had them."""
        self.chosen = [i for i in dict.fromkeys(ids) if i in self.titles]
        self._fill(self.query_one("#f-evidence-search", Input).value)
