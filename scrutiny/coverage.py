"""Coverage: how much evidence each framework area has in a period, and where the gaps are."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scrutiny.corpus import Corpus
from scrutiny.notes import LENSES, SHOWS, SOURCES
from scrutiny.periods import Period
from scrutiny.queries import Audience, visible


@dataclass
class AreaCoverage:
    """Counts for one area in one period."""

    area: str
    title: str
    activity: int = 0
    finding: int = 0
    recommendation: int = 0
    risk: int = 0
    response: int = 0
    sources: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SOURCES, 0))
    lens: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LENSES, 0))
    #: Findings by what they show: how much was done, how well, what difference it made.
    shows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHOWS, 0))

    @property
    def impact(self) -> bool:
        """Some evidence of the difference made, not only of activity."""
        return self.shows["difference"] > 0

    @property
    def gap(self) -> bool:
        """No scrutiny activity in the period."""
        return self.activity == 0

    def as_row(self) -> dict[str, object]:
        row: dict[str, object] = {
            "area": self.area,
            "title": self.title,
            "activity": self.activity,
            "finding": self.finding,
            "recommendation": self.recommendation,
            "risk": self.risk,
            "gap": self.gap,
            "impact": self.impact,
        }
        row.update({f"source_{k}": v for k, v in self.sources.items()})
        row.update({f"lens_{k}": v for k, v in self.lens.items()})
        row.update({f"shows_{k}": v for k, v in self.shows.items()})
        return row


@dataclass
class Coverage:
    """Areas × evidence for one period, in framework order."""

    period: Period
    rows: list[AreaCoverage]

    @property
    def gaps(self) -> list[str]:
        return [r.area for r in self.rows if r.gap]


def coverage(corpus: Corpus, period: Period) -> Coverage:
    """Count the period's notes per framework area, by kind, by activity source and by lens.

    Only published notes count (:class:`scrutiny.queries.Audience`): the report prints
    these counts, and an area whose only activity is restricted is a gap in the report.
    """
    framework = corpus.workspace.framework
    rows = {a.id: AreaCoverage(a.id, a.title) for a in framework.areas}
    for note in visible(corpus.select(period=period), Audience.PUBLISHED):
        for area in dict.fromkeys(note.areas):
            row = rows.get(area)
            if row is None:
                continue
            if note.kind in ("activity", "finding", "recommendation", "risk", "response"):
                setattr(row, note.kind, getattr(row, note.kind) + 1)
            source = getattr(note, "source", None)
            if source:
                row.sources[source] += 1
            for lens in note.lens:
                row.lens[lens] += 1
            shows = getattr(note, "shows", None)
            if shows:
                row.shows[shows] += 1
    return Coverage(period, list(rows.values()))


def activity_by_period(corpus: Corpus) -> dict[str, Counter[str]]:
    """Activity counts per area for every period with notes: {period label: {area: n}}."""
    result: dict[str, Counter[str]] = {p.label: Counter() for p in corpus.periods()}
    for note in visible(corpus.of_kind("activity"), Audience.PUBLISHED):
        label = corpus.workspace.period_of(note.date).label
        result[label].update(dict.fromkeys(note.areas, 1))
    return result
