"""The one library API both front ends call: a workspace opened once, and what it answers.

``Scrutiny`` is to this project what zk's ``Notebook`` is to zk: the command line and the
terminal UI open one with the workspace, the database URL and today's date, and ask it
everything (readings, notes, items, search), with filters as values from
:mod:`scrutiny.queries`. Neither front end reads the index or folds the ledger itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from scrutiny.corpus import Corpus
from scrutiny.errors import IndexUnavailable
from scrutiny.ledger import Item, Ledger, fold
from scrutiny.notes import Note
from scrutiny.periods import Period
from scrutiny.queries import Audience, ItemQuery, NoteQuery, item_order, visible
from scrutiny.store import Index, Progress, RefreshStats, driver_problem
from scrutiny.workspace import Workspace

Clock = Callable[[], dt.date]


@dataclass(eq=False)
class Reading:
    """One consistent reading of a workspace: its notes and the ledger as of a day.

    The ledger is folded (on first use) over the notes a published answer may use, so
    restricted notes never shape an item's state; a *glance* (``complete`` false) holds
    only the newest period's notes, with every problem and the list of periods.
    """

    corpus: Corpus
    as_of: dt.date
    complete: bool = True
    #: The periods with notes, when the corpus does not hold them all (a glance).
    known_periods: tuple[Period, ...] = ()

    @cached_property
    def ledger(self) -> Ledger:
        """Every item's state and timeline as of :attr:`as_of`, from published notes only."""
        published = visible(self.corpus.notes, Audience.PUBLISHED)
        return fold(published, self.as_of, self.corpus.workspace.start_month)

    @property
    def periods(self) -> list[Period]:
        """Every period with a note, newest first (today's period when there is none)."""
        found = list(self.known_periods) or self.corpus.periods()
        return sorted(found or [self.corpus.newest_period()], reverse=True)

    def notes(self, query: NoteQuery) -> list[Note]:
        """The notes answering ``query``, in date order."""
        return self.corpus.matching(query)

    def items(self, query: ItemQuery) -> list[Item]:
        """The items answering ``query``, in the order they were raised."""
        return sorted(
            (i for i in self.ledger.of_kind(query.kind) if query.matches(i)), key=item_order
        )


__all__ = ["IndexUnavailable", "Reading", "Scrutiny", "StaleSelection"]


class StaleSelection(RuntimeError):
    """Notes chosen by path from an index that then turned out damaged and was rebuilt:
    choose them again from the rebuilt index (see :meth:`Scrutiny.read`)."""


