"""The Recommendations and Risks screens: a table of items with status, and the selected timeline."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Select, Static

from scrutiny.columns import Column
from scrutiny.ledger import Event, Item
from scrutiny.queries import OPEN, ItemQuery
from scrutiny.styles import STATUS_STYLE
from scrutiny.tui.screens.base import DataScreen
from scrutiny.tui.screens.note_modal import NoteModal
from scrutiny.tui.screens.response_form import ResponseForm
from scrutiny.tui.widgets.tables import FitTable, Row, selected_key
from scrutiny.words import plural, shorten

#: How much of a response the timeline shows; Enter opens the note.
SAID_IN_A_CELL = 120

SHOW = (("open", "open"), ("all", "all"), ("overdue", "overdue"))
#: The period selector's first choice: items raised in any period (as ``recs`` with no
#: ``--period``); the others are the periods with notes.
ANY_PERIOD = "any"
#: The timeline: what changed is wrapped (a new due date is never cut off), who said
#: what is cut (Enter opens the note).
TIMELINE = (
    Column("date", "Date", min_width=10),
    Column("change", "Change", min_width=24, max_width=40, ratio=2, wrap=True),
    Column("said", "Who said what", min_width=20, ratio=3),
)


def item_columns(kind: str) -> tuple[Column, ...]:
    """The items table: id (never cut), status, due and as much title as fits; then, as
    the width allows, a risk's category, areas and owner."""
    category = (Column("category", "Category", max_width=11, drop=3),) if kind == "risk" else ()
    return (
        Column("mark", "", max_width=1),
        Column("id", "Id", whole=True),
        Column("status", "Status", max_width=12),
        Column("due", "Due" if kind == "recommendation" else "Until", min_width=10),
        # Room for most of a title before the others are shown.
        Column("title", "Title", min_width=56, ratio=4),
        *category,
        Column("areas", "Areas", min_width=16, max_width=40, ratio=1, drop=2),
        Column("owner", "Owner", min_width=24, ratio=1, drop=1),
    )


def status_text(status: str) -> Text:
    """A status in its colour (the same colours as the command line's tables)."""
    return Text(status, style=STATUS_STYLE.get(status, ""))


