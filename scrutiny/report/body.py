"""A note's Markdown body as report blocks, read by a real parser (markdown-it-py).

Bold, italics, inline code and links become spans; bulleted and numbered lists, block
quotes and paragraphs become blocks. Raw HTML is never markup: the parser runs with HTML
off, so ``<b>`` stays the three characters a scrutineer typed. Only ``http``, ``https``
and ``mailto`` links are kept as links; any other target keeps its text and loses the link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from scrutiny.report.model import Block, BulletList, ListItem, Paragraph, Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
#: Anything Markdown could read as markup; a body with none of it is plain paragraphs,
#: which is most of them, and is read without the parser (a large year has thousands).
_MARKUP = re.compile(
    r"[*_`\[\]<>\\&~|]|^[ \t]*(?:[-+#>]|\d+[.)])|^(?: {4}|\t)|^[ \t]*(?:=+|-+)[ \t]*$",
    re.MULTILINE,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    # Every link is read as a link, so one to a refused target (javascript:, file:...) keeps
    # its text and loses its target here, rather than printing as "[text](target)".
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def spans_text(spans: Sequence[Span]) -> str:
    """What a reader sees of ``spans``, on one line."""
    return _SPACE.sub(" ", "".join(s.text for s in spans)).strip()


def merge(spans: list[Span]) -> list[Span]:
    """Neighbouring spans with the same emphasis joined; white space runs made one space."""
    out: list[Span] = []
    for span in spans:
        text = _SPACE.sub(" ", span.text)
        if not text:
            continue
        last = out[-1] if out else None
        if last is not None and (last.bold, last.italic, last.code, last.link) == (
            span.bold,
            span.italic,
            span.code,
            span.link,
        ):
            out[-1] = Span(last.text + text, span.bold, span.italic, span.code, span.link)
        else:
            out.append(Span(text, span.bold, span.italic, span.code, span.link))
    if out:  # no space at either end of the block
        out[0] = Span(out[0].text.lstrip(), out[0].bold, out[0].italic, out[0].code, out[0].link)
        out[-1] = Span(
            out[-1].text.rstrip(), out[-1].bold, out[-1].italic, out[-1].code, out[-1].link
        )
    return [s for s in out if s.text]


def inline_spans(children: Sequence[Token]) -> list[Span]:
    """The spans of one inline token's children."""
    spans: list[Span] = []
    bold = italic = 0
    link: str | None = None
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold = max(bold - 1, 0)
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic = max(italic - 1, 0)
        elif kind == "link_open":
            href = str(child.attrGet("href") or "")
            link = href if _SAFE_LINK.match(href) else None
        elif kind == "link_close":
            link = None
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Span(" ", bool(bold), bool(italic), False, link))
        elif kind == "code_inline":
            spans.append(Span(child.content, bool(bold), bool(italic), True, link))
        else:  # text, an image's alt text, and anything else: its text, as text
            spans.append(Span(child.content, bool(bold), bool(italic), False, link))
    return merge(spans)


def parse(body: str, source: str) -> list[Block]:
    """``body`` as paragraphs and lists, each naming ``source`` (a note id)."""
    if not _MARKUP.search(body):
        texts = (_SPACE.sub(" ", chunk).strip() for chunk in _BLANK_LINE.split(body))
        return [Paragraph(text, [source]) for text in texts if text]
    blocks: list[Block] = []
    quote = 0
    lists: list[BulletList] = []
    items: list[ListItem] = []
    heading = False
    for token in _parser().parse(body):
        kind = token.type
        if kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if lists:  # a nested list runs on in its parent, so nothing is lost
                lists.append(lists[-1])
            else:
                found = BulletList(
                    [], [source], ordered=kind == "ordered_list_open", quote=quote > 0
                )
                blocks.append(found)
                lists.append(found)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item = ListItem("", [source])
            lists[-1].items.append(item)
            items.append(item)
        elif kind == "list_item_close":
            items.pop()
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "inline":
            spans = inline_spans(token.children or [])
            if heading:
                spans = [Span(s.text, True, s.italic, s.code, s.link) for s in spans]
            _add(blocks, items, spans, source, quote > 0)
        elif kind in ("fence", "code_block"):
            spans = merge([Span(token.content, code=True)])
            _add(blocks, items, spans, source, quote > 0)
    return [b for b in blocks if not isinstance(b, BulletList) or b.items]


def _add(
    blocks: list[Block], items: list[ListItem], spans: list[Span], source: str, quote: bool
) -> None:
    if not spans:
        return
    if items:  # a second paragraph of a list item joins the first
        item = items[-1]
        if item.spans:
            spans = merge([*item.spans, Span(" "), *spans])
        item.spans = spans
        item.text = spans_text(spans)
        return
    blocks.append(Paragraph(spans_text(spans), [source], spans=spans, quote=quote))


def as_one(blocks: Sequence[Block]) -> list[Span]:
    """Blocks run together as one paragraph's spans (for a bullet): list items joined by ``;``."""
    spans: list[Span] = []
    for block in blocks:
        parts: list[list[Span]] = []
        if isinstance(block, Paragraph):
            parts = [block.inline()]
        elif isinstance(block, BulletList):
            parts = [item.inline() for item in block.items]
        for n, part in enumerate(parts):
            if spans:
                spans.append(Span("; " if n else " "))
            spans.extend(part)
    return merge(spans)
