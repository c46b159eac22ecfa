"""House style for words the program writes: counts, plurals, articles, shortened text."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“(])")


def number_word(n: int) -> str:
    """``three`` for 3 and ``no`` for 0, as published reports write counts below ten; digits from ten."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``1 risk``, ``2 risks``, ``3 activities`` (digits: for listings, not prose)."""
    return f"{n:,} {noun if n == 1 else (many or plural_of(noun))}"


def plural_of(noun: str) -> str:
    """``activity`` → ``activities``, ``risk`` → ``risks``, ``process`` → ``processes``."""
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


def article(noun: str) -> str:
    """``an activity``, ``a recommendation``, ``a risk``."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def one_line(text: str) -> str:
    """Text on one line: every run of white space (new lines included) one space."""
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters where a reader would cut it.

    Whole sentences are kept while they fit; otherwise the text is cut at the last word
    boundary that fits and ends in ``…``. Never longer than ``width``.
    """
    flat = one_line(text)
    if len(flat) <= width:
        return flat
    if width <= 1:
        return "…"[:width]
    kept = ""
    for sentence in _SENTENCE_END.split(flat):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > width:
            break
        kept = candidate
    if kept and len(kept) >= width // 2:
        return kept
    cut = flat[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def long_date(day: dt.date) -> str:
    """``22 April 2025``, as a published report writes a date."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def month_year(day: dt.date) -> str:
    """``October 2024``."""
    return f"{calendar.month_name[day.month]} {day.year}"