class ItemsScreen(DataScreen):
    """Recommendations or risks as of today, filtered; the selected one's timeline below."""

    CSS_PATH = "items.tcss"
    AUTO_FOCUS = "#items"
    #: Below this width the timeline goes under the table, not beside it: the table keeps
    #: the whole width for the title.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (240, "-wide")]
    KIND = "recommendation"
    NOUN = "recommendations"
    BINDINGS = [
        Binding("r", "respond", "Respond"),
        Binding("e", "edit", "Edit"),
        Binding("o", "show('open')", "Open", show=False),
        Binding("a", "show('all')", "All", show=False),
        Binding("d", "show('overdue')", "Overdue", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Select(SHOW, value="open", allow_blank=False, id="show", compact=True)
            yield Select([], prompt="any area", id="item-area", compact=True)
            yield Select(
                [("any period", ANY_PERIOD)],
                value=ANY_PERIOD,
                allow_blank=False,
                id="item-period",
                compact=True,
            )
            yield Static("", id="items-count")
        with Horizontal(id="items-main"):
            yield FitTable(item_columns(self.KIND), id="items")
            with Vertical(id="detail"):
                yield Static("", id="item-title")
                yield FitTable(TIMELINE, id="timeline", zebra_stripes=False)

    # -- drawing ---------------------------------------------------------------------------

    def sync(self) -> None:
        if self.loaded is None:
            return
        area: Select[str] = self.query_one("#item-area", Select)
        raised: Select[str] = self.query_one("#item-period", Select)
        with self.prevent(Select.Changed):
            chosen = area.value
            area.set_options([(a, a) for a in self.loaded.corpus.workspace.framework.area_ids])
            if chosen is not Select.NULL:
                area.value = chosen
            was = raised.value
            labels = [p.label for p in self.loaded.periods]
            raised.set_options([("any period", ANY_PERIOD), *((f"raised {p}", p) for p in labels)])
            raised.value = was if was in labels else ANY_PERIOD
        self._fill()

    def item_query(self) -> ItemQuery:
        """The selectors as the same query ``recs`` and ``risks`` make from their options."""
        assert self.loaded is not None
        show = self.query_one("#show", Select).value
        area = self.query_one("#item-area", Select).value
        raised = self.query_one("#item-period", Select).value
        workspace = self.loaded.corpus.workspace
        return ItemQuery(
            self.KIND,
            status=OPEN if show == "open" else None,
            overdue=show == "overdue",
            area=None if area is Select.NULL else str(area),
            period=None
            if raised in (ANY_PERIOD, Select.NULL)
            else workspace.parse_period(str(raised)),
        )

    def items(self) -> list[Item]:
        """The items passing the filters, oldest first."""
        if self.loaded is None:
            return []
        return self.loaded.reading.items(self.item_query())

    def _fill(self) -> None:
        items = self.items()
        rows: list[Row] = []
        for item in items:
            category = [str(getattr(item.note, "category", ""))] if self.KIND == "risk" else []
            due = item.due or item.monitor_until
            rows.append(
                (
                    item.id,
                    [
                        Text("!", style="bold red") if item.overdue else "",
                        item.id,
                        status_text(item.status),
                        Text(str(due or ""), style="bold red" if item.overdue else ""),
                        item.note.title,
                        *category,
                        ", ".join(item.note.areas) or "—",
                        item.owner or "",
                    ],
                )
            )
        self.query_one("#items", FitTable).fill(rows)
        late = sum(1 for i in items if i.overdue)
        count = plural(len(items), self.NOUN.removesuffix("s")) + (
            f", {late} overdue" if late else ""
        )
        self.query_one("#items-count", Static).update(count)
        self._show_timeline()

    def selected(self) -> Item | None:
        """The item under the cursor."""
        key = selected_key(self.query_one("#items", DataTable))
        if key is None or self.loaded is None:
            return None
        return self.loaded.ledger.items.get(key)

    def _show_timeline(self) -> None:
        item = self.selected()
        title = self.query_one("#item-title", Static)
        timeline = self.query_one("#timeline", FitTable)
        if item is None:
            title.update(f"No {self.NOUN} match.")
            timeline.fill([])
            return
        head = Text(f"{item.id} ", style="bold")
        head.append(item.note.title)
        head.append("\n")
        head.append_text(status_text(item.status))
        if item.due:
            head.append(f" · due {item.due}")
        if item.overdue:
            head.append(" · overdue", style="bold red")
        if item.owner:
            head.append(f" · {item.owner}", style="dim")
        title.update(head)
        rows: list[Row] = [
            (str(n), [e.date.isoformat(), self._change(e), self._said(e)])
            for n, e in enumerate(item.events)
        ]
        timeline.fill(rows, keep=selected_key(timeline))

    @staticmethod
    def _said(event: Event) -> Text:
        """Who said what at a response, shortened at a sentence or word (Enter opens it
        whole); the note's title at other steps, as ``trace`` shows them."""
        if event.type in ("raised", "evidence"):
            return Text(event.title, style="dim")
        text = Text()
        if event.by:
            text.append(f"{event.by}: ", style="bold")
        text.append(shorten(event.said, SAID_IN_A_CELL))
        return text

    @staticmethod
    def _change(event: Event) -> Text:
        text = Text(event.change)
        if event.type == "reopened":
            text.stylize("bold yellow")
        elif event.type == "evidence":
            text.stylize("italic")
        return text

    # -- events ----------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#items")
    def _highlighted(self) -> None:
        self._show_timeline()

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self._fill()

    @on(DataTable.RowSelected, "#items")
    def _open_item(self) -> None:
        item = self.selected()
        if item is not None:
            self.app.push_screen(NoteModal(item.note))

    @on(DataTable.RowSelected, "#timeline")
    def _open_event(self, event: DataTable.RowSelected) -> None:
        item = self.selected()
        if item is None or self.loaded is None or event.row_key.value is None:
            return
        step = item.events[int(event.row_key.value)]
        note = self.loaded.corpus.by_id.get(step.note)
        if note is not None:
            self.app.push_screen(NoteModal(note))

    # -- actions ---------------------------------------------------------------------------

    def action_show(self, which: str) -> None:
        """Show open, all or overdue items."""
        self.query_one("#show", Select).value = which

    def action_respond(self) -> None:
        """Record the partnership's response to the selected item."""
        item = self.selected()
        if item is None or self.loaded is None:
            return
        form = ResponseForm(self.loaded.corpus, item, self.scrutiny.today)
        self.app.push_screen(form, self.scrutiny.note_written)

    def action_edit(self) -> None:
        """Open the selected item's note in $EDITOR."""
        item = self.selected()
        if item is not None:
            self.scrutiny.edit(item.note.path)

    def commands(self) -> Iterable[SystemCommand]:
        noun = self.KIND
        yield SystemCommand(
            f"Respond to {noun}",
            f"Record a response to the selected {noun} (r)",
            self.action_respond,
        )
        yield SystemCommand(
            f"Edit {noun}", f"Open the selected {noun} in $EDITOR (e)", self.action_edit
        )
        for label, _ in SHOW:
            yield SystemCommand(
                f"Show {label} {self.NOUN}", f"Filter the table: {label}", self._show(label)
            )

    def _show(self, which: str) -> Callable[[], None]:
        return lambda: self.action_show(which)


class RecommendationsScreen(ItemsScreen):
    """Recommendations: status, overdue marks, responses."""

    KIND = "recommendation"
    NOUN = "recommendations"


class RisksScreen(ItemsScreen):
    """Risks that scrutiny monitors: status and category."""

    KIND = "risk"
    NOUN = "risks"
