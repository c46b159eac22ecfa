"""What the UI shows, loaded in one go: the corpus, the ledger as of today, and the index."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date

from scrutiny import corpus as corpus_module
from scrutiny import index as index_module
from scrutiny.corpus import Corpus
from scrutiny.index import Index
from scrutiny.ledger import Ledger, fold
from scrutiny.notes import KINDS
from scrutiny.periods import Period
from scrutiny.workspace import Workspace


@dataclass(frozen=True)
class Loaded:
    """One consistent reading of the workspace; the UI swaps whole readings, never parts.

    A *glance* (``complete`` false) holds only the newest period's notes, with every
    problem and the list of periods: enough to draw the first screen while the rest is
    read. Only the Evidence screen shows a glance; everything else waits for a full one.
    """

    corpus: Corpus
    ledger: Ledger
    index: Index
    complete: bool = True
    #: The periods with notes, when the corpus does not hold them all (a glance).
    known_periods: tuple[Period, ...] = ()

    @property
    def periods(self) -> list[Period]:
        """Every period with a note, newest first (today's period when there is none)."""
        found = list(self.known_periods) or self.corpus.periods()
        return sorted(found or [self.corpus.newest_period()], reverse=True)


def full_reading(index: Index, today: date) -> Loaded:
    """Every note of an up-to-date index, with the problems its last refresh found."""
    workspace = index.workspace
    corpus = index.corpus_of(KINDS) or corpus_module.load(
        workspace, parse=lambda _ws: index.parsed()
    )
    return Loaded(corpus, fold(corpus.notes, today, workspace.start_month), index)


def first_load(
    workspace: Workspace, today: date, progress: index_module.Progress | None = None
) -> Loaded:
    """Open (or build) the index and read every note through it."""
    index = Index(workspace)
    index.refresh(progress)
    return full_reading(index, today)


#: How long the first reading waits for the UI to draw a glance before reading the rest.
GLANCE_PAUSE = 1.0


class FirstReading:
    """The first reading, started in a thread as early as possible (before the UI loads).

    It refreshes the index, offers a glance (the newest period, read in milliseconds),
    then, once the UI has drawn the glance (:meth:`go_on`), reads everything. ``done`` and
    ``total`` count the files indexed so far, for a progress display; both stay 0 when the
    index was already up to date.
    """

    def __init__(self, workspace: Workspace, today: date) -> None:
        self.workspace = workspace
        self.today = today
        self.done = 0
        self.total = 0
        self.started = time.monotonic()
        self._glance: Future[Loaded | None] = Future()
        self._result: Future[Loaded] = Future()
        self._go_on = threading.Event()
        threading.Thread(target=self._run, name="scrutiny-first-reading", daemon=True).start()

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def _run(self) -> None:
        try:
            self._read()
        except BaseException as exc:  # handed to whoever waits for the result
            for future in (self._glance, self._result):
                if not future.done():
                    future.set_exception(exc)

    def _read(self) -> None:
        index = Index(self.workspace)
        index.refresh(self._progress)
        glance = index.glance()
        if glance is None:
            self._glance.set_result(None)
        else:
            corpus, periods = glance
            ledger = fold(corpus.notes, self.today, self.workspace.start_month)
            self._glance.set_result(Loaded(corpus, ledger, index, False, tuple(periods)))
            # Let the UI draw the glance first: the full reading would compete with it.
            self._go_on.wait(GLANCE_PAUSE)
        self._result.set_result(full_reading(index, self.today))

    def glance(self) -> Loaded | None:
        """The newest period's notes (waits for them); None when there is no quick way."""
        return self._glance.result()

    def go_on(self) -> None:
        """The glance is on screen: read the rest now."""
        self._go_on.set()

    def result(self) -> Loaded:
        """The full reading (waits for it); raises what the reading raised."""
        self._go_on.set()
        return self._result.result()

    def describe(self) -> str | None:
        """``indexing 4,200 of 10,000 notes (3,100/s)`` while indexing, else None."""
        if not self.total or self._glance.done() or self._result.done():
            return None
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        return f"indexing {self.done:,} of {self.total:,} notes ({rate:,.0f}/s)"


def reload(index: Index, today: date, *, force: bool = False) -> Loaded | None:
    """A new reading if the files changed since the last refresh (or ``force``), else None."""
    stats = index.refresh()
    if not (stats.dirty or force):
        return None
    return full_reading(index, today)


def search_as_typed(index: Index, query: str, period: Period | None = None) -> list[str]:
    """Full-text search that tolerates a half-typed last word, within ``period`` if given.

    The last word is matched as a prefix (``exploitat`` finds ``exploitation``); while
    nothing matches, shorten it (to no fewer than three letters) and ask again, so a typo
    at the end of a word does not empty the list.
    """
    since, until = (period.start, period.end) if period is not None else (None, None)
    text = query.rstrip()
    paths = index.search(text, since=since, until=until)
    while not paths and text and text[-1].isalnum():
        last = text.split()[-1] if text.split() else ""
        if len(last) <= 3:
            break
        text = text[:-1]
        paths = index.search(text, since=since, until=until)
    return paths
