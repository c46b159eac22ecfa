"""Render a report document as Word (.docx) with real heading, list and table styles."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor

from scrutiny.report.model import (
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    Paragraph,
    Span,
    Table,
)

#: Table styles tried in order; the first the base document has is used.
TABLE_STYLES = ("Light Grid Accent 1", "Table Grid")
COMMENT_AUTHOR = "scrutiny"
#: Share of the text width given to each column of a four-column table (id, title, status,
#: response): the response, in the partnership's words, is the longest by far.
COLUMN_SHARES = (0.13, 0.24, 0.15, 0.48)
#: Table text is a little smaller than body text, as in a published report.
TABLE_TEXT = Pt(9.5)


class _Styles:
    """The document's styles by name, each looked up once: python-docx finds a style by
    name with a search of every style, and a pack or report sets hundreds of them."""

    def __init__(self, word: Any) -> None:
        self.word = word
        self.found: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        """The style called ``name``, or None when the document has none by that name."""
        if name not in self.found:
            try:
                self.found[name] = self.word.styles[name]
            except KeyError:
                self.found[name] = None
        return self.found[name]

    def paragraph(self, style: Any) -> Any:
        """A new paragraph in ``style`` (None: the document's default), naming the style's
        id directly: python-docx's own setter searches the styles again for each one."""
        para = self.word.add_paragraph()
        if style is not None:
            para._p.style = style.style_id
        return para


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
        self.styles = _Styles(word)

    def paragraph(
        self, spans: list[Span], style: str | None, sources: list[str], prefix: str = ""
    ) -> Any:
        usable = self.styles.get(style) if style else None
        para = self.styles.paragraph(usable)
        if prefix and usable is None:  # no list style in the reference document
            para.add_run(prefix)
        last = None
        for span in spans:
            last = self.run(para, span)
        if last is not None:
            self.cite(last, sources)
        return para

    def run(self, para: Any, span: Span) -> Any:
        """One span as a run: bold, italic, code in a fixed-width font, links as hyperlinks."""
        if span.link:
            return _hyperlink(para, span, self.styles.get("Hyperlink"))
        run = para.add_run(span.text)
        _format(run, span)
        return run

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

    def block(self, block: Block, before_table: bool = False) -> None:
        if isinstance(block, Heading):
            para = self.paragraph([Span(block.text)], f"Heading {block.level}", [])
            para.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            if block.flagged:
                para = self.word.add_paragraph()
                run = para.add_run(block.text)
                run.bold = True
                run.italic = True
                run.font.color.rgb = RGBColor(0x9C, 0x41, 0x00)
            else:
                style = "Quote" if block.quote else None
                para = self.paragraph(block.inline(), style, block.sources)
            if before_table:  # an introduction stays on the page of the table it introduces
                para.paragraph_format.keep_with_next = True
        elif isinstance(block, BulletList):
            self.list(block)
        elif isinstance(block, Figure):
            self.figure(block)
        else:
            self.table(block)

    def figure(self, block: Figure) -> None:
        """The chart at the text width, kept with its caption; the description as alt text."""
        section = self.word.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        shape = self.word.add_picture(io.BytesIO(block.png), width=Emu(int(usable * 0.9)))
        shape._inline.docPr.set("descr", block.alt)
        self.word.paragraphs[-1].paragraph_format.keep_with_next = True
        self.styles.paragraph(self.styles.get("Caption")).add_run(block.caption)

    def list(self, block: BulletList) -> None:
        style = "List Number" if block.ordered else "List Bullet"
        found = self.styles.get(style)
        number = _restart_numbering(self.word, found) if block.ordered and found else None
        for n, item in enumerate(block.items, start=1):
            prefix = f"{n}. " if block.ordered else "• "
            para = self.paragraph(item.inline(), style, item.sources, prefix)
            if number is not None:
                _number(para, number)
            if block.quote:
                para.paragraph_format.left_indent = Cm(1.9)

    def table(self, block: Table) -> None:
        table = self.word.add_table(rows=1, cols=len(block.header))
        style = next((found for s in TABLE_STYLES if (found := self.styles.get(s))), None)
        if style is not None:
            table.style = style
        for cell, text in zip(table.rows[0].cells, block.header, strict=True):
            cell.text = ""
            head = cell.paragraphs[0].add_run(text)
            head.bold = True
            head.font.size = TABLE_TEXT
            cell.paragraphs[0].paragraph_format.keep_with_next = True
        _repeat_header(table.rows[0])
        for n, row in enumerate(block.rows):
            added = table.add_row()
            _keep_together(added)
            for cell, text in zip(added.cells, row, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).font.size = TABLE_TEXT
                if n == 0:  # the first row stays with the header and the heading
                    cell.paragraphs[0].paragraph_format.keep_with_next = True
            sources = block.row_sources[n] if n < len(block.row_sources) else []
            self.cite(added.cells[0].paragraphs[0].runs[0], sources)
        self.widths(table, len(block.header), block.shares)
        self.word.add_paragraph()

    def widths(self, table: Any, columns: int, given: tuple[float, ...] = ()) -> None:
        """Give the id and status columns little room and the text columns the rest."""
        section = self.word.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        shares = given if len(given) == columns else None
        if shares is None:
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


def _format(run: Any, span: Span) -> None:
    if span.bold:
        run.bold = True
    if span.italic:
        run.italic = True
    if span.code:
        run.font.name = "Consolas"


def _hyperlink(para: Any, span: Span, style: Any) -> Any:
    """A real hyperlink (``w:hyperlink`` to an external relationship) around one run, in
    ``style`` (the document's Hyperlink style) or, without one, blue and underlined."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.text.run import Run

    rel = para.part.relate_to(span.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    para._p.append(link)
    r = OxmlElement("w:r")
    link.append(r)
    run = Run(r, para)
    run.text = span.text
    _format(run, span)
    if style is not None:
        r.style = style.style_id
    else:
        run.font.underline = True
        run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    return run


def _restart_numbering(word: Any, style: Any) -> int | None:
    """A new numbering instance for ``style`` that starts at 1, so each list counts from 1."""
    num_pr = style._element.pPr
    num_pr = num_pr.numPr if num_pr is not None else None
    if num_pr is None or num_pr.numId is None:
        return None
    numbering = word.part.numbering_part.numbering_definitions._numbering
    base = numbering.num_having_numId(num_pr.numId.val)
    num = numbering.add_num(base.abstractNumId.val)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def _number(para: Any, num_id: int) -> None:
    pr = para._p.get_or_add_pPr().get_or_add_numPr()
    pr.get_or_add_ilvl().val = 0
    pr.get_or_add_numId().val = num_id


PAPER = {"A4": (Mm(210), Mm(297)), "letter": (Mm(215.9), Mm(279.4))}


def _page_and_language(word: Any, doc: Document) -> None:
    """The page size and the language every run is spelled in (no reference document)."""
    width, height = PAPER.get(doc.paper, PAPER["A4"])
    for section in word.sections:
        section.page_width, section.page_height = width, height
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    defaults = word.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), doc.language)
    lang.set(qn("w:eastAsia"), doc.language)
    theme = word.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), doc.language)


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>scrutiny</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _clean_package(word: Any) -> None:
    """Drop what python-docx's own template carries over: a Mac Word application record
    with zero pages and words, and a thumbnail of an empty page."""
    package = word.part.package
    for rel in list(package.rels.values()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel.rId)
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_XML.encode()


def _properties(word: Any, doc: Document) -> None:
    """Core properties from the workspace: the title, the partnership, made now."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props = word.core_properties
    props.title = doc.title
    props.author = doc.author or "scrutiny"
    props.last_modified_by = doc.author or "scrutiny"
    props.created = now
    props.modified = now
    printed = props._element.find(qn("cp:lastPrinted"))
    if printed is not None:  # python-docx's own template says it was printed in 2013
        props._element.remove(printed)
    props.revision = 1
    props.language = doc.language
    props.comments = "Made with scrutiny from the partnership's scrutiny notes."
    props.keywords = ""
    props.subject = ""


def check_reference(path: Path) -> str | None:
    """Why ``path`` cannot be used as a reference document, or None."""
    try:
        open_docx(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not one
        reason = str(exc).split("\n")[0] or type(exc).__name__
        return f"{path}: not a Word document (.docx) that styles can be taken from ({reason})"
    return None


def render(doc: Document, reference: Path | None = None) -> bytes:
    """The document as .docx bytes; ``reference`` supplies the styles (and page setup)."""
    word = _base(reference)
    if reference is None:
        _page_and_language(word, doc)
        _clean_package(word)
    _properties(word, doc)
    writer = _Writer(doc, word)
    blocks = list(doc.blocks())
    for n, block in enumerate(blocks):
        writer.block(block, before_table=n + 1 < len(blocks) and isinstance(blocks[n + 1], Table))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
