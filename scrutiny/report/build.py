"""Build a period's report (sections 6 and 7) from the corpus and the ledger."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence

from scrutiny.corpus import Corpus
from scrutiny.ledger import carried_forward, fold
from scrutiny.notes import Note, Recommendation, Risk
from scrutiny.periods import Period
from scrutiny.report.model import (
    Block,
    BulletList,
    Document,
    Heading,
    ListItem,
    Paragraph,
    Section,
    Subsection,
    Table,
)
from scrutiny.report.wording import Wording, activity_sentence

_BULLET = re.compile(r"^\s*[-*+]\s+")


def month_year(day: dt.date) -> str:
    """``October 2024``."""
    return f"{calendar.month_name[day.month]} {day.year}"


def long_date(day: dt.date) -> str:
    """``22 April 2025``."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def body_paragraphs(body: str) -> list[str | list[str]]:
    """A Markdown body as paragraphs (one line each) and bullet lists (lists of lines)."""
    parts: list[str | list[str]] = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            parts.append([_BULLET.sub("", line) for line in lines])
        else:
            parts.append(" ".join(line.lstrip("#").strip() for line in lines))
    return parts


def body_blocks(note: Note) -> list[Block]:
    """A note's body as blocks, each naming the note as its source."""
    blocks: list[Block] = []
    for part in body_paragraphs(note.body):
        if isinstance(part, list):
            blocks.append(BulletList([ListItem(t, [note.id]) for t in part], [note.id]))
        else:
            blocks.append(Paragraph(part, [note.id]))
    return blocks


def one_paragraph(body: str) -> str:
    """A body as one line, for a bullet: paragraphs joined, list items run on."""
    flat = [p if isinstance(p, str) else "; ".join(p) for p in body_paragraphs(body)]
    return " ".join(flat)


