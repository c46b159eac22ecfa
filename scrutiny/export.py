"""Trackers for Excel: recommendations, risks or actions as an .xlsx workbook or CSV files.

One row per item with its state as of a date, and a second sheet (or CSV) with every
event of every timeline. Restricted notes are left out before the fold, so neither an
item nor a response marked restricted shapes what is exported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from scrutiny.corpus import Corpus
from scrutiny.ledger import Item, fold
from scrutiny.printable import csv_cell, printable

#: What can be exported, by the name the command line uses.
KINDS = {"recs": "recommendation", "risks": "risk", "actions": "action"}
SHEET_TITLES = {"recommendation": "Recommendations", "risk": "Risks", "action": "Actions"}


@dataclass(frozen=True)
class Column:
    """A tracker column: its key in a row, its header, its width in Excel and its kind."""

    key: str
    header: str
    width: float
    kind: str = "text"  # text, date or long (wrapped)


COMMON_HEAD = (
    Column("id", "ID", 12),
    Column("title", "Title", 48, "long"),
    Column("status", "Status", 13),
)
COMMON_TAIL = (
    Column("owner", "Owner", 24, "long"),
    Column("raised", "Raised", 11, "date"),
    Column("due", "Due", 11, "date"),
    Column("overdue", "Overdue", 9),
    Column("last_response", "Last response", 13, "date"),
    Column("last_response_by", "Response by", 24, "long"),
    Column("last_response_text", "What the response said", 60, "long"),
    Column("last_response_title", "Last response note", 40, "long"),
    Column("path", "Note", 30),
)
EXTRA: dict[str, tuple[Column, ...]] = {
    "recommendation": (Column("areas", "Areas", 20, "long"), Column("for", "For", 11)),
    "risk": (
        Column("areas", "Areas", 20, "long"),
        Column("category", "Category", 12),
        Column("monitor_until", "Monitor until", 13, "date"),
    ),
    "action": (
        Column("number", "No.", 7),
        Column("objective", "Objective", 30),  # long and repeated: one line, full text in the cell
        Column("areas", "Areas", 16, "long"),
    ),
}
TIMELINE = (
    Column("id", "ID", 12),
    Column("date", "Date", 11, "date"),
    Column("type", "Step", 10),
    Column("status", "Status", 13),
    Column("previous_status", "Previous status", 15),
    Column("due", "Due", 11, "date"),
    Column("change", "What changed", 36, "long"),
    Column("note", "Note", 30),
    Column("title", "Title", 48, "long"),
    Column("by", "By", 20, "long"),
    Column("text", "What was said", 60, "long"),
)


@dataclass
class Tracker:
    """The rows of one export: items and timeline events, with their columns."""

    kind: str
    as_of: dt.date
    columns: tuple[Column, ...]
    items: list[dict[str, Any]]
    timeline: list[dict[str, Any]]

    @property
    def title(self) -> str:
        return SHEET_TITLES[self.kind]


def build(corpus: Corpus, kind: str, as_of: dt.date) -> Tracker:
    """The tracker of ``kind`` (recommendation, risk or action) as of ``as_of``."""
    public = [n for n in corpus.notes if not n.restricted]
    ledger = fold(public, as_of, corpus.workspace.start_month)
    chosen = sorted(ledger.of_kind(kind), key=lambda i: (_number_key(i), i.raised, i.id))
    items = [_item_row(i) for i in chosen]
    timeline = [
        {"id": i.id, **{k: v for k, v in e.as_row().items() if k != "path"}}
        for i in chosen
        for e in i.events
    ]
    return Tracker(kind, as_of, (*COMMON_HEAD, *EXTRA[kind], *COMMON_TAIL), items, timeline)


def _number_key(item: Item) -> tuple[int, ...]:
    """Actions sort by plan number (1.2 before 1.10); others keep their raised order."""
    number = getattr(item.note, "number", None)
    if not number:
        return ()
    return tuple(int(p) if p.isdigit() else 0 for p in str(number).split("."))


def _item_row(item: Item) -> dict[str, Any]:
    note = item.note
    last = item.last_response
    return {
        "id": item.id,
        "title": note.title,
        "status": item.status,
        "areas": "; ".join(note.areas),
        "for": getattr(note, "for_", None),
        "category": getattr(note, "category", None),
        "monitor_until": item.monitor_until,
        "number": getattr(note, "number", None),
        "objective": getattr(note, "objective", None),
        "owner": item.owner,
        "raised": item.raised,
        "due": item.due,
        "overdue": "yes" if item.overdue else "no",
        "last_response": last.date if last else None,
        "last_response_by": last.by if last else None,
        "last_response_text": last.said if last else None,
        "last_response_title": last.title if last else None,
        "path": note.path,
    }


# -- writing ---------------------------------------------------------------------------------


def to_csv(rows: list[dict[str, Any]], columns: tuple[Column, ...]) -> bytes:
    """Rows as CSV with a header; UTF-8 with a BOM, so Excel reads the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([_plain(row.get(c.key)) for c in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return csv_cell(printable(value))
    return "" if value is None else value


def to_xlsx(tracker: Tracker, *, name: str = "") -> bytes:
    """The tracker as an .xlsx workbook: the items sheet, then "Timeline".

    Written by XlsxWriter, which streams rows to the file: openpyxl, which builds every
    cell as an object first, took 2 s for a 10,000-note workspace's tracker.
    """
    from xlsxwriter import Workbook

    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    book.set_properties(
        {
            "title": f"{name} {tracker.title.lower()} as of {tracker.as_of}".strip(),
            "author": "scrutiny",
        }
    )
    formats = _Formats(book)
    _fill(book.add_worksheet(tracker.title), tracker.columns, tracker.items, formats)
    _fill(book.add_worksheet("Timeline"), TIMELINE, tracker.timeline, formats)
    book.close()
    return buffer.getvalue()


#: The most characters Excel holds in a cell.
EXCEL_CELL_LIMIT = 32767
#: Points per line of the default 11-point font.
LINE_HEIGHT = 15


def _lines(value: Any, width: float) -> int:
    """How many lines ``value`` wraps to in a column ``width`` characters wide."""
    if not value:
        return 1
    chars = max(int(width * 1.1) - 1, 8)  # proportional text: a little more than width
    text = str(value)
    if len(text) <= chars and "\n" not in text and "\r" not in text:
        return 1  # most cells: a name, a date, a short title
    return max(1, sum(_wrapped(part, chars) for part in text.splitlines()))


def _wrapped(text: str, chars: int) -> int:
    """The lines ``textwrap.wrap`` makes of ``text`` at ``chars``, at least one (a hyphen is
    not a break and a run of spaces counts as one: this is an estimate of a row height).

    Every long cell of every row is measured, and textwrap, which builds the lines, took
    longer than writing the workbook; this counts them from the lengths of the words.
    """
    lines = 0
    used = 0  # characters on the line being filled, spaces included
    for word in text.split():
        size = len(word)
        if used:  # the space before the word, unless the line is full
            if used < chars:
                used += 1
            else:
                lines, used = lines + 1, 0
        if used + size <= chars:
            used += size
        elif size <= chars:
            lines, used = lines + 1, size
        else:  # a word longer than a line fills the rest of this one, then whole lines
            size -= chars - used
            lines += 1 + (size - 1) // chars
            used = size - (size - 1) // chars * chars
    return max(1, lines + (used > 0))


class _Formats:
    """The workbook's cell formats, each made once."""

    def __init__(self, book: Any) -> None:
        self.header = book.add_format(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": "#305496",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        self.top = book.add_format({"valign": "top"})
        self.wrap = book.add_format({"valign": "top", "text_wrap": True})
        self.date = book.add_format({"valign": "top", "num_format": "yyyy-mm-dd"})
        self.overdue = book.add_format({"valign": "top", "bold": True, "font_color": "#C00000"})


def _fill(
    sheet: Any, columns: tuple[Column, ...], rows: list[dict[str, Any]], formats: _Formats
) -> None:
    sheet.write_row(0, 0, [c.header for c in columns], formats.header)
    sheet.set_row(0, 20)
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
    for number, row in enumerate(rows, start=1):
        # Neither Excel nor LibreOffice grows a row for wrapped text written by a program
        # reliably; estimate the lines the longest wrapped cell needs.
        lines = max(
            [_lines(row.get(c.key), c.width) for c in columns if c.kind == "long"], default=1
        )
        sheet.set_row(number, LINE_HEIGHT * lines + 2)
        for index, column in enumerate(columns):
            value = row.get(column.key)
            look = formats.wrap if column.kind == "long" else formats.top
            if isinstance(value, str):
                if column.key == "overdue" and value == "yes":
                    look = formats.overdue
                value = printable(value)
                if len(value) > EXCEL_CELL_LIMIT:  # Excel refuses longer cells
                    value = value[: EXCEL_CELL_LIMIT - 1] + "…"
                # Always a string: note text that starts with "=" is never a formula.
                sheet.write_string(number, index, value, look)
            elif isinstance(value, dt.date):
                sheet.write_datetime(number, index, value, formats.date)
            elif value is None:
                sheet.write_blank(number, index, None, look)
            elif isinstance(value, bool):
                sheet.write_boolean(number, index, value, look)
            elif isinstance(value, int | float):
                sheet.write_number(number, index, value, look)
            else:
                sheet.write_string(number, index, printable(str(value)), look)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
