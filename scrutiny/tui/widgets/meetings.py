"""Two panes for the time between meetings: what changed between two dates, and this
period against the last, per area (the same library calls as ``changes`` and ``compare``)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from scrutiny.columns import Column
from scrutiny.corpus import Corpus
from scrutiny.meetings.changes import between
from scrutiny.meetings.compare import compare
from scrutiny.periods import Period
from scrutiny.tui.widgets.tables import FitTable, Row
from scrutiny.words import plural, shorten

#: The first look covers this many days up to today.
DEFAULT_DAYS = 56
CHANGES = (
    Column("date", "Date", min_width=10),
    Column("type", "Change", max_width=8),
    Column("id", "ID", whole=True),
    Column("what", "What", min_width=20, ratio=1),
)
COMPARE = (
    Column("area", "Area", whole=True),
    Column("period", "Period", max_width=8),
    Column("thin", "", max_width=1),
    Column("activity", "Act", max_width=4),
    Column("finding", "Find", max_width=4),
    Column("judgements", "S/C", max_width=5),
    Column("recs", "Recs", max_width=11),
    Column("risks", "Risks", max_width=5),
)


class ChangesPane(Vertical):
    """Two dates and what changed between them; Enter in either date redraws."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus: Corpus | None = None
        self.today = dt.date.today()

    def compose(self) -> ComposeResult:
        with Horizontal(classes="dates"):
            yield Label("Since ")
            yield Input(id="changes-since", placeholder="YYYY-MM-DD", compact=True)
            yield Label("  up to ")
            yield Input(id="changes-until", placeholder="YYYY-MM-DD", compact=True)
        yield Static("", id="changes-said")
        yield FitTable(CHANGES, id="changes-table")

    def show(self, corpus: Corpus, today: dt.date) -> None:
        """Draw for ``corpus``; the dates default to the last eight weeks up to ``today``."""
        self.corpus, self.today = corpus, today
        since, until = (
            self.query_one("#changes-since", Input),
            self.query_one("#changes-until", Input),
        )
        if not since.value:
            since.value = (today - dt.timedelta(days=DEFAULT_DAYS)).isoformat()
        if not until.value:
            until.value = today.isoformat()
        self.redraw()

    @on(Input.Submitted)
    def redraw(self) -> None:
        """Fold the ledger at both dates and list the difference."""
        if self.corpus is None:
            return
        said = self.query_one("#changes-said", Static)
        try:
            since = dt.date.fromisoformat(self.query_one("#changes-since", Input).value.strip())
            until = dt.date.fromisoformat(self.query_one("#changes-until", Input).value.strip())
            found = between(self.corpus.notes, since, until, self.corpus.workspace.start_month)
        except ValueError as exc:
            said.update(Text(f"{exc} (dates are YYYY-MM-DD)", style="bold red"))
            return
        rows: list[Row] = []
        for n, change in enumerate(found):
            if change.type == "evidence":
                what = f"{plural(change.count, change.kind, 'activities' if change.kind == 'activity' else None)} on {change.detail}"
                rows.append((f"e{n}", ["", "evidence", "", what]))
                continue
            if change.type == "due":
                what = f"{change.title}: due {change.before or 'none'} → {change.after}"
                if change.detail:
                    what += f". Why: {shorten(change.detail, 120)}"
            elif change.type in ("status", "reopened"):
                what = f"{change.title}: {change.before} → {change.after}"
            elif change.type == "raised":
                what = f"{change.title} (new {change.kind})"
            else:
                what = f"{change.title}: was due {change.after}"
            cell = Text(change.type, style="bold yellow" if change.type == "reopened" else "")
            rows.append((f"c{n}", [str(change.date or ""), cell, change.id, what]))
        items = len(found.items)
        said.update(f"{plural(items, 'change')} to items after {since} up to {until}")
        self.query_one(FitTable).fill(rows)


class ComparePane(Vertical):
    """The period on show against the one before, per area; thinner areas marked ↓."""

    def compose(self) -> ComposeResult:
        yield FitTable(COMPARE, id="compare-table")
        yield Static(
            "Act activity · Find findings · S/C strength/concern · Recs raised/closed/not "
            "accepted/carried · Risks opened/closed · ↓ less activity than the period before",
            classes="legend",
        )

    def show(self, corpus: Corpus, period: Period) -> None:
        before = period.previous()
        result = compare(corpus, before, period)
        rows: list[Row] = []
        for area in result.areas:
            for label, year in ((before.label, area.first), (period.label, area.second)):
                j, r, k = year.judgements, year.recommendations, year.risks
                thin = area.thinner and label == period.label
                rows.append(
                    (
                        f"{area.area}:{label}",
                        [
                            area.area if label == before.label else "",
                            label,
                            Text("↓", style="bold red") if thin else "",
                            str(year.coverage.activity),
                            str(year.coverage.finding),
                            f"{j['strength']}/{j['concern']}",
                            f"{r['raised']}/{r['closed']}/{r['not_accepted']}/{r['carried']}",
                            f"{k['opened']}/{k['closed']}",
                        ],
                    )
                )
        self.query_one(FitTable).fill(rows)
