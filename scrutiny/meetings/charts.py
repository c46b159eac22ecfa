"""Small charts for board packs and comparisons, as PNG bytes (matplotlib, no display).

Readable in black and white: bars are told apart by hatching and shades of grey as well as
colour, every bar is labelled by its axis, and text is never smaller than 8 points. The
charts show counts only; no note text reaches them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from scrutiny.ledger import Ledger, fold
from scrutiny.notes import Note
from scrutiny.periods import Period

#: Status groups of a recommendation, with a fill and a hatch each (dark to light).
STATUS_GROUPS = (
    ("Open", ("open",), "#1f3b57", ""),
    ("Accepted or in progress", ("accepted", "in-progress"), "#5b7fa3", "//"),
    ("Implemented", ("implemented",), "#a9bfd6", ".."),
    ("Closed", ("closed",), "#e3e9f0", ""),
    ("Not accepted or superseded", ("not-accepted", "superseded"), "#ffffff", "xx"),
)


#: Dots per inch: sharp when printed at the text width of an A4 page.
DPI = 130


def _figure(width: float, height: float) -> tuple[Any, Any]:
    """A figure and its axes drawn by Agg, without pyplot (no display, no global state,
    and a third of pyplot's import time)."""
    from matplotlib import rcParams
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rcParams.update(
        {
            "font.size": 8,
            "hatch.linewidth": 0.6,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    # Margins set here rather than measured (bbox_inches="tight" draws everything twice).
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


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


def recommendations_over_time(
    notes: Sequence[Note], period: Period, until: dt.date, ledger: Ledger | None = None
) -> bytes:
    """Stacked bars: recommendations by status at the end of each month of the period."""
    days = month_ends(period, until)
    counts = status_counts(notes, days, period.start_month, ledger)
    figure, axes = _figure(6.2, 2.6)
    labels = [d.strftime("%b\n%Y") for d in days]
    bottom = [0] * len(days)
    for index, (name, _, colour, hatch) in enumerate(STATUS_GROUPS):
        values = [row[index] for row in counts]
        axes.bar(
            labels,
            values,
            bottom=bottom,
            label=name,
            color=colour,
            hatch=hatch,
            edgecolor="#000000",
            linewidth=0.5,
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel("Recommendations")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    figure.subplots_adjust(left=0.08, right=0.66, top=0.95, bottom=0.2)
    return _png(figure)


def evidence_by_area(
    areas: Sequence[str], first: Sequence[int], second: Sequence[int], labels: tuple[str, str]
) -> bytes:
    """Grouped bars: scrutiny activity per area in two periods (grey, then hatched black)."""
    figure, axes = _figure(6.2, 2.6)
    positions = list(range(len(areas)))
    width = 0.38
    axes.bar(
        [p - width / 2 for p in positions],
        first,
        width,
        label=labels[0],
        color="#bfbfbf",
        edgecolor="#000000",
        linewidth=0.5,
    )
    axes.bar(
        [p + width / 2 for p in positions],
        second,
        width,
        label=labels[1],
        color="#ffffff",
        hatch="////",
        edgecolor="#000000",
        linewidth=0.5,
    )
    axes.set_xticks(positions, [a.replace("-", "-\n", 1) for a in areas])
    axes.set_ylabel("Scrutiny activities")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False)
    figure.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.2)
    return _png(figure)
