"""Render a report document as Markdown; drafts cite their notes as footnotes."""

from __future__ import annotations

from scrutiny.report.model import Block, BulletList, Document, Heading, Paragraph


def _marks(doc: Document, sources: list[str]) -> str:
    if not doc.draft or not sources:
        return ""
    return "".join(f"[^{s}]" for s in dict.fromkeys(sources))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _block(doc: Document, block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {block.text}"
    if isinstance(block, Paragraph):
        if block.flagged:
            return f"> **Draft:** {block.text}"
        marks = _marks(doc, block.sources)
        return f"{block.text}{' ' + marks if marks else ''}"
    if isinstance(block, BulletList):
        lines = []
        for item in block.items:
            marks = _marks(doc, item.sources)
            lines.append(f"- {item.text}{' ' + marks if marks else ''}")
        return "\n".join(lines)
    rows = [block.header, *block.rows]
    lines = []
    for n, row in enumerate(rows):
        cells = [_cell(c) for c in row]
        if doc.draft and n > 0 and n - 1 < len(block.row_sources):
            cells[0] += " " + _marks(doc, block.row_sources[n - 1])
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
