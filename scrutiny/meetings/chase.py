"""Who to chase before a meeting: open items due soon or overdue, grouped by owner.

Nothing is sent. ``chase --format md`` writes a short note per owner from a template the
partnership can change (``templates/chase.md.j2``), to paste into an e-mail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError

from scrutiny.ledger import Item, Ledger
from scrutiny.report.wording import environment, template_problem

CHASE_TEMPLATE = "chase.md.j2"
#: The owner an item without one is listed under.
NO_OWNER = "(no owner named)"


@dataclass(frozen=True)
class Due:
    """One open item to chase, with the latest response to it."""

    item: Item

    @property
    def late_by(self) -> int:
        """Days past the due date as of the ledger's day (negative: days still to go)."""
        assert self.item.due is not None
        return (self.item.as_of - self.item.due).days

    def as_row(self) -> dict[str, object]:
        item, last = self.item, self.item.last_response
        return {
            "owner": item.owner or NO_OWNER,
            "id": item.id,
            "kind": item.kind,
            "title": item.note.title,
            "status": item.status,
            "due": item.due,
            "overdue": item.overdue,
            "days": self.late_by,
            "last_response": last.date if last else None,
            "last_response_by": last.by if last else None,
            "last_response_text": last.said if last else None,
        }


@dataclass
class Owner:
    """An owner and what they are asked about."""

    name: str
    items: list[Due] = field(default_factory=list)

    @property
    def overdue(self) -> list[Due]:
        return [d for d in self.items if d.item.overdue]

    @property
    def coming(self) -> list[Due]:
        return [d for d in self.items if not d.item.overdue]


def chase(ledger: Ledger, within: int = 28, owner: str | None = None) -> list[Owner]:
    """Open recommendations and actions with a due date no later than ``within`` days after
    the ledger's day (overdue ones included), by owner (A–Z), soonest due first."""
    horizon = ledger.as_of + dt.timedelta(days=within)
    owners: dict[str, Owner] = {}
    for item in ledger.items.values():
        if item.kind not in ("recommendation", "action") or item.due is None:
            continue
        if not item.is_open or item.status == "implemented" or item.due > horizon:
            continue
        name = item.owner or NO_OWNER
        if owner is not None and owner.casefold() not in name.casefold():
            continue
        owners.setdefault(name, Owner(name)).items.append(Due(item))
    for found in owners.values():
        found.items.sort(key=lambda d: (d.item.due, d.item.id))
    return sorted(owners.values(), key=lambda o: (o.name == NO_OWNER, o.name.casefold()))


def letters(
    owners: list[Owner],
    *,
    partnership: str,
    as_of: dt.date,
    meeting: dt.date | None = None,
    workspace_root: Path | None = None,
) -> str:
    """One short, polite note per owner, as Markdown, from ``chase.md.j2``."""
    env = environment(workspace_root)
    try:
        template = env.get_template(CHASE_TEMPLATE)
        parts = [
            template.render(
                owner=o.name if o.name != NO_OWNER else "",
                overdue=[d.as_row() for d in o.overdue],
                coming=[d.as_row() for d in o.coming],
                partnership=partnership,
                as_of=as_of,
                meeting=meeting,
            ).strip()
            for o in owners
        ]
    except TemplateError as exc:
        raise template_problem(exc, env, CHASE_TEMPLATE, workspace_root) from None
    return "\n\n---\n\n".join(parts) + "\n" if parts else ""
