"""The domain's words as option choices: listed in ``--help``, completed by Tab, checked once.

Options keep plain ``str`` values rather than Enums so that a near miss gets the
project's one-line "did you mean" (exit 2) instead of Click's list of every choice,
and so the library's own checks speak for ``new`` and ``respond``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import get_args

import typer

from scrutiny.vocabulary import Audience, Category, Judgement

AUDIENCES: tuple[str, ...] = get_args(Audience)
CATEGORIES: tuple[str, ...] = get_args(Category)
JUDGEMENTS: tuple[str, ...] = get_args(Judgement)


def listed(values: Sequence[str]) -> str:
    """``a, b or c``: the choices as help text says them."""
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


def completer(values: Sequence[str]) -> Callable[[str], list[str]]:
    """Shell completion of one of ``values``."""

    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete


def one_of_these(value: str | None, values: Sequence[str], option: str, what: str) -> None:
    """Stop with a usage error (exit 2) when ``value`` is not one of ``values``."""
    from scrutiny.cli.common import fail
    from scrutiny.problems import did_you_mean

    if value is not None and value not in values:
        fail(f"{option}: unknown {what} {value!r}{did_you_mean(value, values)}", 2)


def checked(
    values: Sequence[str], option: str, what: str
) -> Callable[[typer.Context, object], object]:
    """An option callback refusing anything but ``values`` (each of a repeated option too)."""

    def check(ctx: typer.Context, value: object) -> object:
        if ctx.resilient_parsing:  # completing: never stop the shell
            return value
        for one in value if isinstance(value, list | tuple) else [value]:
            one_of_these(one if one is None else str(one), values, option, what)
        return value

    return check
