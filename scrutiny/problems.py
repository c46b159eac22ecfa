"""Problems found in a workspace: where they are, how bad, and what to do about them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal

from scrutiny.printable import printable

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, printed as ``path:line:col: severity: message`` so editors can jump to it."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    #: The front-matter field the problem concerns, when there is one: a form highlights
    #: its widget and the command line names its option, without reading the message.
    field: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        # A file name can hold an escape sequence too: never hand one to a terminal.
        return printable(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}")

    def as_row(self) -> dict[str, object]:
        """The stable JSON/CSV row: path, line, column, severity, message."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


#: Problems' order as a key: what ``sorted(problems)`` gives, compared in C rather than by
#: the dataclass's ``__lt__`` (which builds two tuples a comparison: seconds at 100,000).
ORDER = attrgetter("path", "line", "column", "severity", "message")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix for a near miss, or an empty string."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        # 'qualty' is far from 'quality-assurance' but close to its first word.
        heads = {c.split("-")[0]: c for c in choices}
        close = [heads[m] for m in difflib.get_close_matches(word, list(heads), n=1, cutoff=0.75)]
    if not close:
        lowered = {c.lower(): c for c in choices}
        for c_lower, c in lowered.items():
            if word.lower() in c_lower or c_lower in word.lower():
                close = [c]
                break
    return f" (did you mean {close[0]!r}?)" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """``'a', 'b' or 'c'`` for messages."""
    items = [repr(c) for c in choices]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
