"""What the UI shows, loaded in one go: the corpus, the ledger as of today, and the index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scrutiny import corpus as corpus_module
from scrutiny import index as index_module
from scrutiny.corpus import Corpus
from scrutiny.index import Index
from scrutiny.ledger import Ledger, fold
from scrutiny.periods import Period
from scrutiny.workspace import Workspace


@dataclass(frozen=True)
class Loaded:
    """One consistent reading of the workspace; the UI swaps whole readings, never parts."""

    corpus: Corpus
    ledger: Ledger
    index: Index

    @property
    def periods(self) -> list[Period]:
        """Every period with a note, newest first (today's period when there is none)."""
        found = self.corpus.periods()
        return sorted(found or [self.corpus.newest_period()], reverse=True)


def first_load(workspace: Workspace, today: date) -> Loaded:
    """Open (or build) the index and read every note through it."""
    corpus, index, _ = index_module.load(workspace)
    return Loaded(corpus, fold(corpus.notes, today, workspace.start_month), index)


def reload(index: Index, today: date, *, force: bool = False) -> Loaded | None:
    """A new reading if the files changed since the last refresh (or ``force``), else None."""
    stats = index.refresh()
    if not (stats.dirty or force):
        return None
    workspace = index.workspace
    corpus = corpus_module.load(workspace, parse=lambda _ws: index.parsed())
    return Loaded(corpus, fold(corpus.notes, today, workspace.start_month), index)


def search_as_typed(index: Index, query: str) -> list[str]:
    """Full-text search that tolerates a half-typed last word.

    The index stems words (``exploitation`` is stored as ``exploit``), so the prefix
    ``exploitat`` matches nothing; while nothing matches, shorten the last word (to no
    fewer than three letters) and ask again.
    """
    text = query.rstrip()
    paths = index.search(text)
    while not paths and text and text[-1].isalnum():
        last = text.split()[-1] if text.split() else ""
        if len(last) <= 3:
            break
        text = text[:-1]
        paths = index.search(text)
    return paths
