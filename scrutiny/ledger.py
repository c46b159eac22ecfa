"""The ledger: recommendations, risks and actions folded with their responses, as of any date.

The fold is a pure function of the parsed notes. Only notes dated on or before the as-of
date count. Responses apply in date order; several responses on the same day apply in
order of their id (the file name unless ``id:`` is set), so ``2025-03-01-a`` comes before
``2025-03-01-b`` whatever order the files were found in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scrutiny.notes import STATUSES, Action, Note, Response, Risk
from scrutiny.periods import Period

TRACKED_KINDS = ("recommendation", "risk", "action")

#: Statuses that count as open (SPEC §4).
OPEN: dict[str, frozenset[str]] = {
    "recommendation": frozenset({"open", "accepted", "in-progress", "implemented"}),
    "risk": frozenset({"monitoring", "escalated", "realised"}),
    "action": frozenset({"planned", "in-progress"}),
}
#: Statuses in which an item with a past due date is overdue.
OVERDUE_STATUSES: dict[str, frozenset[str]] = {
    "recommendation": frozenset({"open", "accepted", "in-progress"}),
    "risk": frozenset(),
    "action": frozenset({"planned", "in-progress"}),
}
#: How far along its lifecycle each status is; a move to a lower rank is a reopening.
RANK: dict[str, dict[str, int]] = {
    "recommendation": {
        "open": 0,
        "accepted": 1,
        "in-progress": 2,
        "implemented": 3,
        "closed": 4,
        "not-accepted": 4,
        "superseded": 4,
    },
    "risk": {"monitoring": 0, "escalated": 0, "realised": 0, "mitigated": 1, "closed": 2},
    "action": {"planned": 0, "in-progress": 1, "completed": 2, "dropped": 2},
}


@dataclass(frozen=True)
class Event:
    """One step in an item's timeline."""

    date: dt.date
    #: ``raised``, ``status``, ``reopened``, ``due``, ``response`` or ``evidence``.
    type: str
    note: str
    title: str
    status: str | None = None
    previous_status: str | None = None
    due: dt.date | None = None
    previous_due: dt.date | None = None
    by: str | None = None
    path: str = ""
    #: What the note said: a response's body (its own words), empty for other steps.
    text: str = ""

    @property
    def said(self) -> str:
        """What the partnership said at this step: the body, or the title when it has none."""
        return self.text.strip() or self.title

    @property
    def change(self) -> str:
        """What changed at this step, in words."""
        parts = []
        if self.type == "raised":
            parts.append(f"raised as {self.status}")
            if self.due:
                parts.append(f"due {self.due}")
        elif self.type == "evidence":
            parts.append("evidence")
        else:
            if self.status and self.status != self.previous_status:
                word = "reopened" if self.type == "reopened" else "status"
                parts.append(f"{word}: {self.previous_status} → {self.status}")
            if self.due and self.due != self.previous_due:
                parts.append(f"due: {self.previous_due or 'none'} → {self.due}")
            if not parts:
                parts.append(f"response (still {self.status})")
        return "; ".join(parts)

    def as_row(self) -> dict[str, object]:
        return {
            "date": self.date,
            "type": self.type,
            "status": self.status,
            "previous_status": self.previous_status,
            "due": self.due,
            "previous_due": self.previous_due,
            "change": self.change,
            "note": self.note,
            "title": self.title,
            "by": self.by,
            "text": self.text,
            "path": self.path,
        }


@dataclass(frozen=True)
class Item:
    """A recommendation, risk or action with its state as of a date."""

    note: Note
    as_of: dt.date
    status: str
    events: tuple[Event, ...]
    due: dt.date | None
    start_month: int

    @property
    def id(self) -> str:
        return self.note.id

    @property
    def kind(self) -> str:
        return self.note.kind

    @property
    def raised(self) -> dt.date:
        return self.note.date

    @property
    def period(self) -> Period:
        return Period.of(self.raised, self.start_month)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN[self.kind]

    def status_on(self, day: dt.date) -> str | None:
        """The status on an earlier ``day``, read back along the timeline (None if not yet
        raised): the same answer as folding again at ``day``, without the fold."""
        status = None
        for event in self.events:
            if event.date > day:
                break
            if event.type != "evidence" and event.status is not None:
                status = event.status
        return status

    def open_on(self, day: dt.date) -> bool:
        """Whether the item was open on an earlier ``day``."""
        return self.status_on(day) in OPEN[self.kind]

    @property
    def overdue(self) -> bool:
        """Due date (the latest revised one) before the as-of date, in a status that can be late."""
        return (
            self.due is not None
            and self.due < self.as_of
            and self.status in OVERDUE_STATUSES[self.kind]
        )

    @property
    def responses(self) -> list[Event]:
        return [e for e in self.events if e.type not in ("raised", "evidence")]

    @property
    def last_response(self) -> Event | None:
        responses = self.responses
        return responses[-1] if responses else None

    @property
    def reopened(self) -> bool:
        return any(e.type == "reopened" for e in self.events)

    @property
    def owner(self) -> str | None:
        return getattr(self.note, "owner", None)

    @property
    def monitor_until(self) -> dt.date | None:
        """A risk's monitoring end: as written, or the end of the period after it was raised."""
        if not isinstance(self.note, Risk):
            return None
        return self.note.monitor_until or self.period.next().end


