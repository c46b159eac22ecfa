"""The document model of a generated report: sections, subsections and blocks with their sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A run of inline text with its emphasis; ``link`` is an http(s) or mailto address."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


def plain_spans(text: str) -> list[Span]:
    """Text with no emphasis, as spans."""
    return [Span(text)] if text else []


@dataclass
class Heading:
    """A heading; level 1 is a section, 2 a subsection, 3 a part of one (e.g. *Findings*)."""

    level: int
    text: str
    sources: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    """A paragraph; ``flagged`` marks a draft-only warning to the scrutineer.

    ``text`` is what a reader sees, as plain text; ``spans`` the same text with its
    emphasis and links when it came from a note's Markdown (empty: ``text`` is plain).
    ``quote`` marks a paragraph of a block quote.
    """

    text: str
    sources: list[str] = field(default_factory=list)
    flagged: bool = False
    spans: list[Span] = field(default_factory=list)
    quote: bool = False

    def inline(self) -> list[Span]:
        """The paragraph as spans (one plain span when it has no emphasis)."""
        return self.spans or plain_spans(self.text)


@dataclass
class ListItem:
    """One item of a list, as plain text and (when it came from Markdown) spans."""

    text: str
    sources: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def inline(self) -> list[Span]:
        """The item as spans (one plain span when it has no emphasis)."""
        return self.spans or plain_spans(self.text)


@dataclass
class BulletList:
    """A list: bulleted, or numbered from 1 when ``ordered``; ``quote`` when in a block quote."""

    items: list[ListItem]
    sources: list[str] = field(default_factory=list)
    ordered: bool = False
    quote: bool = False


@dataclass
class Table:
    """A table with a header row; ``row_sources[i]`` are the notes behind row ``i``."""

    header: list[str]
    rows: list[list[str]]
    row_sources: list[list[str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    #: Each column's share of the page width in print (empty: the renderer decides).
    shares: tuple[float, ...] = ()


@dataclass
class Figure:
    """A chart, with a caption and a text description of what it shows (the numbers, for a
    reader who cannot see it and for the Markdown output). ``draw`` gives its PNG bytes and
    is called only by a renderer that shows the picture, so Markdown never draws it."""

    draw: Callable[[], bytes]
    caption: str
    alt: str
    sources: list[str] = field(default_factory=list)

    @property
    def png(self) -> bytes:
        return self.draw()


Block = Heading | Paragraph | BulletList | Table | Figure


@dataclass
class Subsection:
    """A numbered subsection (``6.1.``) and its blocks."""

    heading: Heading
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Section:
    """A numbered section (``6.``): its heading, opening blocks and subsections."""

    heading: Heading
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Subsection] = field(default_factory=list)


@dataclass
class Document:
    """A report for one period; ``note_paths`` maps every note id used to its file."""

    title: str
    sections: list[Section] = field(default_factory=list)
    draft: bool = False
    note_paths: dict[str, str] = field(default_factory=dict)
    #: The partnership, named as the author of a Word file.
    author: str = ""
    #: A BCP 47 language tag (``en-GB``): Word's spelling language, HTML's ``lang``.
    language: str = "en-GB"
    #: ``A4`` or ``letter``: the Word page, when no reference document gives one.
    paper: str = "A4"
    #: What the person making the report should know (an empty or unfinished period).
    warnings: list[str] = field(default_factory=list)

    def blocks(self) -> Iterator[Block]:
        """Every block in reading order, headings included."""
        for section in self.sections:
            yield section.heading
            yield from section.blocks
            for sub in section.subsections:
                yield sub.heading
                yield from sub.blocks

    def source_ids(self) -> list[str]:
        """Every note id the document rests on, in order of first use."""
        seen: dict[str, None] = {}
        for block in self.blocks():
            seen.update(dict.fromkeys(block.sources))
            if isinstance(block, BulletList):
                for item in block.items:
                    seen.update(dict.fromkeys(item.sources))
            if isinstance(block, Table):
                for row in block.row_sources:
                    seen.update(dict.fromkeys(row))
        return list(seen)

    def plain_text(self) -> str:
        """All the text a reader would see, one block per line (for publication checks)."""
        lines: list[str] = [self.title]
        for block in self.blocks():
            if isinstance(block, Heading):
                lines.append(block.text)
            elif isinstance(block, Paragraph):
                lines.append(block.text + _link_text(block.spans))
            elif isinstance(block, BulletList):
                lines.extend(item.text + _link_text(item.spans) for item in block.items)
            elif isinstance(block, Figure):
                lines.extend((block.caption, block.alt))
            else:
                lines.append(" | ".join(block.header))
                lines.extend(" | ".join(row) for row in block.rows)
        return "\n".join(lines)


def _link_text(spans: list[Span]) -> str:
    """The addresses of a block's links, which a published file carries too."""
    links = [s.link for s in spans if s.link]
    return "".join(f" {link}" for link in links)
