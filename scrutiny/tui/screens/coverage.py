"""The Coverage screen: areas × sources, kinds and lens, and periods; this period against
the last; and what changed between two dates."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.markup import escape
from textual.widgets import Static, TabbedContent, TabPane

from scrutiny.corpus import Corpus
from scrutiny.coverage import activity_by_period, coverage
from scrutiny.notes import LENSES, SOURCES
from scrutiny.printable import printable_line
from scrutiny.readiness import readiness
from scrutiny.tui.screens.base import DataScreen
from scrutiny.tui.widgets.heatmap import HeatMap, HeatRow
from scrutiny.tui.widgets.meetings import ChangesPane, ComparePane

SOURCE_HEADS = {
    "meeting": "meet",
    "document": "doc",
    "discussion": "disc",
    "observation": "obs",
    "training": "trn",
    "audit": "aud",
    "review": "rev",
    "data": "data",
    "consultation": "cons",
    "visit": "vis",
    "other": "oth",
}
KIND_HEADS = {"activity": "act", "finding": "find", "recommendation": "rec", "risk": "risk"}
#: Findings of the difference made to children and families (``shows: difference``).
IMPACT_HEADS = {"difference": "diff"}
LENS_HEADS = {"children-families": "c&f", "practitioners": "prac", "leadership": "lead"}
LABEL_WIDTH = 19


class CoverageScreen(DataScreen):
    """Where the period's evidence is, by area: gaps (no activity) in red."""

    CSS_PATH = "coverage.tcss"

    def compose_body(self) -> ComposeResult:
        yield Static("", id="coverage-summary")
        with TabbedContent(id="coverage-tabs"):
            with TabPane("Sources", id="tab-sources"):
                yield HeatMap(id="by-source")
                yield Static(self._legend(SOURCE_HEADS), classes="legend")
            with TabPane("Kinds & lens", id="tab-lens"):
                yield HeatMap(id="by-lens")
                yield Static(
                    self._legend({**KIND_HEADS, **LENS_HEADS, **IMPACT_HEADS}), classes="legend"
                )
            with TabPane("Periods", id="tab-periods"):
                yield HeatMap(id="by-period")
                yield Static("activity notes per area in each period", classes="legend")
            with TabPane("Compare", id="tab-compare"):
                yield ComparePane(id="compare")
            with TabPane("Changes", id="tab-changes"):
                yield ChangesPane(id="changes")
            with TabPane("Yearly report", id="tab-readiness"):
                yield Static("", id="readiness")

    def _readiness(self, corpus: Corpus) -> None:
        """What the period's yearly report can show, as ``check --yearly-report`` says it."""
        assert self.period is not None
        text = Text(f"The yearly report for {self.period}\n\n", style="bold")
        for check in readiness(corpus, self.period, self.scrutiny.today):
            mark, style = (
                ("✓", "green")
                if check.ok
                else (("✗", "bold red") if check.required else ("·", "dim"))
            )
            text.append(f"{mark} ", style=style)
            text.append(printable_line(check.label), style="bold")
            text.append(f": {printable_line(check.detail)}\n")
            if check.notes:
                text.append(f"    {printable_line(', '.join(check.notes[:8]))}\n", style="dim")
        self.query_one("#readiness", Static).update(text)

    @staticmethod
    def _legend(heads: dict[str, str]) -> str:
        return "  ".join(f"{short}={long}" for long, short in heads.items())

    def sync(self) -> None:
        if self.loaded is None or self.period is None:
            return
        corpus = self.loaded.corpus
        cover = coverage(corpus, self.period)
        gaps = cover.gaps
        summary = f"[b]{self.period}[/b] ({self.period.wording}): "
        if gaps:
            gap_list = escape(printable_line(", ".join(gaps)))
            summary += f"[bold red]{len(gaps)} area(s) with no activity[/]: {gap_list}"
        else:
            summary += "every area has scrutiny activity"
        self.query_one("#coverage-summary", Static).update(summary)
        self.query_one("#by-source", HeatMap).show(
            LABEL_WIDTH,
            list(SOURCE_HEADS.values()),
            [HeatRow(r.area, [r.sources[s] for s in SOURCES], r.gap) for r in cover.rows],
        )
        self.query_one("#by-lens", HeatMap).show(
            LABEL_WIDTH,
            [*KIND_HEADS.values(), *LENS_HEADS.values(), *IMPACT_HEADS.values()],
            [
                HeatRow(
                    r.area,
                    [
                        *(getattr(r, k) for k in KIND_HEADS),
                        *(r.lens[lens] for lens in LENSES),
                        r.shows["difference"],
                    ],
                    r.gap,
                )
                for r in cover.rows
            ],
        )
        self.query_one(ComparePane).show(corpus, self.period)
        self._readiness(corpus)
        self.query_one(ChangesPane).show(corpus, self.scrutiny.today)
        by_period = activity_by_period(corpus)
        labels = list(by_period)
        # "2024-25" reads as "24-25" in a narrow column; calendar years stay whole.
        heads = [label[2:] if len(label) == 7 else label for label in labels]
        current: Counter[str] = by_period.get(str(self.period), Counter())
        self.query_one("#by-period", HeatMap).show(
            LABEL_WIDTH,
            heads,
            [
                HeatRow(a.id, [by_period[p][a.id] for p in labels], current.get(a.id, 0) == 0)
                for a in corpus.workspace.framework.areas
            ],
            cell_width=max(6, *(len(h) + 1 for h in heads)) if heads else 6,
        )
