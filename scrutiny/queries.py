"""Questions asked of a workspace, as values: which notes, which items, seen by whom.

Both front ends turn their input (options, or a screen's selectors) into one of these and
ask the facade (:mod:`scrutiny.api`); the one ``matches`` rule here is the only place a
filter is written, so the command line and the terminal UI cannot answer differently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from scrutiny.ledger import Item
from scrutiny.notes import Note
from scrutiny.periods import Period


class Audience(Enum):
    """Who will see an answer: the visibility policy, named once.

    ``PUBLISHED`` is anything that may leave the scrutineer's desk or be pasted on: the
    report in every format, the trackers, ``recs``, ``risks``, ``trace`` and ``coverage``
    (whose counts the report prints, so a restricted activity is never counted where the
    report cannot show it), and the same screens of the terminal UI. ``OWN`` is the
    scrutineer browsing their own notes: ``notes`` and the Evidence screen show restricted
    notes too, marked as such.
    """

    PUBLISHED = "published"
    OWN = "own"

    def admits(self, note: Note) -> bool:
        """Whether ``note`` may appear in an answer for this audience."""
        return self is Audience.OWN or not note.restricted


def visible(notes: Iterable[Note], audience: Audience) -> list[Note]:
    """The notes of ``notes`` that ``audience`` may see, in their order."""
    return [n for n in notes if audience.admits(n)]


@dataclass(frozen=True)
class NoteQuery:
    """Which notes: a period (None for all), an area, kinds (empty for all), an audience."""

    period: Period | None = None
    area: str | None = None
    kinds: tuple[str, ...] = ()
    audience: Audience = Audience.OWN

    def matches(self, note: Note) -> bool:
        """Whether ``note`` answers this query."""
        return (
            self.audience.admits(note)
            and (self.period is None or self.period.contains(note.date))
            and (self.area is None or self.area in note.areas)
            and (not self.kinds or note.kind in self.kinds)
        )


#: The status filter meaning "every status that is still open".
OPEN = "open"


@dataclass(frozen=True)
class ItemQuery:
    """Which recommendations, risks or actions: their state as of the ledger's date.

    ``status`` is a status or :data:`OPEN`; ``period`` is the period an item was raised
    in; ``owner`` matches any owner containing the text, ignoring case.
    """

    kind: str
    status: str | None = None
    overdue: bool = False
    area: str | None = None
    period: Period | None = None
    owner: str | None = None
    category: str | None = None

    def matches(self, item: Item) -> bool:
        """Whether ``item`` answers this query."""
        note = item.note
        if item.kind != self.kind:
            return False
        if self.status == OPEN and not item.is_open:
            return False
        if self.status not in (None, OPEN) and item.status != self.status:
            return False
        if self.overdue and not item.overdue:
            return False
        if self.area is not None and self.area not in note.areas:
            return False
        if self.period is not None and not self.period.contains(item.raised):
            return False
        if self.owner and self.owner.casefold() not in (item.owner or "").casefold():
            return False
        return self.category is None or getattr(note, "category", None) == self.category


def item_order(item: Item) -> tuple[object, ...]:
    """Items in the order they were raised, ties by id."""
    return (item.raised, item.id)