@dataclass
class Ledger:
    """Every tracked item as of one date."""

    as_of: dt.date
    items: dict[str, Item] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Item]:
        return [i for i in self.items.values() if i.kind == kind]


def _response_order(note: Note) -> tuple[dt.date, str, str]:
    return (note.date, note.id, note.path)


def initial_status(note: Note) -> str:
    if isinstance(note, Action) and note.status:
        return note.status
    return STATUSES[note.kind][0]


def fold(notes: Iterable[Note], as_of: dt.date, start_month: int = 10) -> Ledger:
    """Fold ``notes`` into the state of every tracked item as of ``as_of``."""
    visible = sorted((n for n in notes if n.date <= as_of), key=_response_order)
    targets = [n for n in visible if n.kind in TRACKED_KINDS]
    by_id = {n.id: n for n in targets}
    status = {n.id: initial_status(n) for n in targets}
    due: dict[str, dt.date | None] = {n.id: getattr(n, "due", None) for n in targets}
    events: dict[str, list[Event]] = {
        n.id: [
            Event(
                n.date,
                "raised",
                n.id,
                n.title,
                status[n.id],
                None,
                due[n.id],
                None,
                getattr(n, "owner", None),
                n.path,
            )
        ]
        for n in targets
    }
    cited_by: dict[str, list[Note]] = {}
    first_with_id: dict[str, Note] = {}
    for note in visible:
        first_with_id.setdefault(note.id, note)
        for cited_id in note.evidence:
            cited_by.setdefault(cited_id, []).append(note)
    for note in visible:
        if not isinstance(note, Response):
            continue
        for target_id in dict.fromkeys(note.responds_to):  # naming an item twice counts once
            target = by_id.get(target_id)
            if target is None or target.date > note.date:
                continue
            before, before_due = status[target_id], due[target_id]
            after = note.status if note.status in STATUSES[target.kind] else before
            after_due = note.due if note.due is not None and target.kind != "risk" else before_due
            if after != before and RANK[target.kind][after] < RANK[target.kind][before]:
                kind = "reopened"
            elif after != before:
                kind = "status"
            elif after_due != before_due:
                kind = "due"
            else:
                kind = "response"
            status[target_id], due[target_id] = after, after_due
            events[target_id].append(
                Event(
                    note.date,
                    kind,
                    note.id,
                    note.title,
                    after,
                    before,
                    after_due,
                    before_due,
                    note.by,
                    note.path,
                    note.body.strip(),
                )
            )
    items: dict[str, Item] = {}
    for target in targets:
        timeline = list(events[target.id])
        for cited in target.evidence:
            source = first_with_id.get(cited)
            if source is not None:
                timeline.append(
                    Event(source.date, "evidence", source.id, source.title, path=source.path)
                )
        for citing in cited_by.get(target.id, []):
            if not isinstance(citing, Response):
                timeline.append(
                    Event(citing.date, "evidence", citing.id, citing.title, path=citing.path)
                )
        timeline.sort(key=lambda e: (e.date, e.type != "raised" and e.type != "evidence", e.note))
        items[target.id] = Item(
            target, as_of, status[target.id], tuple(timeline), due[target.id], start_month
        )
    return Ledger(as_of, items)


def carried_forward(
    notes: Sequence[Note], period: Period, kind: str = "recommendation"
) -> list[Item]:
    """Items raised before ``period`` and still open at its start, with their state then."""
    before = fold(notes, period.start - dt.timedelta(days=1), period.start_month)
    return sorted(
        (i for i in before.of_kind(kind) if i.is_open),
        key=lambda i: (i.raised, i.id),
    )


def linked_actions(ledger: Ledger, notes: Iterable[Note], item: Item) -> list[Item]:
    """The business-plan actions that ``item``'s note, or a response to it, names in
    ``actions``, with their state as of the ledger's date, in the order first named."""
    responding = {e.note for e in item.events if e.type not in ("raised", "evidence")}
    ids = list(item.note.actions)
    for note in notes:
        if note.id in responding and note.date <= ledger.as_of:
            ids.extend(note.actions)
    found = (ledger.items.get(i) for i in dict.fromkeys(ids))
    return [a for a in found if a is not None and a.kind == "action" and a.id != item.id]
