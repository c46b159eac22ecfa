"""What the charts of board packs and comparisons show: counts from the ledger and the
coverage, made into specs for :mod:`scrutiny.meetings.draw`. The charts show counts
only; no note text reaches them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from scrutiny.ledger import Ledger, fold
from scrutiny.meetings.draw import STATUS_GROUPS, Spec, draw
from scrutiny.notes import Note
from scrutiny.periods import Period


def month_ends(period: Period, until: dt.date) -> list[dt.date]:
    """The last day of each month of ``period`` up to ``until``."""
    days: list[dt.date] = []
    day = period.start
    while day <= min(period.end, until):
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        days.append(min(following - dt.timedelta(days=1), until))
        day = following
    return days


def status_counts(
    notes: Sequence[Note], days: Sequence[dt.date], start_month: int, ledger: Ledger | None = None
) -> list[list[int]]:
    """Per day, recommendations in each status group: one fold (``ledger``, when it is
    already folded at the last day), read back along each item's timeline (the same answer
    as a fold per day; published notes only are given)."""
    if not days:
        return []
    if ledger is None or ledger.as_of != max(days):
        ledger = fold(notes, max(days), start_month)
    items = ledger.of_kind("recommendation")
    counts = []
    for day in days:
        found = [s for s in (i.status_on(day) for i in items) if s is not None]
        counts.append([sum(s in group for s in found) for _, group, _, _ in STATUS_GROUPS])
    return counts


def recommendations_spec(
    notes: Sequence[Note], period: Period, until: dt.date, ledger: Ledger | None = None
) -> Spec:
    """Recommendations by status at the end of each month of ``period`` up to ``until``."""
    days = month_ends(period, until)
    return {
        "chart": "status",
        "labels": [d.strftime("%b\n%Y") for d in days],
        "counts": status_counts(notes, days, period.start_month, ledger),
    }


def areas_spec(
    areas: Sequence[str], first: Sequence[int], second: Sequence[int], labels: tuple[str, str]
) -> Spec:
    """Scrutiny activity per area in two periods."""
    return {
        "chart": "areas",
        "areas": list(areas),
        "first": list(first),
        "second": list(second),
        "labels": list(labels),
    }


def evidence_by_area(
    areas: Sequence[str], first: Sequence[int], second: Sequence[int], labels: tuple[str, str]
) -> bytes:
    """Grouped bars of activity per area in two periods, as PNG bytes."""
    return draw(areas_spec(areas, first, second, labels))
