"""The Evidence screen: areas with counts, the notes that match the filters, and a preview."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input, Select, Tree
from textual.worker import get_current_worker

from scrutiny.columns import Column
from scrutiny.notes import KINDS, Note
from scrutiny.queries import Audience, NoteQuery
from scrutiny.tui.screens.base import DataScreen
from scrutiny.tui.state import Loaded
from scrutiny.tui.widgets.note_view import NoteView
from scrutiny.tui.widgets.rows import Row, RowTable

ALL = "all"
#: Seconds after the last search keystroke before the preview follows the list.
PREVIEW_DELAY = 0.15
#: Kinds as they fit a narrow column.
SHORT_KIND = {"recommendation": "rec"}
#: Date, kind and as much title as fits; then, as the width allows, areas and source.
NOTES = (
    Column("date", "Date", min_width=10),
    Column("kind", "Kind", max_width=8),
    Column("title", "Title", min_width=40, max_width=90, ratio=3),
    Column("areas", "Areas", min_width=18, max_width=36, ratio=1, drop=2),
    Column("source", "Source", max_width=12, drop=1),
)


class EvidenceScreen(DataScreen):
    """Browse notes by area, kind, period and full-text search; read the selected one."""

    CSS_PATH = "evidence.tcss"
    SHOWS_GLANCE = True
    AUTO_FOCUS = "#notes"
    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("e", "edit", "Edit"),
        Binding("a", "all_areas", "All areas", show=False),
        Binding("escape", "leave_search", "Back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.area: str | None = None
        self.all_periods = False
        #: Paths matching the search box, best first; None when the box is empty.
        self.matches: list[str] | None = None
        self.shown_query = ""
        self._preview_timer: Timer | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="evidence"):
            tree: Tree[str | None] = Tree("All areas", id="areas", data=None)
            tree.show_root = True
            yield tree
            with Vertical(id="evidence-right"):
                with Horizontal(id="filters"):
                    yield Input(placeholder="search notes…", id="search", compact=True)
                    yield Select(
                        [(k, k) for k in KINDS], prompt="any kind", id="kind", compact=True
                    )
                    yield Select([("all", ALL)], id="period", compact=True, allow_blank=False)
                yield RowTable(NOTES, id="notes")
                yield NoteView(id="note")

    @property
    def loaded(self) -> Loaded | None:
        """The full reading, or the glance at the newest period until it arrives."""
        return self.scrutiny.loaded or self.scrutiny.glance

    # -- drawing ---------------------------------------------------------------------------

    def sync(self) -> None:
        if self.loaded is None or self.period is None:
            return
        pending = self.scrutiny.pending_path
        if pending is not None:
            self._reveal(pending)
        self._sync_period_select()
        self._fill_tree()
        self._fill_table(keep=pending)

    def _reveal(self, path: str) -> None:
        """Clear any filter that would hide the note at ``path``."""
        assert self.loaded is not None
        note = next((n for n in self.loaded.corpus.notes if n.path == path), None)
        if note is None:
            return
        self.all_periods = False
        if self.area is not None and self.area not in note.areas:
            self.area = None
        kind = self.query_one("#kind", Select)
        if kind.value not in (Select.NULL, note.kind):
            with self.prevent(Select.Changed):
                kind.clear()
        if self.matches is not None and path not in self.matches:
            self.matches = None
            with self.prevent(Input.Changed):
                self.query_one("#search", Input).value = ""

    def _sync_period_select(self) -> None:
        assert self.loaded is not None
        select: Select[str] = self.query_one("#period", Select)
        options = [(p.label, p.label) for p in self.scrutiny.offered_periods()] + [("all", ALL)]
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = ALL if self.all_periods else str(self.period)
        # A glance holds one period: choosing another waits for the full reading.
        select.disabled = not self.loaded.complete

    def in_scope(self) -> list[Note]:
        """The notes of the chosen period (or all periods), before the other filters."""
        assert self.loaded is not None
        corpus = self.loaded.corpus
        return corpus.notes if self.all_periods else corpus.select(period=self.period)

    def _fill_tree(self) -> None:
        assert self.loaded is not None
        tree: Tree[str | None] = self.query_one("#areas", Tree)
        notes = self.in_scope()
        tree.clear()
        tree.root.set_label(self._label("All areas", len(notes), self.area is None))
        for area in self.loaded.corpus.workspace.framework.areas:
            count = sum(1 for n in notes if area.id in n.areas)
            tree.root.add_leaf(self._label(area.id, count, self.area == area.id), data=area.id)
        tree.root.expand()

    @staticmethod
    def _label(name: str, count: int, chosen: bool) -> Text:
        # The count goes first: long area ids are cut at the tree's edge.
        text = Text(f"{count:>2} ", style="dim" if count else "bold red")
        text.append(name, style="bold" if chosen else "")
        return text

    def note_query(self) -> NoteQuery:
        """The selectors as the query ``scrutiny notes`` makes from its options."""
        kind = self.query_one("#kind", Select).value
        return NoteQuery(
            period=None if self.all_periods else self.period,
            area=self.area,
            kinds=() if kind is Select.NULL else (str(kind),),
            audience=Audience.OWN,
        )

    def visible_notes(self) -> list[Note]:
        """The notes that pass every filter, newest first (best match first when searching)."""
        if self.loaded is None:
            return []
        notes = self.loaded.reading.notes(self.note_query())
        if self.matches is None:
            return list(reversed(notes))
        by_path = {n.path: n for n in notes}
        return [by_path[p] for p in self.matches if p in by_path]

    def _fill_table(self, keep: str | None = None, *, preview_later: bool = False) -> None:
        table = self.query_one("#notes", RowTable)
        rows: list[Row] = [
            (
                n.path,
                [
                    n.date.isoformat(),
                    SHORT_KIND.get(n.kind, n.kind),
                    Text(n.title, style="red") if n.restricted else n.title,
                    ", ".join(n.areas),
                    str(getattr(n, "source", "") or ""),
                ],
            )
            for n in self.visible_notes()
        ]
        table.refill(rows, keep)
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if preview_later:
            # While typing, the list follows each key at once; the preview (rendering
            # Markdown) follows when the typing pauses.
            self._preview_timer = self.set_timer(PREVIEW_DELAY, self._preview)
        else:
            self._preview()

    def _preview(self) -> None:
        path = self.query_one("#notes", RowTable).selected_key
        note = None
        if path is not None and self.loaded is not None:
            note = next((n for n in self.loaded.corpus.notes if n.path == path), None)
        self.query_one("#note", NoteView).show(note)

    # -- events ----------------------------------------------------------------------------

    @on(RowTable.RowHighlighted, "#notes")
    def _highlighted(self) -> None:
        self._preview()

    @on(Tree.NodeSelected, "#areas")
    def _area_chosen(self, event: Tree.NodeSelected[str | None]) -> None:
        self.area = event.node.data
        self._fill_tree()
        self._fill_table()

    @on(Select.Changed, "#kind")
    def _kind_chosen(self) -> None:
        self._fill_table()

    @on(Select.Changed, "#period")
    def _period_chosen(self, event: Select.Changed) -> None:
        if self.loaded is None or event.value != event.select.value:
            # A stale event: the selector's initial placeholder, handled after a sync
            # has already set it (the screen can mount after the first reading).
            return
        if event.value == ALL:
            self.all_periods = True
            self._fill_tree()
            self._fill_table()
            return
        self.all_periods = False
        chosen = next((p for p in self.scrutiny.offered_periods() if p.label == event.value), None)
        if chosen == self.period:
            self._fill_tree()
            self._fill_table()
        else:
            self.scrutiny.set_period(chosen)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one("#notes", RowTable).focus()

    @work(thread=True, exclusive=True, group="search")
    def search(self, query: str) -> None:
        """Ask the index's full-text search (in a thread: the UI keeps up with typing)."""
        if self.loaded is None:
            return
        period = None if self.all_periods else self.period
        paths = self.loaded.scrutiny.search_as_typed(query, period) if query.strip() else None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._found, query, paths)

    def _found(self, query: str, paths: list[str] | None) -> None:
        self.matches = paths
        self._fill_table(preview_later=True)
        #: The query whose results are on screen (the benchmark waits for it).
        self.shown_query = query

    # -- actions ---------------------------------------------------------------------------

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        """Back from the filters to the notes."""
        self.query_one("#notes", RowTable).focus()

    def action_all_areas(self) -> None:
        """Drop the area filter."""
        self.area = None
        self._fill_tree()
        self._fill_table()

    def action_edit(self) -> None:
        """Open the selected note in $EDITOR."""
        path = self.query_one("#notes", RowTable).selected_key
        if path is not None:
            self.scrutiny.edit(path)

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Search notes", "Full-text search of titles and bodies (/)", self.action_search
        )
        yield SystemCommand("Edit note", "Open the selected note in $EDITOR (e)", self.action_edit)
        yield SystemCommand("All areas", "Show notes of every area (a)", self.action_all_areas)