class Scrutiny:
    """A workspace opened for questions, through its index."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        database_url: str | None = None,
        today: dt.date | Clock | None = None,
        partnership: str | None = None,
    ) -> None:
        self.workspace = workspace
        self.database_url = database_url
        #: Answer for this partnership's footprint only (``[partnerships]`` id), or all.
        self.partnership = partnership
        if today is None:
            self._clock: Clock = dt.date.today
        elif isinstance(today, dt.date):
            fixed = today
            self._clock = lambda: fixed
        else:
            self._clock = today
        self._index: Index | None = None

    @classmethod
    def open(
        cls,
        root: Path | str | None = None,
        *,
        database_url: str | None = None,
        today: dt.date | Clock | None = None,
    ) -> Scrutiny:
        """Find the workspace (like git finds a repository) and open it; raises WorkspaceError."""
        return cls(Workspace.open(root), database_url=database_url, today=today)

    @staticmethod
    def database_problem(url: str) -> str | None:
        """Why ``url`` cannot hold the index, found before anything connects, or None."""
        return driver_problem(url)

    def notices(self) -> list[str]:
        """What the index repaired or rebuilt since last asked (one line each), once."""
        if self._index is None:
            return []
        said, self._index.notices[:] = list(self._index.notices), []
        return said

    @property
    def today(self) -> dt.date:
        """The day answers are given as of, unless a query says otherwise."""
        return self._clock()

    @property
    def index(self) -> Index:
        """The derived index, opened on first use (raises IndexUnavailable)."""
        if self._index is None:
            self._index = Index(self.workspace, self.database_url, today=self._clock)
        return self._index

    def close(self) -> None:
        """Close the index's connections."""
        if self._index is not None:
            self._index.close()

    # -- readings ---------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None) -> RefreshStats:
        """Bring the index up to date with the files; say what changed."""
        stats = self.index.refresh(progress)
        stats.notices.extend(self.notices())
        return stats

    def glance(self, as_of: dt.date | None = None) -> Reading | None:
        """The newest period's notes, read in milliseconds, or None when there is no quick way."""
        found = self.index.glance()
        if found is None:
            return None
        corpus, periods = found
        if self.partnership is not None:
            corpus = corpus.footprint(self.partnership)
        return Reading(corpus, as_of or self.today, complete=False, known_periods=tuple(periods))

    def read(
        self,
        *,
        kinds: Sequence[str] | None = None,
        strict: bool = False,
        as_of: dt.date | None = None,
        paths: Sequence[str] | None = None,
        bodies: bool | Collection[str] = True,
    ) -> Reading:
        """Every valid note (or those of ``kinds``, or at ``paths``, such as a search's hits)
        with every problem, from an up-to-date index.

        ``bodies=False`` leaves each note's text empty, for a command that prints none of it
        (a list of items, counts): the text is most of what a note holds. A list of kinds
        reads the text of those kinds alone (``("response",)``: what the partnership said).

        ``paths`` chosen from the index (:meth:`notes_in`, :meth:`chain`, :meth:`search`)
        raise :class:`StaleSelection` when reading them found the index damaged and rebuilt
        it: the choice came from the damaged index, so make it again.

        ``strict`` also reports unknown fields. Call :meth:`refresh` first.
        """
        from scrutiny import corpus as corpus_module

        index = self.index
        rebuilds = index.rebuilds
        corpus = index.corpus_of(kinds, strict=strict, paths=paths, bodies=bodies)
        if paths is not None and index.rebuilds != rebuilds:
            raise StaleSelection("the index was rebuilt: choose the notes again")
        if corpus is None:
            corpus = corpus_module.load(
                self.workspace, strict=strict, parse=lambda _ws: index.parsed()
            )
            if paths is not None:
                wanted = set(paths)
                corpus = corpus_module.Corpus(
                    corpus.workspace, [n for n in corpus.notes if n.path in wanted], corpus.problems
                )
        if self.partnership is not None:
            corpus = corpus.footprint(self.partnership)
        return Reading(corpus, as_of or self.today)

    # -- questions --------------------------------------------------------------------------

    def newest_period(self) -> Period:
        """The period of the newest valid note (or of today, in an empty workspace), from the
        index: what :meth:`Corpus.newest_period` answers, without reading the notes."""
        newest = self.index.newest()
        return self.workspace.period_of(newest or self.today)

    def chain(self, item_id: str) -> list[str]:
        """Paths of the notes ``item_id``'s timeline and linked actions are made of, from
        the index: reading these alone answers ``trace`` as reading everything would."""
        return self.index.chain(item_id)

    def selected(self, kinds: Sequence[str], since: dt.date, until: dt.date) -> list[str]:
        """Paths of the valid notes of ``kinds``, or dated from ``since`` to ``until``, and
        every restricted note, from the index (what a board pack reads)."""
        return self.index.selected(kinds, since, until)

    def tracked(self) -> list[str]:
        """Paths of the notes every item's timeline is made of (items, responses, evidence
        either way), from the index."""
        return self.index.tracked()

    def notes_in(self, period: Period) -> list[str]:
        """Paths of the valid notes dated in ``period``, from the index."""
        return self.index.dated(period.start, period.end)

    def search(self, text: str, period: Period | None = None) -> list[str]:
        """Paths of valid notes matching ``text`` in title or body, best match first."""
        since, until = (period.start, period.end) if period is not None else (None, None)
        return self.index.search(text, since=since, until=until)

    def search_as_typed(self, text: str, period: Period | None = None) -> list[str]:
        """:meth:`search` that tolerates a half-typed last word.

        The last word is matched as a prefix (``exploitat`` finds ``exploitation``); while
        nothing matches, shorten it (to no fewer than three letters) and ask again, so a
        typo at the end of a word does not empty the list.
        """
        text = text.rstrip()
        paths = self.search(text, period)
        while not paths and text and text[-1].isalnum():
            last = text.split()[-1] if text.split() else ""
            if len(last) <= 3:
                break
            text = text[:-1]
            paths = self.search(text, period)
        return paths

    def ranked(self, reading: Reading, query: NoteQuery, text: str) -> list[Note]:
        """The notes answering ``query`` that match ``text``, best match first."""
        rank = {path: i for i, path in enumerate(self.search(text, query.period))}
        return sorted(
            (n for n in reading.notes(query) if n.path in rank), key=lambda n: rank[n.path]
        )
