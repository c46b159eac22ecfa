"""What a plan's words mean: 'By when' as a date, progress text as a status."""

from __future__ import annotations

import calendar
import datetime as dt
import re

# -- dates and statuses ---------------------------------------------------------------------

MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
MONTHS["sept"] = 9
#: The last month of each season, and of each school term (England).
SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "winter": 2}
TERM_END = {"autumn": (12, 0), "spring": (3, 0), "summer": (7, 0)}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def parse_when(text: str) -> tuple[dt.date | None, bool]:
    """A due date read from a "By When" cell, and whether it was exact.

    Day-first numeric dates (08/04/2021 is 8 April), "31 March 2021", month and year
    (the month's last day), seasons, school terms, quarters of the financial year
    ("End of Q2 2021/22": 30 September 2021) and financial years ("2021/22": 31 March
    2022). "Ongoing", "TBC", "Completed" and the like have no date.
    """
    cleaned = re.sub(r"[,]", " ", text.strip().lower())
    cleaned = re.sub(r"^(by\s+)?(the\s+)?(end\s+of\s+|before\s+|by\s+)?(the\s+)?", "", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    if not cleaned:
        return None, False
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned):
        return _safe(int(m[1]), int(m[2]), int(m[3])), True
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", cleaned):
        return _safe(_year(m[3]), int(m[2]), int(m[1])), True
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+) (\d{4})", cleaned):
        month = MONTHS.get(m[2])
        return (_safe(int(m[3]), month, int(m[1])), True) if month else (None, False)
    if m := re.fullmatch(r"([a-z]+) (\d{1,2})(?:st|nd|rd|th)? (\d{4})", cleaned):
        month = MONTHS.get(m[1])
        return (_safe(int(m[3]), month, int(m[2])), True) if month else (None, False)
    if m := re.fullmatch(r"([a-z]+) (\d{4})", cleaned):
        year = int(m[2])
        if m[1] in MONTHS:
            return _month_end(year, MONTHS[m[1]]), False
        if m[1] in SEASON_END:
            month = SEASON_END[m[1]]
            return _month_end(year + (1 if month == 2 else 0), month), False
    if m := re.fullmatch(r"(autumn|spring|summer) term (\d{4})(?:/\d{2,4})?", cleaned):
        return _month_end(int(m[2]), TERM_END[m[1]][0]), False
    if m := re.fullmatch(r"q([1-4]) (\d{4})[/-](\d{2}|\d{4})", cleaned):
        # Quarters of the financial year, April to March: Q4 ends in the second year.
        quarter, start = int(m[1]), int(m[2])
        month = (3 + 3 * quarter - 1) % 12 + 1
        return _month_end(start + (1 if quarter == 4 else 0), month), False
    if m := re.fullmatch(r"q([1-4]) (\d{4})", cleaned):
        return _month_end(int(m[2]), 3 * int(m[1])), False
    if m := re.fullmatch(r"(\d{4})[/-](\d{2}|\d{4})", cleaned):
        end = _year(m[2]) if len(m[2]) == 4 else int(m[1][:2] + m[2])
        if end == int(m[1]) + 1:
            return dt.date(end, 3, 31), False
    if m := re.fullmatch(r"(\d{4})", cleaned):
        return dt.date(int(m[1]), 12, 31), False
    return None, False


def _safe(year: int, month: int | None, day: int) -> dt.date | None:
    try:
        return dt.date(year, month or 0, day)
    except ValueError:
        return None


_NOT_DONE = r"(not|yet to be|to be|will be|once|until|awaiting|pending|partially|nearly|almost|being)\s+(\w+\s+)?"
_DONE = re.compile(
    r"\b(completed?|done|achieved|implemented|delivered|finished|in place|launched)\b"
)
_DROPPED = re.compile(
    r"\b(dropped|withdrawn|cancelled|canceled|no longer (required|needed)|superseded|removed from the plan)\b"
)
_NOT_STARTED = re.compile(r"\b(not (yet )?started|not begun|tbc|tba|to be confirmed)\b")


def infer_status(text: str) -> str | None:
    """The action status a progress text (or a "By When" cell) says, if it says one."""
    lowered = re.sub(r"\s+", " ", text.lower()).strip()
    if not lowered:
        return None
    if _DROPPED.search(lowered):
        return "dropped"
    if _NOT_STARTED.search(lowered):
        return "planned"
    for match in _DONE.finditer(lowered):
        before = lowered[: match.start()]
        if not re.search(_NOT_DONE + r"$", before):
            return "completed"
    return "in-progress"
