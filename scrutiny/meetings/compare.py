"""This year against last: per framework area, two periods side by side.

Activity by source and lens comes from :mod:`scrutiny.coverage` (so the counts are the ones
``coverage`` prints), findings by judgement, recommendations raised, closed, not accepted
and carried, risks opened and closed. An area is *thinner* when it had less scrutiny
activity in the later period than in the earlier one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from scrutiny.corpus import Corpus
from scrutiny.coverage import AreaCoverage, coverage
from scrutiny.ledger import Item, fold
from scrutiny.notes import Finding
from scrutiny.periods import Period
from scrutiny.queries import Audience, visible

JUDGEMENTS = ("strength", "concern", "mixed", "neutral")


@dataclass
class AreaYear:
    """One area in one period."""

    coverage: AreaCoverage
    judgements: Counter[str] = field(default_factory=Counter)
    recommendations: Counter[str] = field(default_factory=Counter)
    risks: Counter[str] = field(default_factory=Counter)

    def as_row(self) -> dict[str, int]:
        row: dict[str, int] = {"activity": self.coverage.activity, "finding": self.coverage.finding}
        row.update({f"source_{k}": v for k, v in self.coverage.sources.items()})
        row.update({f"lens_{k}": v for k, v in self.coverage.lens.items()})
        row.update({f"judgement_{k}": self.judgements[k] for k in JUDGEMENTS})
        for key in ("raised", "closed", "not_accepted", "carried"):
            row[f"recommendations_{key}"] = self.recommendations[key]
        for key in ("opened", "closed"):
            row[f"risks_{key}"] = self.risks[key]
        return row


@dataclass
class AreaComparison:
    """One area in both periods."""

    area: str
    title: str
    first: AreaYear
    second: AreaYear

    @property
    def thinner(self) -> bool:
        """Less scrutiny activity in the later period."""
        return self.second.coverage.activity < self.first.coverage.activity

    def as_row(self, first: str, second: str) -> dict[str, object]:
        row: dict[str, object] = {"area": self.area, "title": self.title, "thinner": self.thinner}
        for label, year in ((first, self.first), (second, self.second)):
            row.update({f"{label}_{k}": v for k, v in year.as_row().items()})
        return row


@dataclass
class Comparison:
    """Every framework area (or one), in framework order."""

    first: Period
    second: Period
    areas: list[AreaComparison]


def _year(corpus: Corpus, period: Period) -> dict[str, AreaYear]:
    years = {row.area: AreaYear(row) for row in coverage(corpus, period).rows}
    public = visible(corpus.notes, Audience.PUBLISHED)
    for note in public:
        if isinstance(note, Finding) and period.contains(note.date):
            for area in dict.fromkeys(note.areas):
                if area in years:
                    years[area].judgements[note.judgement or "neutral"] += 1
    start = fold(public, period.start - dt.timedelta(days=1), period.start_month)
    end = fold(public, period.end, period.start_month)
    for item in end.items.values():
        before = start.items.get(item.id)
        for area in dict.fromkeys(item.note.areas):
            if area in years:
                _count(years[area], item, before, period.contains(item.raised))
    return years


def _count(year: AreaYear, item: Item, before: Item | None, raised_now: bool) -> None:
    """Add one item's part in the period to its area's counts."""
    moved = before is None or before.status != item.status
    if item.kind == "recommendation":
        year.recommendations["raised"] += raised_now
        year.recommendations["carried"] += before is not None and before.is_open
        year.recommendations["closed"] += moved and item.status == "closed"
        year.recommendations["not_accepted"] += moved and item.status == "not-accepted"
    elif item.kind == "risk":
        year.risks["opened"] += raised_now
        was_open = before.is_open if before is not None else raised_now
        year.risks["closed"] += was_open and not item.is_open


def compare(corpus: Corpus, first: Period, second: Period, area: str | None = None) -> Comparison:
    """The two periods side by side for every area of the framework (or ``area``)."""
    one, two = _year(corpus, first), _year(corpus, second)
    rows = [
        AreaComparison(a.id, a.title, one[a.id], two[a.id])
        for a in corpus.workspace.framework.areas
        if area is None or a.id == area
    ]
    return Comparison(first, second, rows)
