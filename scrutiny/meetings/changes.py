"""What changed between two dates: the ledger folded at each, and the difference.

A change is what a scrutineer reports to a meeting: a recommendation or risk raised, a
status moved (a reopening marked), a due date revised (with the reason given), an item
that became overdue, and new evidence per area and kind. ``since`` is the day of the last
look (its notes are already known); ``until`` the day of this one (its notes count).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scrutiny.ledger import Item, Ledger, fold
from scrutiny.notes import Note
from scrutiny.queries import Audience, visible

#: The kinds whose arrival is counted as new evidence.
EVIDENCE_KINDS = ("activity", "finding")
#: The order changes are listed in, per item.
ORDER = ("raised", "status", "reopened", "due", "overdue")


@dataclass(frozen=True)
class Change:
    """One change between the two dates."""

    #: ``raised``, ``status``, ``reopened``, ``due``, ``overdue`` or ``evidence``.
    type: str
    id: str
    kind: str
    title: str
    before: str | None = None
    after: str | None = None
    date: dt.date | None = None
    #: Why (a revised due date's reason), who (``by``), or for evidence the area.
    detail: str = ""
    count: int = 0

    def as_row(self) -> dict[str, object]:
        return {
            "type": self.type,
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "before": self.before,
            "after": self.after,
            "date": self.date,
            "detail": self.detail,
            "count": self.count or None,
        }


@dataclass(frozen=True)
class Changes:
    """Every change between ``since`` and ``until``, items first, then evidence."""

    since: dt.date
    until: dt.date
    items: tuple[Change, ...]
    evidence: tuple[Change, ...]

    def __iter__(self) -> Iterator[Change]:
        return iter((*self.items, *self.evidence))

    def of_type(self, kind: str) -> list[Change]:
        return [c for c in self if c.type == kind]


def _status_change(item: Item, before: Item | None, since: dt.date) -> list[Change]:
    was = before.status if before is not None else None
    if was is None or was == item.status:
        return []
    moves = [e for e in item.events if e.date > since and e.type in ("status", "reopened")]
    reopened = any(e.type == "reopened" for e in moves)
    last = moves[-1] if moves else None
    return [
        Change(
            "reopened" if reopened else "status",
            item.id,
            item.kind,
            item.note.title,
            was,
            item.status,
            last.date if last else None,
            (last.by or "") if last else "",
        )
    ]


def _due_change(item: Item, before: Item | None, since: dt.date) -> list[Change]:
    if before is None or before.due == item.due:
        return []
    revisions = [e for e in item.events if e.date > since and e.due != e.previous_due]
    last = revisions[-1] if revisions else None
    return [
        Change(
            "due",
            item.id,
            item.kind,
            item.note.title,
            before.due.isoformat() if before.due else None,
            item.due.isoformat() if item.due else None,
            last.date if last else None,
            last.said if last else "",
        )
    ]


def between(
    notes: Sequence[Note],
    since: dt.date,
    until: dt.date,
    start_month: int = 10,
    now: Ledger | None = None,
) -> Changes:
    """The changes from ``since`` (exclusive) to ``until`` (inclusive), published notes only;
    ``now`` is the published ledger at ``until`` when the caller has already folded it."""
    if until < since:
        raise ValueError(f"--until {until} is before --since {since}")
    public = visible(notes, Audience.PUBLISHED)
    then: Ledger = fold(public, since, start_month)
    if now is None or now.as_of != until:
        now = fold(public, until, start_month)
    items: list[Change] = []
    for item in sorted(now.items.values(), key=lambda i: (i.raised, i.id)):
        if item.kind not in ("recommendation", "risk", "action"):
            continue
        before = then.items.get(item.id)
        found: list[Change] = []
        if before is None:
            found.append(
                Change(
                    "raised",
                    item.id,
                    item.kind,
                    item.note.title,
                    None,
                    item.status,
                    item.raised,
                    item.owner or "",
                )
            )
        found += _status_change(item, before, since)
        found += _due_change(item, before, since)
        if item.overdue and not (before is not None and before.overdue):
            found.append(
                Change(
                    "overdue",
                    item.id,
                    item.kind,
                    item.note.title,
                    None,
                    item.due.isoformat() if item.due else None,
                    item.due,
                    item.owner or "",
                )
            )
        items.extend(found)
    items.sort(key=lambda c: (c.date or until, ORDER.index(c.type), c.id))
    counts: Counter[tuple[str, str]] = Counter()
    for note in public:
        if note.kind in EVIDENCE_KINDS and since < note.date <= until:
            counts.update((area, note.kind) for area in dict.fromkeys(note.areas))
    evidence = tuple(
        Change("evidence", area, kind, "", detail=area, count=n)
        for (area, kind), n in sorted(counts.items())
    )
    return Changes(since, until, tuple(items), evidence)
