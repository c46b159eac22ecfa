"""Note text made safe to show: no terminal control, no spreadsheet formula.

A workspace may come from someone else, and a title may be pasted from anywhere, so text
from notes is data wherever it goes. Markup (Rich, Textual, HTML) is escaped where it is
drawn; this module holds the two rules that are the same for every front end.
"""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL, and C1 controls: any of them can start a terminal
#: escape sequence (ESC ``\x1b``, CSI ``\x9b``, OSC ``\x9d``) or move the cursor.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Bidirectional overrides and isolates reorder what a terminal shows ("Trojan Source").
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
#: What a spreadsheet reads as the start of a formula (OWASP's list, plus CR and tab).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL: visible, and inert
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def printable(text: str) -> str:
    """``text`` with every control character shown as a visible, inert symbol.

    Tabs and newlines are kept; ESC becomes ``␛``, so a title holding an escape sequence
    prints as text and never reaches the terminal as a command.
    """
    if not _CONTROL.search(text) and not _BIDI.search(text):
        return text
    return _BIDI.sub("\ufffd", _CONTROL.sub(_picture, text))


def printable_line(text: str) -> str:
    """:func:`printable`, with newlines and tabs as spaces too, for one line of a table."""
    return printable(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def csv_cell(value: str) -> str:
    """A text cell for CSV that Excel and LibreOffice keep as text, never as a formula.

    The usual defence: a cell starting with ``= + - @``, tab or CR gets a leading ``'``,
    which spreadsheets show as a text marker and do not evaluate.
    """
    return f"'{value}" if value.startswith(_FORMULA_START) else value
