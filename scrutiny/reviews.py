"""The case-review register: rapid reviews, the decision on a local or national review,
publication, the recommendations that came of each, and the statutory clocks.

A review's clocks (see :mod:`scrutiny.clocks`): the rapid review is due a number of
working days after the notification, and a local child safeguarding practice review is
due for publication some months after the decision to hold one. Both are settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scrutiny.clocks import Clock, add_months, add_working_days, working_days_between
from scrutiny.frameworks import Framework
from scrutiny.ledger import Ledger
from scrutiny.notes import Note, Recommendation, Review
from scrutiny.problems import Problem
from scrutiny.workspace import ClockSettings, Settings


def rapid_review_clock(review: Review, clocks: ClockSettings, as_of: dt.date) -> Clock:
    """Notification to rapid review, in working days."""
    start = review.notified_on
    due = add_working_days(start, clocks.rapid_review_working_days)
    return Clock("rapid review", start, due, review.rapid_review, as_of)


def publication_clock(review: Review, clocks: ClockSettings, as_of: dt.date) -> Clock:
    """Decision to publication of a local review, in months (only for ``decision: local``)."""
    if review.decision != "local" or review.decided is None:
        return Clock("publication", None, None, review.published, as_of)
    due = add_months(review.decided, clocks.practice_review_months)
    return Clock("publication", review.decided, due, review.published, as_of)


@dataclass(frozen=True)
class Entry:
    """One review in the register, with its clocks and recommendations as of a day."""

    review: Review
    rapid: Clock
    publication: Clock
    recommendations: tuple[tuple[str, str], ...]

    def as_row(self) -> dict[str, object]:
        review = self.review
        return {
            "id": review.id,
            "title": review.title,
            "notified": review.notified_on,
            "rapid_review": review.rapid_review,
            "rapid_review_due": self.rapid.due,
            "rapid_review_clock": self.rapid.state,
            "decision": review.decision,
            "decided": review.decided,
            "published": review.published,
            "publication_due": self.publication.due,
            "publication_clock": self.publication.state,
            "recommendations": [f"{i} ({s})" for i, s in self.recommendations],
            "path": review.path,
        }


def register(notes: Sequence[Note], ledger: Ledger, clocks: ClockSettings) -> list[Entry]:
    """Every review (oldest notification first) with its clocks as of the ledger's day."""
    reviews = [n for n in notes if isinstance(n, Review)]
    from_review: dict[str, list[tuple[str, str]]] = {}
    for note in notes:
        if isinstance(note, Recommendation) and note.review:
            item = ledger.items.get(note.id)
            status = item.status if item is not None else "open"
            from_review.setdefault(note.review, []).append((note.id, status))
    return [
        Entry(
            r,
            rapid_review_clock(r, clocks, ledger.as_of),
            publication_clock(r, clocks, ledger.as_of),
            tuple(from_review.get(r.id, [])),
        )
        for r in sorted(reviews, key=lambda r: (r.notified_on, r.id))
    ]


def _late(review: Review, clock: Clock, key: str, what: str) -> Problem:
    start = "decided" if key == "published" else ("notified" if review.notified else "date")
    line, column = review.origin.where(key if getattr(review, key, None) else start)
    assert clock.due is not None
    if clock.done is not None:
        days = working_days_between(clock.due, clock.done)
        unit = "working day" if days == 1 else "working days"
        message = f"{what} on {clock.done} was {days} {unit} after its due date, {clock.due}"
    else:
        message = (
            f"{what} was due on {clock.due} and is not recorded (add '{key}:' when it is done)"
        )
    return Problem(review.path, line, column, "warning", message, key)


def missed_clocks(
    notes: Sequence[Note], by_id: Mapping[str, object], framework: Framework, settings: Settings
) -> Iterable[Problem]:
    """A rule for ``check``: a rapid review or a publication done after its due date.

    Only what the notes themselves show; a clock still running on a given day is a
    question for :func:`overdue_clocks`, which needs to know the day.
    """
    for note in notes:
        if not isinstance(note, Review):
            continue
        far = dt.date.max
        for clock, key, what in (
            (rapid_review_clock(note, settings.clocks, far), "rapid_review", "rapid review"),
            (publication_clock(note, settings.clocks, far), "published", "publication"),
        ):
            if clock.done is not None and clock.state == "missed":
                yield _late(note, clock, key, what)


def overdue_clocks(notes: Sequence[Note], clocks: ClockSettings, today: dt.date) -> list[Problem]:
    """Clocks past their due date on ``today`` with nothing recorded (for ``check``)."""
    problems = []
    for note in notes:
        if not isinstance(note, Review):
            continue
        for clock, key, what in (
            (rapid_review_clock(note, clocks, today), "rapid_review", "rapid review"),
            (publication_clock(note, clocks, today), "published", "publication"),
        ):
            if clock.done is None and clock.state == "missed":
                problems.append(_late(note, clock, key, what))
    return problems
