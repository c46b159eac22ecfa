"""Reading a business plan's action table from CSV or Excel: header, objectives, actions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from scrutiny.notes import ID_PATTERN
from scrutiny.plan.cells import Cell, PlanError, read_csv, xlsx_sheets

TAG = "business-plan"
ID_PREFIX = "ACT-"
PROGRESS_HEADING = "## Progress update"
WHEN_LABEL = "By when (as written in the plan):"

#: Header words for each column, compared lower-case without punctuation.
COLUMNS: dict[str, tuple[str, ...]] = {
    "objective": ("objective", "objectives", "priority", "strategic objective"),
    "number": ("no", "number", "ref", "reference", "action no", "no."),
    "action": ("action", "actions", "action required", "what"),
    "owner": ("by whom", "owner", "lead", "responsible", "who", "action owner"),
    "when": ("by when", "due", "deadline", "timescale", "target date", "when", "due date"),
    "progress": ("progress update", "progress", "update", "progress updates", "comments"),
}


@dataclass
class PlanAction:
    """One action as read from the table (cells joined across continuation rows)."""

    number: str
    row: int
    objective_key: str
    action: str = ""
    owner: str = ""
    when: str = ""
    when_date: dt.date | None = None
    progress: str = ""
    objective: str = ""

    @property
    def id(self) -> str:
        return f"{ID_PREFIX}{self.number}"


@dataclass
class PlanRows:
    """The actions of a table, and the rows left out with why."""

    actions: list[PlanAction] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


# -- reading files --------------------------------------------------------------------------


def read_table(path: Path) -> list[list[Cell]]:
    """The cells of a ``.csv`` or ``.xlsx`` file, row by row (dates stay dates).

    Of a workbook, the first sheet with a header row: others may hold notes or lists."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            first: list[list[Cell]] | None = None
            with closing(xlsx_sheets(path)) as sheets:
                for rows in sheets:
                    if any(_header(row) for row in rows):
                        return rows
                    first = rows if first is None else first
            return first or []
        if suffix in (".csv", ".txt", ".tsv"):
            return read_csv(path)
    except OSError as exc:
        raise PlanError(f"cannot read {path}: {exc.strerror or exc}") from None
    raise PlanError(f"{path.name}: expected a .csv or .xlsx file (save the plan from Excel as one)")


# -- reading the table ----------------------------------------------------------------------


def _norm(cell: Cell) -> str:
    return re.sub(r"[^a-z ]+", "", str(cell).lower()).strip()


def _header(row: Sequence[Cell]) -> dict[str, int] | None:
    """Column positions when ``row`` is a header row (it names at least No. and Action)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        name = _norm(cell)
        for key, words in COLUMNS.items():
            if key not in found and name in {_norm(w) for w in words}:
                found[key] = i
                break
    return found if {"number", "action"} <= found.keys() else None


#: The markup a table pasted from Word or a web page carries; any other ``<`` is text.
MARKUP = re.compile(
    r"</?(?P<tag>b|i|u|s|em|strong|strike|sup|sub|span|font|a|p|div|li|ul|ol|br)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_BREAKS = {"p", "div", "li", "ul", "ol", "br"}


def _text(cell: Cell) -> str:
    if isinstance(cell, dt.date):
        return cell.isoformat()
    text = MARKUP.sub(lambda m: " " if m["tag"].lower() in _BREAKS else "", cell)
    return re.sub(r"\s+", " ", text).strip()


def _cell(row: Sequence[Cell], i: int | None) -> Cell:
    return row[i] if i is not None and i < len(row) else ""


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


#: An objective's heading: "Objective 1 (Lead: …)", "Priority 2 – …", "Strategic aim B:",
#: "Objective One", or a number and a statement, "1. Strengthen the voice of children"
#: (never an action's number, "1.1").
HEADING = re.compile(
    r"^(?:(?:strategic\s+)?(?P<word>objective|priority|outcome|aim|goal|theme)\s+(?:no\.?\s*)?"
    r"(?P<key>(?:\d+|[ivx]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    r"|[a-z](?=\s*(?:[:.)–—-]|$)))"
    r"|(?P<number>\d+)\s*(?:[.):]|\s[–—-])\s*(?=[^\d\s]))",
    re.IGNORECASE,
)


def _heading(row: Sequence[Cell], cells: dict[str, str], columns: dict[str, int]) -> str | None:
    """The objective heading a row holds on its own, if it is one: in the Objective or No.
    column with no action beside it, or the only text in the row (a merged cell), in any
    column but those an action's text runs on in."""
    if cells["action"]:
        return None
    candidates = [cells["objective"], cells["number"]]
    filled = [(i, c) for i, c in enumerate(row) if _text(c)]
    running = {columns.get(k) for k in ("action", "owner", "when", "progress")}
    if len(filled) == 1 and filled[0][0] not in running:
        candidates.append(_text(filled[0][1]))
    return next((c for c in candidates if c and HEADING.match(c)), None)


