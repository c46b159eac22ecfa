"""Build a period's report (sections 6 and 7) from the corpus and the ledger."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from scrutiny.corpus import Corpus
from scrutiny.ledger import Item, Ledger, fold
from scrutiny.notes import Note, Recommendation, Voice
from scrutiny.periods import Period
from scrutiny.report import body
from scrutiny.report.model import (
    Block,
    BulletList,
    Document,
    Heading,
    ListItem,
    Paragraph,
    Section,
    Span,
    Subsection,
    Table,
)
from scrutiny.report.wording import Wording, activity_sentence
from scrutiny.words import long_date, month_year


def body_blocks(note: Note) -> list[Block]:
    """A note's body as blocks (Markdown read properly), each naming the note as its source."""
    return body.parse(note.body, note.id)


def body_text(note: Note) -> str:
    """A note's body as plain text on one line (emphasis dropped, list items joined)."""
    return body.spans_text(body.as_one(body_blocks(note)))


@dataclass
class Builder:
    """Builds the document model for one period of one workspace, as of a date.

    ``as_of`` is the date the report speaks from: the period's last day for a period
    that has ended, else the day it is made (today, or ``--as-of``). Notes dated after
    it are not used, so a report made during a period says what was known then.
    """

    corpus: Corpus
    period: Period
    draft: bool = False
    as_of: dt.date | None = None
    #: What the person asking should know about this report (empty period, unfinished).
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        today = self.as_of or dt.date.today()
        self.date = min(self.period.end, today)
        self.ended = self.date >= self.period.end
        self.settings = self.corpus.workspace.settings
        self.say = Wording(self.corpus.workspace.root)
        # Restricted notes are left out before anything else happens, so nothing built from
        # them (text, counts, statuses, response titles) can reach the output.
        self.public = [n for n in self.corpus.notes if not n.restricted and n.date <= self.date]
        self.in_period = [n for n in self.public if self.period.contains(n.date)]
        self.period_from = month_year(self.period.start)
        self.period_to = month_year(self.period.end) if self.ended else long_date(self.date)
        #: "the end of September 2026", or "the date of this report (2 December 2026)".
        self.at = self.say("status_date", self.ended, self.period_to)
        number = self.settings.report.commentary_section
        #: The subsection number of each framework area (``6.1``).
        self.numbers = {
            area.id: f"{number}.{i}"
            for i, area in enumerate(self.corpus.workspace.framework.areas, start=1)
        }

    @cached_property
    def ledger(self) -> Ledger:
        """Every item as of the report's date."""
        return fold(self.public, self.date, self.period.start_month)

    def build(self, sections: str = "all") -> Document:
        """The document with section 6, section 7 or both."""
        from scrutiny.report import progress

        name = self.corpus.name
        report = self.settings.report
        doc = Document(
            self.say("report_title", name, self.period.label),
            draft=self.draft,
            author=name,
            language=report.language,
            paper=report.paper,
        )
        self._warn()
        if sections in ("6", "all"):
            doc.sections.append(self.commentary())
        if sections in ("7", "all"):
            doc.sections.append(progress.risks_section(self))
        doc.note_paths = {i: self.corpus.by_id[i].path for i in doc.source_ids()}
        doc.warnings = list(self.warnings)
        return doc

    def _warn(self) -> None:
        label = self.period.label
        if not self.in_period:
            self.warnings.append(
                f"no notes are dated in {label} up to {self.date}; the report has nothing to say "
                "for it (is the period right?)"
            )
        if not self.ended:
            self.warnings.append(
                f"{label} runs to {self.period.end}: the report describes it as at {self.date}"
            )

    # -- section 6 ---------------------------------------------------------------------

    def commentary(self) -> Section:
        from scrutiny.report import progress

        number = self.settings.report.commentary_section
        name = self.corpus.name
        intro = self.say(
            "commentary_intro", name, self.period_from, self.period_to, bool(self.in_period)
        )
        section = Section(
            Heading(1, self.say("commentary_heading", number, name)), [Paragraph(intro)]
        )
        if self.settings.report.judgement_table:
            section.blocks.extend(self.judgements())
        areas = self.corpus.workspace.framework.areas
        for index, area in enumerate(areas, start=1):
            where = f"{number}.{index}"
            heading = Heading(2, self.say("area_heading", number, index, area.title))
            section.subsections.append(Subsection(heading, self.area_blocks(area.id, where)))
        section.subsections.append(progress.recommendations(self, number, len(areas) + 1))
        return section

    def judgements(self) -> list[Block]:
        """Findings by area and lens (whose experience they speak to), with their judgements."""
        from scrutiny.notes import LENSES, Finding

        found = [n for n in self.in_period if isinstance(n, Finding)]
        if not found:
            return []
        header = self.say("judgement_header").split("|")
        table = Table(header, [], [], [n.id for n in found], shares=(0.31, 0.23, 0.23, 0.23))
        for index, area in enumerate(self.corpus.workspace.framework.areas, start=1):
            cells = []
            for lens in LENSES:
                counts = Counter(
                    n.judgement or "neutral" for n in found if area.id in n.areas and lens in n.lens
                )
                cells.append(self.say("judgement_cell", dict(counts)))
            number = self.settings.report.commentary_section
            table.rows.append([f"{number}.{index}. {area.title}", *cells])
            table.row_sources.append([n.id for n in found if area.id in n.areas])
        return [Paragraph(self.say("judgement_intro")), table]

    def _of(self, kind: str, area: str) -> list[Note]:
        return [n for n in self.in_period if n.kind == kind and area in n.areas]

    def area_blocks(self, area: str, where: str) -> list[Block]:
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
            blocks.extend(self.once(activities, where))
        if findings:
            blocks.append(Heading(3, self.say("findings_heading")))
            blocks.extend(self.once(findings, where))
        voices = [n for n in self._of("voice", area) if isinstance(n, Voice)]
        if voices:
            blocks.append(Heading(3, self.say("voices_heading", len(voices))))
            blocks.extend(self.once(voices, where))
        for audience, macro in (
            ("partnership", "recommendations_heading"),
            ("scrutiny", "ongoing_heading"),
        ):
            chosen = [r for r in recs if r.for_ == audience]
            if chosen:
                blocks.append(Heading(3, self.say(macro, len(chosen))))
                items = [self.recommendation_item(r, where) for r in chosen]
                blocks.append(BulletList(items, [r.id for r in chosen]))
        if not blocks and self.draft:
            blocks.append(Paragraph(self.say("no_evidence"), flagged=True))
        return blocks

    def home(self, note: Note) -> str:
        """Where a note on several areas is printed in full: the first area it names (its
        writer's main one); under its other areas it is referred to."""
        return next((self.numbers[a] for a in note.areas if a in self.numbers), "")

    def once(self, notes: Sequence[Note], where: str) -> list[Block]:
        """The notes' bodies, each printed in full under its own area; elsewhere, a reference."""
        blocks: list[Block] = []
        elsewhere: dict[str, list[Note]] = {}
        for note in notes:
            first = self.home(note)
            if first == where and isinstance(note, Voice):
                blocks.extend(self.voice_blocks(note))
            elif first == where:
                blocks.extend(body_blocks(note))
            else:
                elsewhere.setdefault(first, []).append(note)
        for first, referred in elsewhere.items():
            titles = [self.say("note_reference", n.title, long_date(n.date)) for n in referred]
            text = self.say("described_under", first, titles, referred[0].kind, len(referred))
            blocks.append(Paragraph(text, [n.id for n in referred]))
        return blocks

    def voice_blocks(self, voice: Voice) -> list[Block]:
        """What was said, as a quotation, then who said it as far as their consent allows."""
        blocks: list[Block] = []
        for block in body_blocks(voice):
            if isinstance(block, Paragraph | BulletList):
                block.quote = True
            blocks.append(block)
        said = self.say(
            "voice_attribution",
            voice.group,
            voice.collected or "",
            voice.consent,
            long_date(voice.date),
        )
        if said:
            blocks.append(Paragraph(said, [voice.id]))
        for answer in self.answers.get(voice.id, []):
            text = body_text(answer) or answer.title
            by = getattr(answer, "by", None) or getattr(answer, "owner", None) or ""
            blocks.append(
                Paragraph(
                    self.say("you_said_we_did", long_date(answer.date), by, text), [answer.id]
                )
            )
        return blocks

    @cached_property
    def answers(self) -> dict[str, list[Note]]:
        """Responses, actions and recommendations that cite a voice: what was done about it."""
        found: dict[str, list[Note]] = {}
        for note in self.public:
            if note.kind in ("response", "action", "recommendation"):
                for cited in note.evidence:
                    found.setdefault(cited, []).append(note)
        return found

    def recommendation_item(self, rec: Recommendation, where: str) -> ListItem:
        """One recommendation as published: id, text, owner and due date, and how it ended."""
        show_id = self.settings.report.recommendation_ids
        spans: list[Span] = []
        if show_id:
            spans += [Span(self.say("recommendation_label", rec.id), bold=True), Span(" ")]
        first = self.home(rec)
        if first != where:
            spans.append(Span(self.say("recommendation_see", rec.title, first)))
            spans = body.merge(spans)
            return ListItem(body.spans_text(spans), [rec.id], spans=spans)
        spans.extend(body.as_one(body_blocks(rec)) or [Span(rec.title)])
        item: Item | None = self.ledger.items.get(rec.id)
        status = item.status if item is not None else "open"
        due = item.due if item is not None else rec.due
        meta = self.say(
            "recommendation_meta",
            rec.owner or "",
            long_date(due) if due else "",
            status,
            self.say("status_word", status),
            self.progress_ref(),
        )
        if meta:
            spans.append(Span(" " + meta, italic=True))
        spans = body.merge(spans)
        return ListItem(body.spans_text(spans), [rec.id], spans=spans)

    def progress_ref(self) -> str:
        """The number of the progress subsection (``6.7``), known before it is built."""
        number = self.settings.report.commentary_section
        return f"{number}.{len(self.corpus.workspace.framework.areas) + 1}"


def build(
    corpus: Corpus,
    period: Period,
    *,
    sections: str = "all",
    draft: bool = False,
    as_of: dt.date | None = None,
) -> Document:
    """The report for ``period``: section 6 (commentary), 7 (risks) or both.

    ``as_of`` (default today) dates a report made before the period ended; the
    document's ``warnings`` say when the period is empty or not yet over.
    """
    return Builder(corpus, period, draft=draft, as_of=as_of).build(sections)
