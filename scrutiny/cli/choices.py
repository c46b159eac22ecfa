"""The domain's words as option choices: listed in ``--help`` and completed by Tab.

Options keep plain ``str`` values rather than Enums so that a near miss gets the
project's one-line "did you mean" (exit 2) instead of Click's list of every choice,
and so the library's own checks speak for ``new`` and ``respond``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import typer

from scrutiny.vocabulary import (  # noqa: F401 - the choices the commands offer, re-exported
    AUDIENCES,
    CATEGORIES,
    CONSENTS,
    DECISIONS,
    JUDGEMENTS,
    STATUSES,
)

#: What ``recs --status`` and ``risks --status`` take: a status, or every open one.
REC_FILTER: tuple[str, ...] = STATUSES["recommendation"]
RISK_FILTER: tuple[str, ...] = ("open", *STATUSES["risk"])


def listed(values: Sequence[str]) -> str:
    """``a, b or c``: the choices as help text says them."""
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


def completer(values: Sequence[str]) -> Callable[[str], list[str]]:
    """Shell completion of one of ``values``."""

    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete


def choice(*names: str, values: Sequence[str], metavar: str, help: str) -> Any:
    """An option taking one of ``values``: listed in help after ``help``, completed by Tab."""
    return typer.Option(
        *names, metavar=metavar, autocompletion=completer(values), help=f"{help}: {listed(values)}"
    )
