"""A published report read into blocks: headings, paragraphs and list items, with places.

Each format is read into the same plain sequence of :class:`Block` values, in reading
order, each knowing where it was (``line 774``, ``paragraph 212``, ``page 34, line 12``),
so the parser that finds recommendations and risks does not care what the file was.
Text keeps the published words exactly; only whitespace is tidied, and a paragraph that
a page break cut mid-sentence is joined again (:func:`rejoin`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

BlockKind = Literal["heading", "para", "item"]

#: Formats read, by file suffix.
SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".markdown", ".html", ".htm")

#: A list item as typed or extracted: a bullet character, or a dash, then text.
BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣●○■\uf0b7\uf0a7]|–)\s+(?=\S)")
#: A numbered heading: ``6.``, ``6.1.``, ``6.1`` then its title.
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
#: A table-of-contents line: a title then a tab or dot leaders and a page number.
CONTENTS = re.compile(r"(?:\t|\.{3,}|…+)\s*\d+\s*$")
#: What may end a sentence (closing quotes and brackets included).
SENTENCE_END = re.compile(r"[.!?:;][\"'’”)\]*_]*$")


class DocumentError(ValueError):
    """A file that cannot be read as a report; the message is for people."""


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item of the report, and where it starts."""

    kind: BlockKind
    text: str
    where: str


def read_document(path: Path) -> list[Block]:
    """The blocks of the report at ``path`` (.docx, .pdf, .txt, .md or .html)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(
            f"{path.name}: cannot read a {suffix or 'suffix-less'} file; "
            "save the report as .docx, .pdf, .txt, .md or .html"
        )
    if suffix == ".docx":
        return rejoin(read_docx(path))
    if suffix == ".pdf":
        from scrutiny.imports.pdf import read_pdf

        return rejoin(read_pdf(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{path.name}: cannot read: {exc}") from exc
    if suffix in (".html", ".htm"):
        return rejoin(read_html(text))
    return rejoin(read_text(text, markdown=suffix != ".txt"))


def flat(text: str) -> str:
    """``text`` on one line, runs of whitespace as one space."""
    return " ".join(text.split())


def looks_like_heading(text: str) -> bool:
    """A line of plain text standing alone that reads as a heading, not a sentence."""
    return (
        0 < len(text) <= 150
        and not SENTENCE_END.search(text)
        and not text.endswith(",")
        and (text[0].isupper() or text[0].isdigit())
    )


def read_text(text: str, *, markdown: bool = False) -> list[Block]:
    """Plain text or Markdown: blank lines part paragraphs; ``#``, numbered and short lines
    are headings; bullet lines are items; Markdown tables and contents lines are skipped."""
    blocks: list[Block] = []
    lines: list[str] = []
    start = 0
    in_item = False

    def close() -> None:
        if lines:
            joined = flat(" ".join(lines))
            kind: BlockKind = "heading" if plain_heading(joined) else "para"
            blocks.append(Block(kind, joined, f"line {start}"))
            lines.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("|") or CONTENTS.search(raw):
            close()
            in_item = False
            continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*$", stripped) if markdown else None
        bullet = BULLET.match(raw)
        if heading:
            close()
            in_item = False
            blocks.append(Block("heading", flat(heading.group(1)), f"line {number}"))
        elif bullet:
            close()
            in_item = True
            blocks.append(Block("item", flat(raw[bullet.end() :]), f"line {number}"))
        elif in_item:  # an item running on over another line, as Markdown may wrap it
            blocks[-1] = replace(blocks[-1], text=f"{blocks[-1].text} {flat(stripped)}")
        else:
            if not lines:
                start = number
            lines.append(stripped)
    close()
    return blocks


def plain_heading(text: str) -> bool:
    numbered = NUMBERED.match(text)
    if numbered:
        return looks_like_heading(numbered.group(2))
    return looks_like_heading(text) and len(text.split()) <= 12


def read_docx(path: Path) -> list[Block]:
    """Word: headings by style (Heading n, Title) or by a numbered short line; list items
    by a List style or Word numbering; tables are left out (progress tables are not new)."""
    import zipfile

    try:
        import docx

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"{path.name}: not a Word document that can be read ({exc})") from exc
    blocks: list[Block] = []
    for number, paragraph in enumerate(document.paragraphs, 1):
        text = flat(paragraph.text)
        if not text or CONTENTS.search(paragraph.text):
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        kind: BlockKind = "para"
        if style.startswith(("Heading", "Title")):
            kind = "heading"
        elif style.startswith("List") or numbered or BULLET.match(text):
            kind = "item"
            text = text[m.end() :] if (m := BULLET.match(text)) else text
        elif NUMBERED.match(text) and plain_heading(text):
            kind = "heading"
        blocks.append(Block(kind, text, f"paragraph {number}"))
    return blocks


class _HtmlBlocks(HTMLParser):
    """Text of headings, paragraphs and list items; nothing inside tables, scripts, styles."""

    TAGS: dict[str, BlockKind] = {
        **{f"h{n}": "heading" for n in range(1, 7)},
        "p": "para",
        "li": "item",
    }
    SKIP = ("table", "script", "style", "head", "sup")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.open: list[tuple[str, list[str], int]] = []  # at most one
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif self.skipping:
            return
        elif tag == "p" and self.open and self.open[-1][0] == "li":
            self.open[-1][1].append(" ")  # a loose list item's paragraphs are the item
        elif tag in self.TAGS:
            self._close()  # an unclosed <p> or <li> ends where the next block starts
            self.open.append((tag, [], self.getpos()[0]))
        elif tag == "br" and self.open:
            self.open[-1][1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "p" and self.open and self.open[-1][0] == "li":
            self.open[-1][1].append(" ")
        elif tag in self.TAGS or tag in ("ul", "ol", "div", "body"):
            self._close()

    def handle_data(self, data: str) -> None:
        if self.open and not self.skipping:
            self.open[-1][1].append(data)

    def _close(self) -> None:
        if self.open:
            tag, parts, line = self.open.pop()
            text = flat("".join(parts))
            if text:
                self.blocks.append(Block(self.TAGS[tag], text, f"line {line}"))


def read_html(text: str) -> list[Block]:
    """HTML: h1–h6 are headings, p paragraphs, li items; tables are left out."""
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    parser._close()
    return parser.blocks


def rejoin(blocks: Iterable[Block]) -> list[Block]:
    """Join a paragraph that a page break cut mid-sentence to what it continues.

    A paragraph starting in lower case after a paragraph or item that did not end a
    sentence is the rest of it (``... the`` / ``national Child Safeguarding ...``)."""
    out: list[Block] = []
    for block in blocks:
        if (
            block.kind == "para"
            and out
            and out[-1].kind in ("para", "item")
            and block.text[:1].islower()
            and not SENTENCE_END.search(out[-1].text)
        ):
            out[-1] = replace(out[-1], text=f"{out[-1].text} {block.text}")
            continue
        out.append(block)
    return out


def numbered(text: str) -> tuple[list[int], str] | None:
    """``([6, 1], "Title")`` for a numbered heading's text, or None."""
    match = NUMBERED.match(text)
    if not match:
        return None
    return [int(n) for n in match.group(1).split(".")], match.group(2).strip()