def parse_rows(rows: Sequence[Sequence[Cell]]) -> PlanRows:  # noqa: C901 - one pass, row by row
    """The actions of a business-plan table; rows before the first header are ignored.

    An action belongs to the objective heading above it, whatever its shape; in a table
    with no headings, to the objective of the actions that share its number's first part."""
    result = PlanRows()
    columns: dict[str, int] | None = None
    statements: dict[str, list[str]] = {}
    current_key = ""
    headed = False  # a heading has been seen: actions attach to the one above them
    last: PlanAction | None = None
    seen: dict[str, int] = {}

    for line, row in enumerate(rows, start=1):
        header = _header(row)
        if header is not None:
            columns = header  # repeated at page breaks: read again, in case it moved
            continue
        if columns is None:
            continue

        raw = {k: _cell(row, columns.get(k)) for k in COLUMNS}
        cells = {k: _text(v) for k, v in raw.items()}
        if not any(cells.values()) and not any(_text(c) for c in row):
            continue
        heading = _heading(row, cells, columns)
        if heading is not None:
            current_key, headed, last = f"row {line}", True, None
            statements[current_key] = [heading]
            continue
        number = cells["number"].rstrip(".")
        objective_cell = cells["objective"]
        if not number:
            if last is None:
                if objective_cell:
                    statements.setdefault(current_key, []).append(objective_cell)
                elif any(cells.values()):
                    result.skipped.append(
                        (f"row {line}", "no action number and no action above it")
                    )
                continue
            # A continuation row: the cells run on from the action above.
            last.action = _join(last.action, cells["action"])
            last.owner = _join(last.owner, cells["owner"])
            last.progress = _join(last.progress, cells["progress"])
            if cells["when"] and not last.when_date:
                last.when = _join(last.when, cells["when"])
            if objective_cell:
                statements.setdefault(last.objective_key, []).append(objective_cell)
            continue
        if not ID_PATTERN.match(number):
            result.skipped.append((f"row {line}", f"number {number!r} cannot be part of an id"))
            last = None
            continue
        if number in seen:
            result.skipped.append(
                (
                    f"{ID_PREFIX}{number}",
                    f"row {line}: number also on row {seen[number]}; the first is kept",
                )
            )
            last = None
            continue
        if HEADING.match(objective_cell):
            # An objective that starts on its first action's row.
            current_key, headed = f"row {line}", True
            statements[current_key] = [objective_cell]
        else:
            if not headed:
                current_key = number.split(".")[0]
            if objective_cell:
                # The statement starts under its heading, and may run on into a later row.
                statements.setdefault(current_key, []).append(objective_cell)
        when_cell = raw["when"]
        action = PlanAction(number, line, current_key, cells["action"], cells["owner"])
        action.progress = cells["progress"]
        if isinstance(when_cell, dt.date):
            action.when, action.when_date = when_cell.isoformat(), when_cell
        else:
            action.when = cells["when"]
        seen[number] = line
        result.actions.append(action)
        last = action

    if columns is None:
        raise PlanError(
            "no header row found: the plan needs a row naming its columns, at least "
            "'No.' and 'Action' (also 'Objective', 'By Whom', 'By When', 'Progress Update')"
        )
    for action in result.actions:
        action.objective = _objective_text(statements.get(action.objective_key, []))
        if not action.action:
            result.skipped.append((action.id, f"row {action.row}: no action text"))
    result.actions = [a for a in result.actions if a.action]
    return result


def _objective_text(parts: list[str]) -> str:
    """``Objective 1: <statement>``, leaving out the heading's lead-officer aside."""
    if not parts:
        return ""
    heading = HEADING.match(parts[0])
    rest = " ".join(parts[1:])
    if heading and heading["word"] and rest:
        return f"{heading['word'].capitalize()} {heading['key']}: {rest}"
    return " ".join(parts)


def read_plan(path: Path) -> PlanRows:
    """The actions in the business-plan file at ``path``."""
    return parse_rows(read_table(path))
