"""A PDF's text (by pypdf) put back into headings, paragraphs and list items.

Extracted text is one line per printed line: paragraphs broken mid-sentence, headers,
footers and page numbers between the pages, a list split over a page break. Lines are
joined while they run on (a line ending in the space where it wrapped, a line as wide as
the page's text, or one not ending a sentence followed by one in lower case); running
headers and footers (a line repeated at the top or bottom of most pages, digits aside)
and page numbers are dropped; a line starting with a bullet starts a list item.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from scrutiny.imports.document import (
    BULLET,
    SENTENCE_END,
    Block,
    BlockKind,
    DocumentError,
    flat,
    plain_heading,
)

#: A line that is only a page number: ``12``, ``Page 12``, ``12 of 40``, ``- 12 -``.
PAGE_NUMBER = re.compile(r"^[-–\s]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–\s]*$", re.I)
#: A numbered heading's start: ``6.``, ``6.1``, ``6.1.`` (a number alone may start a sentence).
SECTION = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.(?:\d{1,2})?\s")
#: Share of the page's widest line from which a line is taken to be full (so running on).
FULL = 0.9


def read_pdf(path: Path) -> list[Block]:
    """The blocks of a PDF report, its page furniture dropped and its lines joined."""
    try:
        import pypdf

        reader = pypdf.PdfReader(str(path))
        pages = [(page.extract_text() or "").splitlines() for page in reader.pages]
    except (OSError, ValueError, pypdf.errors.PyPdfError) as exc:
        raise DocumentError(f"{path.name}: not a PDF that can be read ({exc})") from exc
    if not any(line.strip() for page in pages for line in page):
        raise DocumentError(
            f"{path.name}: the PDF has no text to read (a scan?); save the report as .docx or .txt"
        )
    return blocks_of(strip_furniture(pages))


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", flat(line)).casefold()


def strip_furniture(pages: list[list[str]]) -> list[list[tuple[int, str]]]:
    """Each page's lines with their line number, without headers, footers, page numbers."""
    edges: Counter[str] = Counter()
    for lines in pages:
        kept = [line for line in lines if line.strip()]
        edges.update({_shape(line) for line in kept[:2] + kept[-2:]})
    repeated = {shape for shape, n in edges.items() if len(pages) > 2 and n >= len(pages) // 2 + 1}
    out: list[list[tuple[int, str]]] = []
    for lines in pages:
        numbered_lines = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
        edge = {n for n, _ in numbered_lines[:2] + numbered_lines[-2:]}
        out.append(
            [
                (n, line)
                for n, line in numbered_lines
                if not PAGE_NUMBER.match(line) and not (n in edge and _shape(line) in repeated)
            ]
        )
    return out


def blocks_of(pages: list[list[tuple[int, str]]]) -> list[Block]:
    """Lines joined into blocks across pages (see the module's description)."""
    blocks: list[Block] = []
    parts: list[str] = []
    where = ""
    running_on = False
    for page_number, lines in enumerate(pages, 1):
        widest = max((len(line.rstrip()) for _, line in lines), default=0)
        for line_number, line in lines:
            text = line.strip()
            bullet = BULLET.match(text)
            heading = SECTION.match(text) and (not parts or SENTENCE_END.search(parts[-1]))
            starts_new = bool(bullet or heading or (SECTION.match(text) and not running_on))
            lower = text[:1].islower()
            if (
                parts
                and (running_on or (lower and not SENTENCE_END.search(parts[-1])))
                and not starts_new
            ):
                parts.append(text)
            else:
                _close(blocks, parts, where)
                parts = ["\x00" + text[bullet.end() :]] if bullet else [text]
                where = f"page {page_number}, line {line_number}"
            full = len(line.rstrip()) >= FULL * widest and not SENTENCE_END.search(text)
            running_on = line.endswith(" ") or full
    _close(blocks, parts, where)
    return blocks


def _close(blocks: list[Block], parts: list[str], where: str) -> None:
    if not parts:
        return
    text = _join(parts)
    kind: BlockKind = "para"
    if text.startswith("\x00"):
        kind, text = "item", text[1:].strip()
    elif len(parts) <= 3 and plain_heading(text):
        kind = "heading"
    if text:
        blocks.append(Block(kind, text, where))


def _join(parts: list[str]) -> str:
    """Lines as one text: a word hyphenated over a line break (``multi-`` ``agency``) is one."""
    text = parts[0]
    for part in parts[1:]:
        text = f"{text}{part}" if text.endswith("-") and part[:1].isalpha() else f"{text} {part}"
    return flat(text)
