"""Business-plan tables (CSV or Excel) read into actions, and imported as action notes.

A partnership's business plan is a table with columns like *Objective, No., Action, By
Whom, By When, Progress Update*, usually pasted from Word: objective headings between
the actions, an action's text running on into rows with no number, the header repeated at
every page break, and "By When" cells that say "Ongoing", "Spring 2021" or "08/04/2021".
:func:`read_plan` turns that into :class:`PlanAction` values; :func:`import_plan` writes
one ``action`` note per new action and, on a later import, a dated ``response`` for each
action whose progress or timescale changed. Notes the user wrote are never rewritten.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrutiny import capture
from scrutiny.corpus import Corpus
from scrutiny.notes import ID_PATTERN, Note, Response
from scrutiny.reader import parse_text

#: The tag on every note the importer writes, so a later import can find its own history.
TAG = "business-plan"
ID_PREFIX = "ACT-"
PROGRESS_HEADING = "## Progress update"
WHEN_LABEL = "By when (as written in the plan):"

Cell = str | dt.date

#: Header words for each column, compared lower-case without punctuation.
COLUMNS: dict[str, tuple[str, ...]] = {
    "objective": ("objective", "objectives", "priority", "strategic objective"),
    "number": ("no", "number", "ref", "reference", "action no", "no."),
    "action": ("action", "actions", "action required", "what"),
    "owner": ("by whom", "owner", "lead", "responsible", "who", "action owner"),
    "when": ("by when", "due", "deadline", "timescale", "target date", "when", "due date"),
    "progress": ("progress update", "progress", "update", "progress updates", "comments"),
}


class PlanError(ValueError):
    """A file that cannot be read as a business-plan table."""


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
    """The cells of a ``.csv`` or ``.xlsx`` file, row by row (dates stay dates)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
        if suffix in (".csv", ".txt", ".tsv"):
            return _read_csv(path.read_bytes())
    except OSError as exc:
        raise PlanError(f"cannot read {path}: {exc.strerror or exc}") from None
    raise PlanError(f"{path.name}: expected a .csv or .xlsx file (save the plan from Excel as one)")


