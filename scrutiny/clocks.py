"""Statutory clocks of case reviews, counted in working days of England and Wales.

Working Together to Safeguard Children sets the times a scrutineer is asked about: a rapid
review within 15 working days of the serious incident notification, and a local child
safeguarding practice review published within six months of the decision to hold one.
Both are settings (``[clocks]`` in ``scrutiny.toml``). Working days skip weekends and the
bank holidays of England and Wales, from the maintained ``holidays`` package, not a list
kept by hand. The day of the notification is day 0; the next working day is day 1.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    import holidays

    # England and Wales share their bank holidays; subdivision ENG is both.
    found: Any = holidays.country_holidays("GB", subdiv="ENG", years=[year])
    return frozenset(found)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself is day 0)."""
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days after ``start`` ``end`` is (0 when ``end`` is not after it)."""
    day, counted = start, 0
    while day < end:
        day += dt.timedelta(days=1)
        counted += is_working_day(day)
    return counted


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Clock:
    """One statutory clock of one review: when it started, when it is due, and its state."""

    name: str
    started: dt.date | None
    due: dt.date | None
    done: dt.date | None
    as_of: dt.date

    @property
    def state(self) -> str:
        """``met``, ``missed``, ``running`` (not done, not yet due) or ``not started``."""
        if self.started is None or self.due is None:
            return "not started"
        if self.done is not None:
            return "met" if self.done <= self.due else "missed"
        return "missed" if self.as_of > self.due else "running"

    @property
    def late_by(self) -> int:
        """Working days past the due date (when missed)."""
        if self.due is None or self.state != "missed":
            return 0
        return working_days_between(self.due, self.done or self.as_of)
