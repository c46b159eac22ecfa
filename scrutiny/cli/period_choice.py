"""The period a command reads, found from the index before the notes are read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrutiny.cli.common import period_named, resolve_period, state

if TYPE_CHECKING:
    from scrutiny.api import Scrutiny
    from scrutiny.corpus import Corpus
    from scrutiny.periods import Period


class PeriodChoice:
    """The period a command answers for (``--period``, or the newest with notes), found
    from the index once it is up to date, so that the command reads that period alone.

    A partnership's footprint has its own newest period, which only its notes tell:
    without ``--period`` it reads every note (:attr:`partial` is False).
    """

    def __init__(self, label: str | None) -> None:
        self.label = label
        self.period: Period | None = None

    @property
    def partial(self) -> bool:
        """Whether the period can be found before the notes are read."""
        return self.label is not None or state.partnership is None

    def find(self, scrutiny: Scrutiny) -> Period:
        """The period, from the index (call once it is up to date)."""
        workspace = scrutiny.workspace
        self.period = (
            period_named(workspace, self.label) if self.label else scrutiny.newest_period()
        )
        return self.period

    def of(self, corpus: Corpus) -> Period:
        """The period found from the index, or from ``corpus`` when every note was read."""
        return self.period or resolve_period(corpus, self.label)
