"""The words of a report: Jinja2 macros from the package, overridable from a workspace's templates/."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from scrutiny.notes import SOURCES

WORDING_TEMPLATE = "wording.j2"
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def join_list(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (no Oxford comma)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def possessive(name: str) -> str:
    """``Havering's``; ``Partners'`` for a name ending in s."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def number_word(n: int) -> str:
    """``three`` for 3; digits from ten up."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def environment(workspace_root: Path | None = None) -> Environment:
    """Templates from ``<workspace>/templates`` first, then the package's own."""
    loaders: list[Any] = []
    if workspace_root is not None and (workspace_root / "templates").is_dir():
        loaders.append(FileSystemLoader(workspace_root / "templates"))
    loaders.append(PackageLoader("scrutiny.report", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters.update(join_list=join_list, possessive=possessive, number_word=number_word)
    return env


class Wording:
    """Calls the macros of ``wording.j2`` and returns their text on one line."""

    def __init__(self, workspace_root: Path | None = None) -> None:
        self.env = environment(workspace_root)
        self._module = self.env.get_template(WORDING_TEMPLATE).module

    def __call__(self, macro: str, *args: Any, **kwargs: Any) -> str:
        text = str(getattr(self._module, macro)(*args, **kwargs))
        return re.sub(r"\s+", " ", text).strip()


def activity_sentence(
    counts: Mapping[str, int], period_from: str, period_to: str, wording: Wording | None = None
) -> str:
    """The sentence counting an area's activity by source, sources in their canonical order."""
    say = wording or Wording()
    phrases = [say("source_phrase", s, counts[s]) for s in SOURCES if counts.get(s)]
    return say("activity_sentence", period_from, period_to, phrases)
