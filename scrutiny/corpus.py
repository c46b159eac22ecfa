"""A workspace's notes after every check: the valid notes, by id and in date order, and the problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from scrutiny import checking, checks
from scrutiny.notes import Note, Parsed, Voice
from scrutiny.periods import Period
from scrutiny.problems import ORDER, Problem
from scrutiny.queries import Audience, NoteQuery, visible
from scrutiny.reader import read_file
from scrutiny.workspace import Workspace


def note_order(note: Note) -> tuple[date, str, str]:
    """Date order, ties broken by id then path, so answers never depend on disk order."""
    return (note.date, note.id, note.path)


@dataclass
class Corpus:
    """The valid notes of a workspace and every problem found while loading it."""

    workspace: Workspace
    notes: list[Note]
    problems: list[Problem]
    #: The partnership whose footprint this is (see :meth:`footprint`), or None for all.
    partnership: str | None = None
    by_id: dict[str, Note] = field(init=False)

    def __post_init__(self) -> None:
        self.notes = _withdrawn(sorted(self.notes, key=note_order))
        self.by_id = {n.id: n for n in self.notes}

    def footprint(self, partnership: str) -> Corpus:
        """The notes of one partnership where several share a workspace: its own, and those
        marked with no partnership (which belong to all). Its responses alone move its items."""
        notes = [n for n in self.notes if not n.partnership or partnership in n.partnership]
        return Corpus(self.workspace, notes, self.problems, partnership)

    @property
    def name(self) -> str:
        """The partnership's name as reports print it."""
        settings = self.workspace.settings
        return settings.partnerships.get(self.partnership or "", settings.name)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def public(self) -> list[Note]:
        """The notes not marked restricted: all that any listing or output may show."""
        return visible(self.notes, Audience.PUBLISHED)

    def of_kind(self, *kinds: str) -> list[Note]:
        return [n for n in self.notes if n.kind in kinds]

    def newest_period(self) -> Period:
        """The period of the newest note (or of today, in an empty workspace)."""
        newest = max((n.date for n in self.notes), default=date.today())
        return self.workspace.period_of(newest)

    def periods(self) -> list[Period]:
        """Every period that has a note, oldest first."""
        return sorted({self.workspace.period_of(n.date) for n in self.notes})

    def select(
        self,
        *,
        period: Period | None = None,
        area: str | None = None,
        kinds: Iterable[str] = (),
        include_restricted: bool = True,
    ) -> list[Note]:
        """Notes filtered by period, area and kind, in date order."""
        audience = Audience.OWN if include_restricted else Audience.PUBLISHED
        return self.matching(NoteQuery(period, area, tuple(kinds), audience))

    def matching(self, query: NoteQuery) -> list[Note]:
        """The notes answering ``query``, in date order."""
        return [n for n in self.notes if query.matches(n)]


def _withdrawn(notes: list[Note]) -> list[Note]:
    """Voices whose consent a later note withdrew, kept as internal (never published)."""
    withdrawn = {i for n in notes if isinstance(n, Voice) for i in n.withdraws}
    if not withdrawn:
        return notes
    return [
        n.model_copy(update={"consent": "internal"})
        if isinstance(n, Voice) and n.id in withdrawn
        else n
        for n in notes
    ]


Parser = Callable[[Workspace], list[Parsed]]


def parse_all(workspace: Workspace) -> list[Parsed]:
    """Parse every note file, without any cache."""
    return [read_file(path, workspace.relative(path)) for path in workspace.note_files()]


def load(workspace: Workspace, *, strict: bool = False, parse: Parser = parse_all) -> Corpus:
    """Parse and check every note; ``strict`` also reports unknown fields."""
    parsed = parse(workspace)
    notes, problems = checking.validate(parsed, workspace.framework, workspace.settings)
    if strict:
        problems = sorted({*problems, *checks.unknown_fields(notes)}, key=ORDER)
    return Corpus(workspace, notes, problems)
