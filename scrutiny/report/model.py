"""The document model of a generated report: sections, subsections and blocks with their sources."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Heading:
    """A heading; level 1 is a section, 2 a subsection, 3 a part of one (e.g. *Findings*)."""

    level: int
    text: str
    sources: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    """A paragraph of text; ``flagged`` marks a draft-only warning to the scrutineer."""

    text: str
    sources: list[str] = field(default_factory=list)
    flagged: bool = False


@dataclass
class ListItem:
    """One bullet of a list."""

    text: str
    sources: list[str] = field(default_factory=list)


@dataclass
class BulletList:
    """A bulleted list."""

    items: list[ListItem]
    sources: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A table with a header row; ``row_sources[i]`` are the notes behind row ``i``."""

    header: list[str]
    rows: list[list[str]]
    row_sources: list[list[str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


Block = Heading | Paragraph | BulletList | Table


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
            if isinstance(block, Heading | Paragraph):
                lines.append(block.text)
            elif isinstance(block, BulletList):
                lines.extend(item.text for item in block.items)
            else:
                lines.append(" | ".join(block.header))
                lines.extend(" | ".join(row) for row in block.rows)
        return "\n".join(lines)
