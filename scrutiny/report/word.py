"""Render a report document as Word (.docx) with real heading, list and table styles."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor

from scrutiny.report.model import Block, BulletList, Document, Heading, Paragraph, Table

#: Table styles tried in order; the first the base document has is used.
TABLE_STYLES = ("Light Grid Accent 1", "Table Grid")
COMMENT_AUTHOR = "scrutiny"
#: Share of the text width given to each column of a four-column table (id, title, status, response).
COLUMN_SHARES = (0.13, 0.39, 0.15, 0.33)


def _has_style(word: Any, name: str) -> bool:
    try:
        word.styles[name]
    except KeyError:
        return False
    return True


def _base(reference: Path | None) -> Any:
    """A blank document: python-docx's default, or ``reference`` with its body emptied."""
    if reference is None:
        return open_docx()
    word = open_docx(str(reference))
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return word


class _Writer:
    def __init__(self, doc: Document, word: Any) -> None:
        self.doc = doc
        self.word = word

    def paragraph(self, text: str, style: str | None, sources: list[str]) -> Any:
        usable = style if style and _has_style(self.word, style) else None
        para = self.word.add_paragraph(style=usable)
        if usable is None and style == "List Bullet":
            text = "• " + text
        run = para.add_run(text)
        self.cite(run, sources)
        return para

    def cite(self, run: Any, sources: list[str]) -> None:
        """In a draft, attach a Word comment naming the source notes and their files."""
        if not self.doc.draft or not sources:
            return
        lines = [f"{s}: {self.doc.note_paths.get(s, s)}" for s in dict.fromkeys(sources)]
        text = "Source: " + "; ".join(lines)
        if hasattr(self.word, "add_comment"):
            self.word.add_comment(run, text=text, author=COMMENT_AUTHOR, initials="SC")
        else:  # python-docx < 1.2 has no comments: a small grey run instead
            extra = run._parent.add_run(f" [{', '.join(dict.fromkeys(sources))}]")
            extra.font.size = Pt(7)
            extra.font.color.rgb = RGBColor(0x80, 0x80, 0x80)

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.paragraph(block.text, f"Heading {block.level}", [])
        elif isinstance(block, Paragraph):
            if block.flagged:
                para = self.word.add_paragraph()
                run = para.add_run(block.text)
                run.bold = True
                run.italic = True
                run.font.color.rgb = RGBColor(0x9C, 0x41, 0x00)
            else:
                self.paragraph(block.text, None, block.sources)
        elif isinstance(block, BulletList):
            for item in block.items:
                self.paragraph(item.text, "List Bullet", item.sources)
        else:
            self.table(block)

    def table(self, block: Table) -> None:
        table = self.word.add_table(rows=1, cols=len(block.header))
        style = next((s for s in TABLE_STYLES if _has_style(self.word, s)), None)
        if style:
            table.style = self.word.styles[style]
        for cell, text in zip(table.rows[0].cells, block.header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        _repeat_header(table.rows[0])
        for n, row in enumerate(block.rows):
            added = table.add_row()
            _keep_together(added)
            for cell, text in zip(added.cells, row, strict=True):
                cell.text = text
            sources = block.row_sources[n] if n < len(block.row_sources) else []
            self.cite(added.cells[0].paragraphs[0].runs[0], sources)
        self.widths(table, len(block.header))
        self.word.add_paragraph()

    def widths(self, table: Any, columns: int) -> None:
        """Give the id and status columns little room and the text columns the rest."""
        section = self.word.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        shares = COLUMN_SHARES if columns == len(COLUMN_SHARES) else (1 / columns,) * columns
        table.autofit = False
        for column, share in zip(table.columns, shares, strict=True):
            column.width = Emu(int(usable * share))  # the grid, which LibreOffice follows
        for row in table.rows:
            for cell, share in zip(row.cells, shares, strict=True):
                cell.width = Emu(int(usable * share))


def _repeat_header(row: Any) -> None:
    """Repeat the header row at the top of every page the table runs onto."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _keep_together(row: Any) -> None:
    """Do not split a row across pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def render(doc: Document, reference: Path | None = None) -> bytes:
    """The document as .docx bytes; ``reference`` supplies the styles (and page setup)."""
    word = _base(reference)
    word.core_properties.title = doc.title
    writer = _Writer(doc, word)
    for block in doc.blocks():
        writer.block(block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
