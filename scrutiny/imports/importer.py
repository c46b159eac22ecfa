"""Importing a report: each new recommendation or risk a note; what is there already, not.

A recommendation printed with its id is the note of that id; one printed without is the
note with the same text, if there is one, or a new note with the next free id of the
workspace's pattern. So a second import creates nothing, and no note is ever rewritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrutiny import capture
from scrutiny.corpus import Corpus
from scrutiny.imports.proposals import Proposal
from scrutiny.notes import Note
from scrutiny.reader import parse_text


@dataclass(frozen=True)
class Outcome:
    """What the import did (or would do) with one recommendation or risk."""

    what: str  # created, unchanged or skipped
    id: str
    kind: str
    areas: tuple[str, ...]
    audience: str  # "for partnership", "for scrutiny", or a risk's category
    title: str
    source: str
    path: str = ""
    detail: str = ""

    def record(self) -> dict[str, Any]:
        """The outcome with stable keys, for JSON and CSV."""
        return {
            "what": self.what,
            "id": self.id,
            "kind": self.kind,
            "areas": list(self.areas),
            "audience": self.audience,
            "title": self.title,
            "source": self.source,
            "path": self.path,
            "detail": self.detail,
        }


def same_text(text: str) -> str:
    """Text compared as published: whitespace does not count."""
    return " ".join(text.split())


def import_report(
    corpus: Corpus,
    proposals: list[Proposal],
    day: dt.date,
    *,
    area: str | None = None,
    dry_run: bool = False,
) -> list[Outcome]:
    """Write a note for each proposal not in the workspace yet; say what became of each."""
    workspace = corpus.workspace
    taken = {*corpus.by_id, *capture.ids_on_disk(workspace)}
    by_text: dict[tuple[str, str], Note] = {
        (n.kind, same_text(n.body)): n for n in corpus.notes if n.kind in ("recommendation", "risk")
    }
    outcomes: list[Outcome] = []
    for proposal in proposals:
        areas = proposal.areas or ([area] if area else [])
        audience = (
            f"for {proposal.audience}" if proposal.kind == "recommendation" else proposal.category
        )

        outcome = _outcomes(proposal, areas, audience or "")
        existing = corpus.by_id.get(proposal.id) if proposal.id else None
        if existing is None:
            existing = by_text.get((proposal.kind, same_text(proposal.text)))
        if existing is not None:
            if existing.kind == proposal.kind and same_text(existing.body) == same_text(
                proposal.text
            ):
                outcomes.append(outcome("unchanged", existing.id, existing.path))
            else:
                detail = f"{existing.id} is already {existing.path}, with other text"
                outcomes.append(outcome("skipped", proposal.id or "", detail=detail))
            continue
        if proposal.id and proposal.id in taken:
            outcomes.append(
                outcome("skipped", proposal.id, detail=f"{proposal.id} is already used by a note")
            )
            continue
        if proposal.kind == "recommendation" and not areas:
            detail = (
                f"needs an area: {proposal.heading or 'its heading'!r} matches no area of "
                f"{workspace.framework.id}; give --area"
            )
            outcomes.append(outcome("skipped", proposal.id or "", detail=detail))
            continue
        note_id = proposal.id or capture.next_id(proposal.kind, taken)
        taken.add(note_id)
        fields = _fields(proposal, note_id, day, areas)
        if dry_run:
            parsed = parse_text(capture.render(fields, proposal.text), "<new>", "new")
            why = "; ".join(p.message for p in parsed.problems if p.is_error)
            outcomes.append(outcome("skipped" if why else "created", note_id, detail=why))
            continue
        try:
            path = capture.write_note(corpus, proposal.kind, fields, proposal.text)
        except capture.CaptureError as exc:
            why = "not written: " + "; ".join(p.message for p in exc.problems)
            outcomes.append(outcome("skipped", note_id, detail=why))
            continue
        outcomes.append(outcome("created", note_id, workspace.relative(path)))
    return outcomes


def _outcomes(proposal: Proposal, areas: list[str], audience: str) -> Callable[..., Outcome]:
    """A maker of this proposal's outcome: what became of it, its id, path and why."""

    def outcome(what: str, note_id: str, path: str = "", detail: str = "") -> Outcome:
        return Outcome(
            what,
            note_id,
            proposal.kind,
            tuple(areas),
            audience,
            proposal.title,
            proposal.where,
            path,
            detail,
        )

    return outcome


def _fields(proposal: Proposal, note_id: str, day: dt.date, areas: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": proposal.kind,
        "id": note_id,
        "date": day,
        "title": proposal.title,
        "owner": proposal.owner,
        "source_ref": proposal.where,
    }
    if proposal.kind == "recommendation":
        fields.update({"areas": areas, "for": proposal.audience, "due": proposal.due})
    else:
        fields.update({"areas": areas or None, "category": proposal.category})
    return fields


def summary(outcomes: list[Outcome]) -> str:
    """ "22 created, 0 unchanged, 0 skipped"."""
    counts = {"created": 0, "unchanged": 0, "skipped": 0}
    for outcome in outcomes:
        counts[outcome.what] += 1
    return ", ".join(f"{n} {what}" for what, n in counts.items())