class Builder:
    """Builds the document model for one period of one workspace."""

    def __init__(self, corpus: Corpus, period: Period, *, draft: bool = False) -> None:
        self.corpus = corpus
        self.period = period
        self.draft = draft
        self.settings = corpus.workspace.settings
        self.say = Wording(corpus.workspace.root)
        # Restricted notes are left out before anything else happens, so nothing built from
        # them (text, counts, statuses, response titles) can reach the output.
        self.public = [n for n in corpus.notes if not n.restricted]
        self.in_period = [n for n in self.public if period.contains(n.date)]
        self.period_from = month_year(period.start)
        self.period_to = month_year(period.end)

    def build(self, sections: str = "all") -> Document:
        """The document with section 6, section 7 or both."""
        name = self.settings.name
        doc = Document(self.say("report_title", name, self.period.label), draft=self.draft)
        if sections in ("6", "all"):
            doc.sections.append(self.commentary())
        if sections in ("7", "all"):
            doc.sections.append(self.risks())
        doc.note_paths = {i: self.corpus.by_id[i].path for i in doc.source_ids()}
        return doc

    # -- section 6 ---------------------------------------------------------------------

    def commentary(self) -> Section:
        number = self.settings.report.commentary_section
        name = self.settings.name
        section = Section(
            Heading(1, self.say("commentary_heading", number, name)),
            [Paragraph(self.say("commentary_intro", name, self.period_from, self.period_to))],
        )
        areas = self.corpus.workspace.framework.areas
        for index, area in enumerate(areas, start=1):
            heading = Heading(2, self.say("area_heading", number, index, area.title))
            section.subsections.append(Subsection(heading, self.area_blocks(area.id)))
        section.subsections.append(self.progress(number, len(areas) + 1))
        return section

    def _of(self, kind: str, area: str) -> list[Note]:
        return [n for n in self.in_period if n.kind == kind and area in n.areas]

    def area_blocks(self, area: str) -> list[Block]:
        """Activity, findings and recommendations for one area, only where there is content."""
        blocks: list[Block] = []
        activities = self._of("activity", area)
        findings = self._of("finding", area)
        recs = [n for n in self._of("recommendation", area) if isinstance(n, Recommendation)]
        if activities:
            counts = Counter(str(getattr(n, "source", "other")) for n in activities)
            sentence = activity_sentence(counts, self.period_from, self.period_to, self.say)
            blocks.append(Heading(3, self.say("activity_heading")))
            blocks.append(Paragraph(sentence, [n.id for n in activities]))
            for note in activities:
                blocks.extend(body_blocks(note))
        if findings:
            blocks.append(Heading(3, self.say("findings_heading")))
            for note in findings:
                blocks.extend(body_blocks(note))
        for audience, macro in (
            ("partnership", "recommendations_heading"),
            ("scrutiny", "ongoing_heading"),
        ):
            chosen = [r for r in recs if r.for_ == audience]
            if chosen:
                blocks.append(Heading(3, self.say(macro, len(chosen))))
                items = [ListItem(one_paragraph(r.body) or r.title, [r.id]) for r in chosen]
                blocks.append(BulletList(items, [r.id for r in chosen]))
        if not blocks and self.draft:
            blocks.append(Paragraph(self.say("no_evidence"), flagged=True))
        return blocks

    def progress(self, number: int, index: int) -> Subsection:
        """The table of recommendations carried forward, with their state at the period's end."""
        sub = Subsection(Heading(2, self.say("progress_heading", number, index)))
        carried = carried_forward(self.public, self.period)
        if not carried:
            sub.blocks.append(Paragraph(self.say("progress_none", self.period_from)))
            return sub
        sub.blocks.append(
            Paragraph(self.say("progress_intro", len(carried), self.period_from, self.period_to))
        )
        at_end = fold(self.public, self.period.end, self.period.start_month)
        header = self.say("progress_header").split("|")
        table = Table(header, [], [], [i.id for i in carried])
        for item in carried:
            now = at_end.items[item.id]
            last = now.last_response
            latest = (
                self.say("latest_response", long_date(last.date), last.title)
                if last
                else self.say("no_response")
            )
            table.rows.append(
                [item.id, item.note.title, self.say("status_word", now.status), latest]
            )
            table.row_sources.append([item.id, *([last.note] if last else [])])
        sub.blocks.append(table)
        return sub

    # -- section 7 ---------------------------------------------------------------------

    def risks(self) -> Section:
        number = self.settings.report.risks_section
        following = self.period.next()
        raised: Sequence[Risk] = [n for n in self.in_period if isinstance(n, Risk)]
        strategic = [r for r in raised if r.category == "strategic"]
        operational = [r for r in raised if r.category == "operational"]
        section = Section(
            Heading(
                1,
                self.say(
                    "risks_heading", number, month_year(following.start), month_year(following.end)
                ),
            ),
            [Paragraph(self.say("risks_intro", len(strategic), len(operational)))],
        )
        for index, risk in enumerate(strategic, start=1):
            heading = Heading(2, self.say("risk_heading", number, index, risk.title), [risk.id])
            section.subsections.append(Subsection(heading, body_blocks(risk)))
        sub = Subsection(Heading(2, self.say("operational_heading", number, len(strategic) + 1)))
        if operational:
            items = [
                ListItem(self.say("operational_item", r.title, _first(r.body)), [r.id])
                for r in operational
            ]
            sub.blocks.append(BulletList(items, [r.id for r in operational]))
        else:
            sub.blocks.append(Paragraph(self.say("operational_none")))
        section.subsections.append(sub)
        return section


def _first(body: str) -> str:
    parts = body_paragraphs(body)
    if not parts:
        return ""
    first = parts[0]
    return first if isinstance(first, str) else "; ".join(first)


def build(
    corpus: Corpus, period: Period, *, sections: str = "all", draft: bool = False
) -> Document:
    """The report for ``period``: section 6 (commentary), 7 (risks) or both."""
    return Builder(corpus, period, draft=draft).build(sections)
