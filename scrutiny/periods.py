"""Reporting periods: twelve months from the workspace's start month, and their labels."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_LABEL = re.compile(r"^\s*(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?\s*$")


class PeriodError(ValueError):
    """A period label that cannot be read, with a hint of the expected form."""


@dataclass(frozen=True, order=True)
class Period:
    """A reporting year: twelve months starting on the first of ``start_month``."""

    start_year: int
    start_month: int = 10

    @classmethod
    def of(cls, day: date, start_month: int = 10) -> Period:
        """The period that contains ``day``."""
        year = day.year if day.month >= start_month else day.year - 1
        return cls(year, start_month)

    @classmethod
    def parse(cls, label: str, start_month: int = 10) -> Period:
        """Read a label such as ``2020-21``, ``2020/21``, ``2020-2021`` or ``2021``.

        With a January start a period is named by its single year; with any other start
        month a bare year names the period that starts in that year.
        """
        match = _LABEL.match(label)
        if not match:
            raise PeriodError(
                f"cannot read period {label!r} (expected e.g. {cls.example(start_month)})"
            )
        first = int(match.group(1))
        if not 1900 <= first <= 2198:
            raise PeriodError(
                f"period {label!r} is outside the years this program handles (1900 to 2199)"
            )
        second = match.group(2)
        if second is not None:
            if start_month == 1:
                raise PeriodError(
                    f"period {label!r} spans two years, but this workspace's reporting year "
                    f"starts in January (expected e.g. {cls.example(start_month)})"
                )
            expected = (first + 1) % (100 if len(second) == 2 else 10_000)
            if int(second) != expected:
                raise PeriodError(
                    f"period {label!r} does not span consecutive years "
                    f"(expected {cls(first, start_month).label})"
                )
        return cls(first, start_month)

    @staticmethod
    def example(start_month: int) -> str:
        """A sample label for messages."""
        return "2021" if start_month == 1 else "2020-21"

    @property
    def start(self) -> date:
        """The first day of the period."""
        return date(self.start_year, self.start_month, 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        return self.next().start - timedelta(days=1)

    @property
    def label(self) -> str:
        """``2020-21`` for October 2020 to September 2021; ``2021`` for a calendar year."""
        if self.start_month == 1:
            return str(self.start_year)
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def wording(self) -> str:
        """``October 2020 to September 2021``, as the annual report words a period."""
        end = self.end
        return (
            f"{calendar.month_name[self.start_month]} {self.start_year} to "
            f"{calendar.month_name[end.month]} {end.year}"
        )

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls within the period."""
        return self.start <= day <= self.end

    def next(self) -> Period:
        """The following period."""
        return Period(self.start_year + 1, self.start_month)

    def previous(self) -> Period:
        """The preceding period."""
        return Period(self.start_year - 1, self.start_month)

    def __str__(self) -> str:
        return self.label
