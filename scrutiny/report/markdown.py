"""Render a report document as Markdown; drafts cite their notes as footnotes.

Text is escaped, so what a note said prints as it reads and never turns into markup; the
emphasis, links and lists a note's body had are written back as Markdown.
"""

from __future__ import annotations

import re

from scrutiny.report.model import Block, BulletList, Document, Figure, Heading, Paragraph, Span

_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")


def escape(text: str) -> str:
    """``text`` as Markdown that reads as the same characters, never as markup."""
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))


def _line(text: str) -> str:
    """A paragraph or list item that cannot start a heading, quote or list of its own."""

    def protect(match: re.Match[str]) -> str:
        if match.group(2):
            return f"{match.group(1)}\\{match.group(2)}"
        return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"

    return _LINE_START.sub(protect, text)


def _code(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _span(span: Span) -> str:
    if span.code:
        inner = _code(span.text)
    else:
        core = span.text.strip()
        if not core:
            return span.text
        lead = span.text[: len(span.text) - len(span.text.lstrip())]
        trail = span.text[len(span.text.rstrip()) :]
        mark = (
            "***"
            if span.bold and span.italic
            else "**"
            if span.bold
            else "*"
            if span.italic
            else ""
        )
        inner = f"{lead}{mark}{escape(core)}{mark}{trail}"
    if span.link:
        target = f"<{span.link}>" if re.search(r"[\s()<>]", span.link) else span.link
        return f"[{inner}]({target})"
    return inner


def inline(spans: list[Span]) -> str:
    """Spans as one line of Markdown."""
    return _line("".join(_span(s) for s in spans))


def _marks(doc: Document, sources: list[str]) -> str:
    if not doc.draft or not sources:
        return ""
    return " " + "".join(f"[^{s}]" for s in dict.fromkeys(sources))


def _cell(text: str) -> str:
    return escape(text).replace("\n", " ")


def _block(doc: Document, block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape(block.text)}"
    if isinstance(block, Paragraph):
        if block.flagged:
            return f"> **Draft:** {_line(escape(block.text))}"
        text = f"{inline(block.inline())}{_marks(doc, block.sources)}"
        return f"> {text}" if block.quote else text
    if isinstance(block, BulletList):
        lines = []
        for n, item in enumerate(block.items, start=1):
            bullet = f"{n}." if block.ordered else "-"
            line = f"{bullet} {inline(item.inline())}{_marks(doc, item.sources)}"
            lines.append(f"> {line}" if block.quote else line)
        return "\n".join(lines)
    if isinstance(block, Figure):
        return f"*{escape(block.caption)}* {_line(escape(block.alt))}"
    rows = [block.header, *block.rows]
    lines = []
    for n, row in enumerate(rows):
        cells = [_cell(c) for c in row]
        if doc.draft and n > 0 and n - 1 < len(block.row_sources):
            cells[0] += _marks(doc, block.row_sources[n - 1])
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append("|" + "|".join("---" for _ in row) + "|")
    return "\n".join(lines)


def render(doc: Document) -> str:
    """The document as Markdown text ending in a newline."""
    parts = [_block(doc, block) for block in doc.blocks()]
    if doc.draft:
        used = doc.source_ids()
        if used:
            parts.append("\n".join(f"[^{i}]: {doc.note_paths.get(i, i)}" for i in used))
    return "\n\n".join(parts) + "\n"