def _read_csv(raw: bytes) -> list[list[Cell]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _read_xlsx(path: Path) -> list[list[Cell]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError) as exc:
        raise PlanError(f"{path.name}: not a readable .xlsx workbook ({exc})") from None
    try:
        sheets = [
            [[_xlsx_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            for ws in book.worksheets
        ]
    finally:
        book.close()
    # The plan is on the first sheet with a header row; others may hold notes or lists.
    for rows in sheets:
        if any(_header(row) for row in rows):
            return rows
    return sheets[0] if sheets else []


def _xlsx_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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


def _text(cell: Cell) -> str:
    if isinstance(cell, dt.date):
        return cell.isoformat()
    text = re.sub(r"<[^>]{1,20}>", "", cell)  # <i>, </b> from a pasted Word table
    return re.sub(r"\s+", " ", text).strip()


def _cell(row: Sequence[Cell], i: int | None) -> Cell:
    return row[i] if i is not None and i < len(row) else ""


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


HEADING = re.compile(r"^objective\s+(\w+)\b", re.IGNORECASE)


def parse_rows(rows: Sequence[Sequence[Cell]]) -> PlanRows:
    """The actions of a business-plan table; rows before the first header are ignored."""
    result = PlanRows()
    columns: dict[str, int] | None = None
    statements: dict[str, list[str]] = {}
    current_key = ""
    heading_pending = False
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
        if not any(cells.values()):
            continue
        number = cells["number"].rstrip(".")
        objective_cell = cells["objective"]
        heading = HEADING.match(objective_cell)
        if heading and not number and not cells["action"]:
            current_key = heading.group(1)
            statements.setdefault(current_key, [objective_cell])
            heading_pending = True
            last = None
            continue
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
        prefix = number.split(".")[0]
        if prefix != current_key and not heading_pending:
            current_key = prefix
        if objective_cell:
            # The statement starts under its heading, and may run on into a later row.
            statements.setdefault(current_key, []).append(objective_cell)
        heading_pending = False
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
    if heading:
        label = f"Objective {heading.group(1)}"
        rest = " ".join(parts[1:])
        return f"{label}: {rest}" if rest else parts[0]
    return " ".join(parts)


def read_plan(path: Path) -> PlanRows:
    """The actions in the business-plan file at ``path``."""
    return parse_rows(read_table(path))


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


# -- importing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the import did (or would do) with one action or row."""

    what: str  # created, updated or skipped
    id: str
    detail: str
    path: str = ""


@dataclass
class History:
    """What earlier imports recorded for one action: its last progress, timescale and due."""

    progress: str = ""
    when: str = ""
    due: dt.date | None = None
    first: dt.date | None = None


def title_of(text: str, limit: int = 100) -> str:
    """The first sentence of ``text``, on one line, cut at a word near ``limit`` characters."""
    flat = re.sub(r"\s+", " ", text).strip()
    sentence = re.split(r"(?<=[.!?;])\s+(?=[A-Z(\"'‘“])", flat, maxsplit=1)[0]
    sentence = sentence.rstrip(" .;")
    if len(sentence) > limit:
        cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-")
        sentence = f"{cut}…"
    return sentence or "Business-plan action"


def _section(body: str) -> tuple[str, str]:
    """(progress, by-when text) recorded in a note body written by this importer."""
    when = ""
    for line in body.splitlines():
        if line.startswith(WHEN_LABEL):
            when = line[len(WHEN_LABEL) :].strip()
    progress = ""
    if PROGRESS_HEADING in body:
        tail = body.split(PROGRESS_HEADING, 1)[1]
        kept = [ln for ln in tail.splitlines() if not ln.startswith((WHEN_LABEL, "## "))]
        progress = " ".join(" ".join(kept).split())
    return progress, when


def history(corpus: Corpus, action: Note) -> History:
    """Fold the action note and the importer's responses to it into the last values seen."""
    progress, when = _section(action.body)
    seen = History(progress, when, getattr(action, "due", None), action.date)
    for note in corpus.notes:  # date order
        if isinstance(note, Response) and action.id in note.responds_to and TAG in note.tags:
            progress, when = _section(note.body)
            seen.progress = progress or seen.progress
            seen.when = when or seen.when
            seen.due = note.due or seen.due
    return seen


def _body(action: PlanAction, *, text: bool, exact: bool) -> str:
    parts = [action.action] if text else []
    if action.when and not exact:
        parts.append(f"{WHEN_LABEL} {action.when}")
    if action.progress:
        parts.append(f"{PROGRESS_HEADING}\n\n{action.progress}")
    return "\n\n".join(parts)


def import_plan(
    corpus: Corpus, plan: PlanRows, day: dt.date, *, dry_run: bool = False
) -> list[Outcome]:
    """Create action notes for new actions and responses for changed ones; say what was done."""
    from scrutiny.ledger import fold

    outcomes = [Outcome("skipped", where, why) for where, why in plan.skipped]
    notes = list(corpus.notes)
    ledger = fold(notes, day, corpus.workspace.start_month)
    verb = "would " if dry_run else ""
    for action in plan.actions:
        current = Corpus(corpus.workspace, notes, corpus.problems)
        existing = current.by_id.get(action.id)
        due, exact = (
            parse_when(action.when) if action.when_date is None else (action.when_date, True)
        )
        if existing is None:
            status = infer_status(action.progress) or (
                infer_status(action.when) if due is None else None
            )
            fields = {
                "id": action.id,
                "date": day,
                "title": title_of(action.action),
                "objective": action.objective or None,
                "number": action.number,
                "owner": action.owner or None,
                "due": due,
                "status": status if status and status != "planned" else None,
                "tags": [TAG],
            }
            body = _body(action, text=True, exact=exact)
            path, why = _write(current, "action", fields, body, dry_run, notes)
            if why:
                outcomes.append(Outcome("skipped", action.id, why))
                continue
            detail = f"{verb}create: {fields['title']}" + (f" (due {due})" if due else "")
            outcomes.append(Outcome("created", action.id, detail, path))
            continue
        if existing.kind != "action":
            outcomes.append(
                Outcome(
                    "skipped",
                    action.id,
                    f"{action.id} is already a {existing.kind} ({existing.path})",
                )
            )
            continue
        seen = history(current, existing)
        if seen.first and day < seen.first:
            outcomes.append(
                Outcome(
                    "skipped",
                    action.id,
                    f"--date {day} is before {action.id} was raised ({seen.first})",
                )
            )
            continue
        progress_changed = bool(action.progress) and _same(action.progress) != _same(seen.progress)
        when_changed = bool(action.when) and not exact and _same(action.when) != _same(seen.when)
        due_changed = due is not None and due != seen.due
        if not (progress_changed or when_changed or due_changed):
            outcomes.append(Outcome("skipped", action.id, "unchanged since the last import"))
            continue
        item = ledger.items.get(action.id)
        status = infer_status(action.progress) if progress_changed else None
        if status is None and when_changed and due is None:
            status = infer_status(action.when)
        if item is not None and status == item.status and not progress_changed:
            status = None
        changes = []
        if progress_changed:
            changes.append("progress")
        if due_changed:
            changes.append(f"due {seen.due or 'none'} → {due}")
        elif when_changed:
            changes.append(f"by when {seen.when or 'none'!r} → {action.when!r}")
        body = _body(action, text=False, exact=exact)
        if due_changed:
            body = f"The business plan's timescale for this action now reads {action.when!r}.\n\n{body}"
        fields = {
            "date": day,
            "title": f"{action.id}: business-plan update" + (f" ({status})" if status else ""),
            "responds_to": [action.id],
            "status": status,
            "by": action.owner or None,
            "due": due if due_changed else None,
            "tags": [TAG],
        }
        path, why = _write(current, "response", fields, body, dry_run, notes)
        if why:
            outcomes.append(Outcome("skipped", action.id, why))
            continue
        detail = f"{verb}respond: " + ", ".join(changes) + (f"; status {status}" if status else "")
        outcomes.append(Outcome("updated", action.id, detail, path))
    return outcomes


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def _write(
    corpus: Corpus,
    kind: str,
    fields: dict[str, Any],
    body: str,
    dry_run: bool,
    notes: list[Note],
) -> tuple[str, str]:
    """Write (or, dry, only check) one note: ``(path, "")``, or ``("", why not)``."""
    if dry_run:
        parsed = parse_text(capture.render({"kind": kind, **fields}, body), "<new>", "new")
        return "", "; ".join(p.message for p in parsed.problems)
    try:
        path = capture.write_note(corpus, kind, fields, body)
    except capture.CaptureError as exc:
        return "", "not written: " + "; ".join(p.message for p in exc.problems)
    rel = corpus.workspace.relative(path)
    parsed = parse_text(path.read_text(encoding="utf-8"), rel, path.stem)
    if parsed.note is not None:
        notes.append(parsed.note)
    return rel, ""


def summary(outcomes: Iterable[Outcome]) -> str:
    """ "3 created, 1 updated, 40 skipped"."""
    counts = {"created": 0, "updated": 0, "skipped": 0}
    for outcome in outcomes:
        counts[outcome.what] += 1
    return ", ".join(f"{n} {what}" for what, n in counts.items())
