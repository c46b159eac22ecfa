"""Importing a plan: each action a note, changed progress a response; nothing overwritten."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scrutiny import capture
from scrutiny.corpus import Corpus
from scrutiny.notes import Note, Response
from scrutiny.plan.dates import infer_status, parse_when
from scrutiny.plan.table import PROGRESS_HEADING, TAG, WHEN_LABEL, PlanAction, PlanRows
from scrutiny.reader import parse_text

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


_NUMBERING = re.compile(
    r"^\s*(?:(?:objective|priority|aim|strategic aim)\s*[\w.]*\s*[:.\-–—)]?|\d+[.)])\s*",
    re.IGNORECASE,
)


def _words(text: str) -> str:
    """Text reduced to its words, for matching an objective with a priority's title."""
    text = _NUMBERING.sub("", text)
    return " ".join(re.findall(r"[a-z0-9']+", text.casefold()))


def priorities_for(objective: str, priorities: Iterable[Note]) -> list[str]:
    """The priorities whose title is the objective, give or take numbering, case and
    punctuation (or one contains the other, when both say enough to mean it)."""
    wanted = _words(objective)
    if not wanted:
        return []
    found = []
    for priority in priorities:
        title = _words(priority.title)
        short = min(len(title), len(wanted))
        if title == wanted or (short >= 20 and (title in wanted or wanted in title)):
            found.append(priority.id)
    return found


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
    priorities = [n for n in notes if n.kind == "priority"]
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
                "priorities": priorities_for(action.objective or "", priorities) or None,
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
