"""What became of things: the progress table of section 6, and section 7's risks and their outcomes.

Every outcome is reported. The progress table holds the recommendations carried into the
period and those that ended in it (closed, not accepted with the partnership's reason,
superseded and by which). Section 7 lists only risks still open at the report's date, and
its last subsection tells what became of the risks monitored over the period.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from scrutiny.ledger import Item
from scrutiny.notes import Risk
from scrutiny.report.model import (
    BulletList,
    Heading,
    ListItem,
    Paragraph,
    Section,
    Subsection,
    Table,
)
from scrutiny.words import long_date, month_year

if TYPE_CHECKING:
    from scrutiny.report.build import Builder


def _said(builder: Builder, item: Item) -> tuple[str, list[str]]:
    """The latest response in the partnership's own words (date, who, what), and its note."""
    from scrutiny.report.build import body_text

    last = item.last_response
    if last is None:
        return builder.say("no_response"), []
    note = builder.corpus.by_id.get(last.note)
    text = (body_text(note) if note is not None else "") or last.title
    return builder.say("latest_response", long_date(last.date), last.by or "", text), [last.note]


def superseded_by(builder: Builder, item: Item) -> list[str]:
    """The recommendations that took ``item``'s place: named by the response that
    superseded it, or citing it as evidence."""
    last = item.last_response
    found: list[str] = []
    if last is not None and (note := builder.corpus.by_id.get(last.note)) is not None:
        found.extend(i for i in [*getattr(note, "responds_to", []), *note.evidence])
    found.extend(
        n.id for n in builder.public if n.kind == "recommendation" and item.id in n.evidence
    )
    recs = builder.ledger.items
    return [
        i for i in dict.fromkeys(found) if i != item.id and i in recs and recs[i].kind == item.kind
    ]


def _status(builder: Builder, item: Item) -> str:
    word = builder.say("status_word", item.status)
    if item.status == "superseded":
        return builder.say("superseded_status", word, superseded_by(builder, item))
    return word


def _table(builder: Builder, items: list[Item], noun: str) -> Table:
    header = builder.say("progress_header", noun).split("|")
    table = Table(header, [], [], [i.id for i in items])
    for item in items:
        now = builder.ledger.items[item.id]
        latest, sources = _said(builder, now)
        table.rows.append([item.id, item.note.title, _status(builder, now), latest])
        table.row_sources.append([item.id, *sources])
    return table


def outcomes(builder: Builder, kind: str) -> tuple[list[Item], list[Item]]:
    """Items of ``kind`` carried into the period (open at its start), and those raised in it
    that were no longer open at the report's date; each as of the report's date."""
    before = builder.period.start - dt.timedelta(days=1)
    carried = [i for i in builder.ledger.of_kind(kind) if i.open_on(before)]
    carried_ids = {i.id for i in carried}
    ended = [
        i
        for i in builder.ledger.of_kind(kind)
        if i.id not in carried_ids and builder.period.contains(i.raised) and not i.is_open
    ]
    order = sorted([*carried, *ended], key=lambda i: (i.raised, i.id))
    now = builder.ledger.items
    return [now[i.id] for i in order if i.id in carried_ids], [
        now[i.id] for i in order if i.id not in carried_ids
    ]


def _ends(builder: Builder, ended: list[Item]) -> list[tuple[str, int]]:
    """How the items ended, as ("not accepted", 1) pairs in lifecycle order."""
    from collections import Counter

    counts = Counter(i.status for i in ended)
    return [(builder.say("status_word", s).lower(), counts[s]) for s in sorted(counts, key=_rank)]


def _rank(status: str) -> int:
    from scrutiny.notes import ALL_STATUSES

    return ALL_STATUSES.index(status) if status in ALL_STATUSES else len(ALL_STATUSES)


def recommendations(builder: Builder, number: int, index: int) -> Subsection:
    """``6.7. Progress on previous recommendations``: what became of each."""
    say = builder.say
    sub = Subsection(Heading(2, say("progress_heading", number, index)))
    carried, ended = outcomes(builder, "recommendation")
    if not carried and not ended:
        sub.blocks.append(Paragraph(say("progress_none", builder.period_from)))
        return sub
    sub.blocks.append(
        Paragraph(
            say(
                "progress_intro",
                len(carried),
                _ends(builder, ended),
                builder.period_from,
                builder.at,
            )
        )
    )
    sub.blocks.append(_table(builder, [*carried, *ended], "recommendation"))
    return sub


def risks_section(builder: Builder) -> Section:
    """Section 7: the risks still open at the report's date, then what became of the others."""
    from scrutiny.report.build import body_blocks

    say = builder.say
    number = builder.settings.report.risks_section
    following = builder.period.next()
    open_now = [
        i.note
        for i in builder.ledger.of_kind("risk")
        if builder.period.contains(i.raised) and i.is_open and isinstance(i.note, Risk)
    ]
    strategic = [r for r in open_now if r.category == "strategic"]
    operational = [r for r in open_now if r.category == "operational"]
    heading = say("risks_heading", number, month_year(following.start), month_year(following.end))
    section = Section(
        Heading(1, heading), [Paragraph(say("risks_intro", len(strategic), len(operational)))]
    )
    for index, risk in enumerate(strategic, start=1):
        sub = Subsection(Heading(2, say("risk_heading", number, index, risk.title), [risk.id]))
        sub.blocks.extend(body_blocks(risk))
        status = builder.ledger.items[risk.id].status
        if status != "monitoring":
            sub.blocks.append(
                Paragraph(say("risk_status", say("status_word", status), builder.at), [risk.id])
            )
        section.subsections.append(sub)
    sub = Subsection(Heading(2, say("operational_heading", number, len(strategic) + 1)))
    if operational:
        items = [
            ListItem(say("operational_item", r.title, _first_paragraph(r)), [r.id])
            for r in operational
        ]
        sub.blocks.append(BulletList(items, [r.id for r in operational]))
    else:
        sub.blocks.append(Paragraph(say("operational_none")))
    section.subsections.append(sub)
    carried, ended = outcomes(builder, "risk")
    if carried or ended:
        sub = Subsection(Heading(2, say("risk_progress_heading", number, len(strategic) + 2)))
        sub.blocks.append(
            Paragraph(
                say(
                    "risk_progress_intro",
                    len(carried),
                    _ends(builder, ended),
                    builder.period_from,
                    builder.at,
                )
            )
        )
        sub.blocks.append(_table(builder, [*carried, *ended], "risk"))
        section.subsections.append(sub)
    return section


def _first_paragraph(risk: Risk) -> str:
    from scrutiny.report.build import body_blocks

    for block in body_blocks(risk):
        if isinstance(block, Paragraph):
            return block.text
        if isinstance(block, BulletList):
            return "; ".join(i.text for i in block.items)
    return ""
