"""A board pack for a partnership meeting: two to four pages, from the same ledger and
document model as the report, so the same renderers, templates, restricted rule and
publication check apply.

What changed since the last pack, what is open or overdue (with the latest response in
the owner's words), what falls due before the next meeting, the risks escalated or
realised, and questions to put to partners in the areas where evidence is thinnest, with
two small charts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from scrutiny.corpus import Corpus
from scrutiny.coverage import coverage
from scrutiny.ledger import Item, Ledger, fold
from scrutiny.meetings import charts
from scrutiny.meetings.changes import Change, between
from scrutiny.meetings.draw import STATUS_GROUPS, Spec
from scrutiny.meetings.painter import Drawing, here
from scrutiny.notes import Note
from scrutiny.queries import Audience, visible
from scrutiny.report.model import (
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    ListItem,
    Paragraph,
    Section,
    Table,
)
from scrutiny.words import long_date, number_word, plural_of, shorten

#: At most this many rows in the open-items table; the tracker has the rest.
MAX_ROWS = 15
#: How much of a response a pack quotes.
SAID = 220
#: Areas whose prompts become questions, and prompts per area.
THIN_AREAS, PROMPTS = 2, 3


@dataclass
class Pack:
    """The pack for ``meeting``: changes after ``since``, items due up to ``next_meeting``."""

    corpus: Corpus
    meeting: dt.date
    since: dt.date
    next_meeting: dt.date
    charts: bool = True
    #: Where the charts are drawn: in this process unless a caller gives a
    #: :class:`~scrutiny.meetings.painter.Painter`'s ``draw``.
    painter: Callable[[Spec], Drawing] = here

    @cached_property
    def public(self) -> list[Note]:
        return [n for n in visible(self.corpus.notes, Audience.PUBLISHED) if n.date <= self.meeting]

    @cached_property
    def ledger(self) -> Ledger:
        return fold(self.public, self.meeting, self.corpus.workspace.start_month)

    def build(self) -> Document:
        name = self.corpus.workspace.settings.name
        settings = self.corpus.workspace.settings.report
        doc = Document(
            f"{name}: independent scrutiny update for the meeting on {long_date(self.meeting)}",
            author=name,
            language=settings.language,
            paper=settings.paper,
        )
        section = Section(
            Heading(1, doc.title),
            [
                Paragraph(
                    f"This pack sets out what has changed since {long_date(self.since)}, the "
                    "recommendations and actions that are open or overdue, what falls due before "
                    f"the next meeting on {long_date(self.next_meeting)}, the risks that have "
                    "been escalated or realised, and questions to put to partners where the "
                    "evidence is thinnest."
                )
            ],
        )
        section.blocks += self.changed()
        section.blocks += self.open_items()
        section.blocks += self.due_next()
        section.blocks += self.risks()
        section.blocks += self.questions()
        doc.sections.append(section)
        doc.note_paths = {i: self.corpus.by_id[i].path for i in doc.source_ids()}
        return doc

    # -- parts ------------------------------------------------------------------------------

    def changed(self) -> list[Block]:
        blocks: list[Block] = [Heading(2, f"1. What has changed since {long_date(self.since)}")]
        found = between(
            self.public, self.since, self.meeting, self.corpus.workspace.start_month, self.ledger
        )
        items = [
            ListItem(_change(c), [c.id])
            for c in found.items
            if c.kind != "action" or c.type != "raised"
        ]
        if items:
            blocks.append(BulletList(items, [c.id for c in found.items]))
        else:
            blocks.append(Paragraph("No recommendation, risk or action changed in this time."))
        blocks.append(Paragraph(self._evidence(found.evidence)))
        if self.charts:
            period = self.corpus.workspace.period_of(self.meeting)
            png = self.painter(
                charts.recommendations_spec(self.public, period, self.meeting, self.ledger)
            )
            counts = charts.status_counts(
                self.public, [self.meeting], period.start_month, self.ledger
            )[-1]
            alt = (
                "At the meeting date: "
                + "; ".join(
                    f"{label.lower()} {n}"
                    for (label, *_), n in zip(STATUS_GROUPS, counts, strict=True)
                )
                + "."
            )
            blocks.append(
                Figure(
                    png,
                    f"Figure 1. Recommendations by status at the end of each month of {period.label}",
                    alt,
                )
            )
        return blocks

    def _evidence(self, evidence: tuple[Change, ...]) -> str:
        if not evidence:
            return (
                f"No new scrutiny activity or findings were recorded since {long_date(self.since)}."
            )
        titles = {a.id: a.title for a in self.corpus.workspace.framework.areas}
        by_area: dict[str, Counter[str]] = {}
        for change in evidence:
            by_area.setdefault(change.id, Counter())[change.kind] += change.count
        parts = []
        for area in self.corpus.workspace.framework.area_ids:
            if area in by_area:
                counts = by_area[area]
                said = " and ".join(
                    f"{number_word(n)} {k if n == 1 else plural_of(k)}"
                    for k, n in sorted(counts.items())
                )
                parts.append(f"{titles[area]}: {said}")
        return "New evidence since then, by area. " + "; ".join(parts) + "."

    def open_items(self) -> list[Block]:
        blocks: list[Block] = [Heading(2, "2. Open and overdue recommendations and actions")]
        chosen = [
            i
            for i in self.ledger.items.values()
            if i.kind in ("recommendation", "action") and i.is_open and i.status != "implemented"
        ]
        chosen.sort(key=lambda i: (not i.overdue, i.due or dt.date.max, i.id))
        if not chosen:
            blocks.append(Paragraph("No recommendation or action is open."))
            return blocks
        late = sum(i.overdue for i in chosen)
        blocks.append(
            Paragraph(
                f"{number_word(len(chosen)).capitalize()} {'is' if len(chosen) == 1 else 'are'} open, "
                f"{number_word(late)} of them overdue. Overdue items come first."
            )
        )
        table = Table(
            ["ID", "Title", "Status", "Due", "Latest response"],
            [],
            [],
            [],
            shares=(0.12, 0.22, 0.14, 0.13, 0.39),
        )
        for item in chosen[:MAX_ROWS]:
            status = item.status + (" (overdue)" if item.overdue else "")
            table.rows.append(
                [
                    item.id,
                    item.note.title,
                    status,
                    f"{item.due.day} {item.due:%b %Y}" if item.due else "",
                    _said(item),
                ]
            )
            table.row_sources.append(
                [item.id, *([item.last_response.note] if item.last_response else [])]
            )
        blocks.append(table)
        if len(chosen) > MAX_ROWS:
            more = len(chosen) - MAX_ROWS
            blocks.append(
                Paragraph(
                    f"And {number_word(more)} more: the full list is in the tracker (scrutiny export recs)."
                )
            )
        return blocks

    def due_next(self) -> list[Block]:
        blocks: list[Block] = [
            Heading(2, f"3. Due before the next meeting on {long_date(self.next_meeting)}")
        ]
        due = sorted(
            (
                i
                for i in self.ledger.items.values()
                if i.kind in ("recommendation", "action")
                and i.is_open
                and i.due is not None
                and self.meeting < i.due <= self.next_meeting
            ),
            key=lambda i: (i.due, i.id),
        )
        if not due:
            blocks.append(Paragraph("Nothing open falls due before the next meeting."))
            return blocks
        items = [
            ListItem(
                f"{i.id}, {i.note.title}: due {long_date(i.due)}"
                + (f" ({i.owner})" if i.owner else "")
                + ".",
                [i.id],
            )
            for i in due
            if i.due is not None
        ]
        blocks.append(BulletList(items, [i.id for i in due]))
        return blocks

    def risks(self) -> list[Block]:
        blocks: list[Block] = [Heading(2, "4. Risks escalated or realised")]
        chosen = [i for i in self.ledger.of_kind("risk") if i.status in ("escalated", "realised")]
        if not chosen:
            blocks.append(Paragraph("No risk has been escalated or realised."))
            return blocks
        items = []
        for item in sorted(chosen, key=lambda i: i.id):
            moved = [e for e in item.events if e.status == item.status and e.type != "raised"]
            when = f" on {long_date(moved[-1].date)}" if moved else ""
            items.append(
                ListItem(
                    f"{item.id}, {item.note.title}: {item.status}{when}. {_said(item)}", [item.id]
                )
            )
        blocks.append(BulletList(items, [i.id for i in chosen]))
        return blocks

    def questions(self) -> list[Block]:
        blocks: list[Block] = [Heading(2, "5. Questions for partners")]
        workspace = self.corpus.workspace
        period = workspace.period_of(self.meeting)
        so_far = Counter(
            a
            for n in self.public
            if n.kind == "activity" and period.contains(n.date)
            for a in dict.fromkeys(n.areas)
        )
        areas = sorted(
            workspace.framework.areas,
            key=lambda a: (so_far[a.id], workspace.framework.area_ids.index(a.id)),
        )
        thin = [a for a in areas if a.prompts][:THIN_AREAS]
        if not thin:
            blocks.append(Paragraph("The framework has no prompts to draw questions from."))
            return blocks
        blocks.append(
            Paragraph(
                "The evidence gathered so far this year is thinnest in these areas; the "
                "framework's prompts for them are put to partners as questions."
            )
        )
        for area in thin:
            n = so_far[area.id]
            blocks.append(
                Paragraph(
                    f"{area.title} ({number_word(n)} {'activity' if n == 1 else 'activities'} so far in {period.label})."
                )
            )
            blocks.append(BulletList([ListItem(p) for p in area.prompts[:PROMPTS]]))
        if self.charts:
            before = period.previous()
            then = {r.area: r.activity for r in coverage(self.corpus, before).rows}
            ids = workspace.framework.area_ids
            first = [then.get(a, 0) for a in ids]
            second = [so_far.get(a, 0) for a in ids]
            png = self.painter(
                charts.areas_spec(ids, first, second, (before.label, f"{period.label} so far"))
            )
            alt = (
                "; ".join(
                    f"{a}: {x} then, {y} now" for a, x, y in zip(ids, first, second, strict=True)
                )
                + "."
            )
            blocks.append(
                Figure(
                    png,
                    f"Figure 2. Scrutiny activity per area, {before.label} and {period.label} so far",
                    alt,
                )
            )
        return blocks


def _said(item: Item) -> str:
    last = item.last_response
    if last is None:
        return "No response recorded."
    by = f", {last.by}" if last.by else ""
    return f"{long_date(last.date)}{by}: {shorten(last.said, SAID)}"


def _change(change: Change) -> str:
    title = change.title
    if change.type == "raised":
        owner = f" (owner: {change.detail})" if change.detail else ""
        return f"{change.id}, {title}: new {change.kind}{owner}."
    if change.type in ("status", "reopened"):
        word = "reopened" if change.type == "reopened" else "moved"
        when = f" on {long_date(change.date)}" if change.date else ""
        by = f" ({change.detail})" if change.detail else ""
        return f"{change.id}, {title}: {word} from {change.before} to {change.after}{when}{by}."
    if change.type == "due":
        why = f" Reason given: {shorten(change.detail, SAID)}" if change.detail else ""
        return (
            f"{change.id}, {title}: due date moved from {_day(change.before) or 'none'} to "
            f"{_day(change.after)}.{why}"
        )
    return f"{change.id}, {title}: now overdue (due {_day(change.after)})."


def _day(iso: str | None) -> str:
    return long_date(dt.date.fromisoformat(iso)) if iso else ""
