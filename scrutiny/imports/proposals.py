"""Recommendations and risks found in a report's blocks, with their area and source.

The scrutiny section (``6. Independent scrutiny of …``) has a numbered subsection per
framework area; under it, the bullets (or, with none, the paragraphs) after a
*Recommendations* heading are for the partnership, after *Recommendations for ongoing
scrutiny* for scrutiny, and a paragraph starting ``Recommendation:`` is one too. The
risks section (``7. Potential risks …``) has a numbered subsection per strategic risk,
then *Operational activity* bullets. Progress tables are not read: they are not new.

A report scrutiny generated prints ids, owners and due dates, and a recommendation on
several areas in full once and as ``REC-10: Title (see 6.1).`` elsewhere: the ids are
kept, owner and due read back, and a pointer adds its area to the one printed in full.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from scrutiny.frameworks import Framework
from scrutiny.imports.document import SENTENCE_END, Block, numbered

#: The heading over recommendations, and whom they are for.
REC_HEADING = re.compile(r"^recommendations?( for ongoing scrutiny)?:?$", re.IGNORECASE)
#: A paragraph in the older style of board reports.
REC_PARAGRAPH = re.compile(r"^\**recommendation\**\s*(?:\d+\s*)?[:.]\**\s*", re.IGNORECASE)
#: An id as scrutiny prints it before a recommendation: ``REC-04:`` (bold in Markdown).
PRINTED_ID = re.compile(r"^(?:\*\*)?([A-Z][A-Z0-9]*-\d[0-9A-Za-z.]*):(?:\*\*)?\s+")
#: A recommendation printed in full under another area.
POINTER = re.compile(r"^(.+) \(see (\d+(?:\.\d+)*)\)\.$")
#: What scrutiny prints after a recommendation: owner, due date, an ended status.
TRAILER = re.compile(
    r"\s*\*?(?:Owner: (?P<owner>.+?)\.)?(?: ?Due by (?P<due>\d{1,2} [A-Z][a-z]+ \d{4})\.)?"
    r"(?: ?(?:Not accepted|Superseded|Closed|Implemented): see \d+(?:\.\d+)*\.)?\*?$"
)
#: A generated strategic risk's status line (escalated, realised): not part of its text.
RISK_STATUS = re.compile(r"^Status at .+: [a-z]+\.$")
#: A reporting period as a report's title states it.
MONTHS = "|".join(calendar.month_name[1:])
SPAN = re.compile(rf"\b({MONTHS}) (\d{{4}})\s*(?:[-–—]|to|and)\s*({MONTHS}) (\d{{4}})\b")


@dataclass
class Proposal:
    """One recommendation or risk the report makes, as it would become a note."""

    kind: str  # recommendation or risk
    text: str
    where: str  # the heading and place it was read from
    heading: str = ""  # the area heading it sits under (recommendations)
    id: str | None = None  # as printed
    title: str = ""
    areas: list[str] = field(default_factory=list)
    audience: str | None = None  # partnership or scrutiny
    category: str | None = None  # strategic or operational
    owner: str | None = None
    due: dt.date | None = None


@dataclass
class Found:
    """What a report holds: its proposals, pointers that named no printed id, its period."""

    proposals: list[Proposal]
    unmatched: list[str]
    period_end: dt.date | None


def match_area(heading: str, framework: Framework, cutoff: float = 0.6) -> str | None:
    """The framework area whose title the heading is, give or take a few words."""
    words = _words(heading)
    best, score = None, cutoff
    for area in framework.areas:
        ratio = SequenceMatcher(None, words, _words(area.title)).ratio()
        if ratio >= score or heading.strip().casefold() == area.id:
            best, score = area.id, ratio
    return best


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def period_end(blocks: list[Block]) -> dt.date | None:
    """The last day of the first span of months the report states (its title's period)."""
    for block in blocks:
        span = SPAN.search(block.text)
        if span:
            month = list(calendar.month_name).index(span.group(3))
            year = int(span.group(4))
            return dt.date(year, month, calendar.monthrange(year, month)[1])
    return None


def _scrutiny_heading(text: str) -> bool:
    return bool(re.search(r"\bindependent scrutiny of\b", text, re.IGNORECASE))


def _risks_heading(text: str) -> bool:
    return bool(re.search(r"\brisks?\b", text, re.IGNORECASE))


def find(blocks: list[Block], framework: Framework, source: str) -> Found:  # noqa: C901
    """Every recommendation and risk in the report's scrutiny and risks sections.

    One pass over the blocks, as a reader goes: which section, which area, which list
    the text is in. Kept whole (over the complexity limit) so that state is in one place.
    """
    heads = [numbered(b.text) for b in blocks if b.kind == "heading"]
    has_section = any(h and len(h[0]) == 1 and _scrutiny_heading(h[1]) for h in heads)
    # Without a scrutiny section (an older board report) the whole document is read.
    part = "other" if has_section else "commentary"
    proposals: list[Proposal] = []
    unmatched: list[str] = []
    by_id: dict[str, Proposal] = {}
    pointers: list[Proposal] = []
    area_heading = ""
    number = ""
    context: str | None = None  # partnership / scrutiny (recommendations), risk modes
    items_seen = False
    risk: Proposal | None = None

    def place(block: Block, label: str) -> str:
        return f"{source}, {label}, {block.where}"

    for block in blocks:
        text = block.text
        head = numbered(text) if block.kind == "heading" else None
        if head and len(head[0]) == 1:
            part = (
                "commentary"
                if _scrutiny_heading(head[1])
                else "risks"
                if part == "commentary" and _risks_heading(head[1])
                else "other"
            )
            context, risk, items_seen, area_heading, number = None, None, False, "", ""
            continue
        if part == "other":
            continue
        if block.kind == "heading":
            context, items_seen = _heading(head, text, part, context), False
            if head and len(head[0]) == 2:
                number = ".".join(map(str, head[0]))
                area_heading = head[1]
                risk = None
                if part == "risks" and context == "strategic":
                    risk = Proposal("risk", "", place(block, number), title=head[1])
                    risk.category = "strategic"
                    proposals.append(risk)
            continue
        if part == "risks":
            if risk is not None and not RISK_STATUS.match(text):
                risk.text = _append(risk.text, text, item=block.kind == "item")
            elif context == "operational" and block.kind == "item":
                title, body = _operational(text)
                proposals.append(
                    Proposal(
                        "risk",
                        body,
                        place(block, f"{number} Operational activity"),
                        title=title,
                        category="operational",
                    )
                )
            continue
        # the scrutiny section
        older = REC_PARAGRAPH.match(text) if block.kind == "para" else None
        if older:
            audience = "partnership"
            text = text[older.end() :]
            where = place(block, f"{number} {area_heading}".strip())
        elif context in ("partnership", "scrutiny"):
            if block.kind == "para" and items_seen:
                continue  # a remark after the list, not a recommendation
            items_seen = items_seen or block.kind == "item"
            audience = context
            label = "Recommendations" + (" for ongoing scrutiny" if context == "scrutiny" else "")
            where = place(block, f"{number} {label}".strip())
        else:
            continue
        proposal = _recommendation(text, where, area_heading, audience, framework)
        if proposal.id and POINTER.match(proposal.text):
            pointers.append(proposal)
            continue
        if proposal.id:
            by_id[proposal.id] = proposal
        proposals.append(proposal)
    for pointer in pointers:
        # printed in full under the area it names first, referred to under the others
        printed = by_id.get(pointer.id or "")
        if printed is None:
            unmatched.append(f"{pointer.id} ({pointer.where}): not printed in full in this report")
            continue
        printed.areas.extend(a for a in pointer.areas if a not in printed.areas)
        printed.title = printed.title or pointer.title
    for proposal in proposals:
        proposal.title = proposal.title or _title(proposal.text)
    return Found(proposals, unmatched, period_end(blocks))


def _append(text: str, more: str, *, item: bool) -> str:
    """A risk's text with one more paragraph or list item, as Markdown."""
    if not item:
        return f"{text}\n\n{more}".strip()
    joiner = "\n" if text.rsplit("\n", 1)[-1].startswith("- ") else "\n\n"
    return f"{text}{joiner}- {more}".strip()


def _heading(
    head: tuple[list[int], str] | None, text: str, part: str, context: str | None
) -> str | None:
    """The reading context after a heading: whom recommendations are for, or a risk mode."""
    title = head[1] if head else text
    if part == "risks":
        if re.match(r"^operational\b", title, re.IGNORECASE):
            return "operational"
        if re.match(r"^progress\b", title, re.IGNORECASE):
            return None
        return "strategic" if head and len(head[0]) == 2 else context
    rec = REC_HEADING.match(title.strip())
    if rec:
        return "scrutiny" if rec.group(1) else "partnership"
    return None


def _operational(text: str) -> tuple[str, str]:
    """``Title: text`` as scrutiny prints an operational risk, or a bullet that is its title."""
    head, sep, rest = text.partition(": ")
    if sep and len(head) <= 120 and not SENTENCE_END.search(head) and rest[:1].isupper():
        return head, rest
    return _title(text), text


def _title(text: str) -> str:
    from scrutiny.plan.importer import title_of

    return title_of(text)


def _recommendation(
    text: str, where: str, heading: str, audience: str, framework: Framework
) -> Proposal:
    proposal = Proposal("recommendation", text, where, heading=heading, audience=audience)
    area = match_area(heading, framework) if heading else None
    proposal.areas = [area] if area else []
    printed = PRINTED_ID.match(text)
    if not printed:
        return proposal
    proposal.id = printed.group(1)
    rest = text[printed.end() :]
    pointer = POINTER.match(rest)
    if pointer:
        proposal.text, proposal.title = rest, pointer.group(1)
        return proposal
    trailer = TRAILER.search(rest)
    if trailer and trailer.group(0).strip(" *"):
        rest = rest[: trailer.start()]
        proposal.owner = trailer.group("owner")
        if trailer.group("due"):
            proposal.due = dt.datetime.strptime(trailer.group("due"), "%d %B %Y").date()
    proposal.text = rest.strip()
    return proposal
