"""The partnership's priorities and the evidence of progress on each in a period.

Statutory guidance asks the yearly report for "an analysis of any priorities with little
or no evidence of progress". Progress here is what the notes show in the period: linked
actions that moved (started or completed), findings of strength or mixed, and responses
on the priority or on anything linked to it. A priority with none of these is flagged,
and so is one whose only evidence is findings of concern; each flag says why.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from scrutiny.corpus import Corpus
from scrutiny.ledger import Ledger, fold
from scrutiny.notes import Finding, Note, Priority, Response
from scrutiny.periods import Period
from scrutiny.queries import Audience, visible

MOVED = frozenset({"in-progress", "completed"})


@dataclass
class Progress:
    """One priority in one period."""

    priority: Priority
    actions: Counter[str] = field(default_factory=Counter)
    moved: list[str] = field(default_factory=list)
    recommendations: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    responses: list[Response] = field(default_factory=list)
    linked: int = 0

    @property
    def why(self) -> str:
        """Why the priority is flagged (empty when it is not)."""
        good = self.moved or self.findings["strength"] + self.findings["mixed"] or self.responses
        if good:
            return ""
        if not self.linked:
            return "nothing is linked to it: no action, recommendation, finding or response"
        if self.findings["concern"]:
            return "little evidence of progress: the period's findings on it are concerns only"
        return "no evidence of progress: no linked action moved, and no finding or response"

    @property
    def flagged(self) -> bool:
        return bool(self.why)

    @property
    def latest(self) -> Response | None:
        return max(self.responses, key=lambda r: (r.date, r.id)) if self.responses else None

    def summary(self) -> str:
        """The evidence in a sentence or two, for a table."""
        parts = []
        if self.actions:
            parts.append(
                "actions " + ", ".join(f"{s} {n}" for s, n in sorted(self.actions.items()))
            )
        if self.moved:
            parts.append(f"moved in the period: {', '.join(self.moved)}")
        if self.findings:
            parts.append(
                "findings " + ", ".join(f"{j} {n}" for j, n in sorted(self.findings.items()))
            )
        if self.recommendations:
            parts.append(
                "recommendations "
                + ", ".join(f"{s} {n}" for s, n in sorted(self.recommendations.items()))
            )
        if self.latest is not None:
            parts.append(f"latest response {self.latest.date}: {self.latest.title}")
        said = "; ".join(parts) or "no linked notes"
        return f"{said}. {self.why.capitalize()}." if self.why else said + "."

    def as_row(self) -> dict[str, object]:
        latest = self.latest
        return {
            "id": self.priority.id,
            "title": self.priority.title,
            "from": self.priority.date,
            "until": self.priority.until,
            "lead": self.priority.lead,
            "actions": dict(self.actions),
            "moved": self.moved,
            "findings": dict(self.findings),
            "recommendations": dict(self.recommendations),
            "responses": len(self.responses),
            "latest_response": latest.date if latest else None,
            "latest_response_title": latest.title if latest else None,
            "flagged": self.flagged,
            "why": self.why,
            "path": self.priority.path,
        }


def applies(priority: Priority, period: Period) -> bool:
    """Whether the priority is in force at any time in ``period``."""
    return priority.date <= period.end and (
        priority.until is None or priority.until >= period.start
    )


def progress(corpus: Corpus, period: Period, today: dt.date | None = None) -> list[Progress]:
    """Every priority that applies in ``period``, with its evidence (published notes only)."""
    as_of = min(period.end, today or dt.date.today())
    public = [n for n in visible(corpus.notes, Audience.PUBLISHED) if n.date <= as_of]
    ledger = fold(public, as_of, corpus.workspace.start_month)
    found = {
        n.id: Progress(n)
        for n in sorted(public, key=lambda n: (n.date, n.id))
        if isinstance(n, Priority) and applies(n, period)
    }
    linked_to: dict[str, list[str]] = {}
    for note in public:
        for pid in note.priorities:
            if pid in found:
                _count(found[pid], note, ledger, period)
                linked_to.setdefault(note.id, []).append(pid)
    for note in public:
        if isinstance(note, Response) and period.contains(note.date):
            for target in note.responds_to:
                for pid in linked_to.get(target, []):
                    if note not in found[pid].responses:
                        found[pid].responses.append(note)
    return list(found.values())


def _count(entry: Progress, note: Note, ledger: Ledger, period: Period) -> None:
    entry.linked += 1
    item = ledger.items.get(note.id)
    if note.kind == "action" and item is not None:
        entry.actions[item.status] += 1
        if any(
            period.contains(e.date) and e.status in MOVED and e.status != e.previous_status
            for e in item.events
            if e.type in ("status", "reopened")
        ):
            entry.moved.append(note.id)
    elif note.kind == "recommendation" and item is not None:
        entry.recommendations[item.status] += 1
    elif isinstance(note, Finding) and period.contains(note.date):
        entry.findings[note.judgement or "neutral"] += 1
    elif isinstance(note, Response) and period.contains(note.date):
        entry.responses.append(note)
