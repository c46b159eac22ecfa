"""What the UI shows, loaded in one go: the corpus, the ledger as of today, and the index."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date

from scrutiny.api import Reading, Scrutiny
from scrutiny.corpus import Corpus
from scrutiny.ledger import Ledger
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

    reading: Reading
    #: The facade the reading came from: screens ask it (search) rather than the index.
    scrutiny: Scrutiny

    @property
    def corpus(self) -> Corpus:
        return self.reading.corpus

    @property
    def ledger(self) -> Ledger:
        """Items as of today, folded over the published notes (as ``recs`` and ``risks``)."""
        return self.reading.ledger

    @property
    def complete(self) -> bool:
        return self.reading.complete

    @property
    def periods(self) -> list[Period]:
        """Every period with a note, newest first (today's period when there is none)."""
        return self.reading.periods


def full_reading(scrutiny: Scrutiny, today: date) -> Loaded:
    """Every note of an up-to-date index, with the problems its last refresh found."""
    return Loaded(scrutiny.read(kinds=KINDS, as_of=today), scrutiny)


#: How long the first reading waits for the UI to draw a glance before reading the rest.
GLANCE_PAUSE = 1.0


class FirstReading:
    """The first reading, started in a thread as early as possible (before the UI loads).

    It refreshes the index, offers a glance (the newest period, read in milliseconds),
    then, once the UI has drawn the glance (:meth:`go_on`), reads everything. ``done`` and
    ``total`` count the files indexed so far, for a progress display; both stay 0 when the
    index was already up to date.
    """

    def __init__(
        self,
        workspace: Workspace,
        today: date,
        database_url: str | None = None,
        partnership: str | None = None,
    ) -> None:
        self.workspace = workspace
        self.today = today
        self.database_url = database_url
        self.partnership = partnership
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
        scrutiny = Scrutiny(
            self.workspace,
            database_url=self.database_url,
            today=self.today,
            partnership=self.partnership,
        )
        scrutiny.refresh(self._progress)
        glance = scrutiny.glance()
        if glance is None:
            self._glance.set_result(None)
        else:
            self._glance.set_result(Loaded(glance, scrutiny))
            # Let the UI draw the glance first: the full reading would compete with it.
            self._go_on.wait(GLANCE_PAUSE)
        self._result.set_result(full_reading(scrutiny, self.today))

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


def reload(scrutiny: Scrutiny, today: date, *, force: bool = False) -> Loaded | None:
    """A new reading if the files changed since the last refresh (or ``force``), else None."""
    stats = scrutiny.refresh()
    if not (stats.dirty or force):
        return None
    return full_reading(scrutiny, today)
