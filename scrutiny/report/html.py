"""Render a report document as one standalone, printable HTML file."""

from __future__ import annotations

from html import escape
from pathlib import Path

from jinja2 import TemplateError

from scrutiny.report.model import Block, BulletList, Document, Figure, Heading, Paragraph, Span
from scrutiny.report.wording import environment, template_problem

PAGE_TEMPLATE = "report.html.j2"


def _marks(doc: Document, sources: list[str]) -> str:
    if not doc.draft or not sources:
        return ""
    links = []
    for note_id in dict.fromkeys(sources):
        path = escape(doc.note_paths.get(note_id, note_id))
        links.append(f'<a href="{path}" title="{path}">{escape(note_id)}</a>')
    return f'<sup class="src">[{", ".join(links)}]</sup>'


def _title(doc: Document, sources: list[str]) -> str:
    if not doc.draft or not sources:
        return ""
    return f' title="{escape(", ".join(dict.fromkeys(sources)))}"'


def _span(span: Span) -> str:
    text = escape(span.text)
    if span.code:
        text = f"<code>{text}</code>"
    if span.italic:
        text = f"<em>{text}</em>"
    if span.bold:
        text = f"<strong>{text}</strong>"
    if span.link:
        text = f'<a href="{escape(span.link)}">{text}</a>'
    return text


def inline(spans: list[Span]) -> str:
    """Spans as HTML: every character of the text escaped, emphasis and links as elements."""
    return "".join(_span(s) for s in spans)


def _block(doc: Document, block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        if block.flagged:
            return f'<p class="flag">{escape(block.text)}</p>'
        return f"<p{_title(doc, block.sources)}>{inline(block.inline())}{_marks(doc, block.sources)}</p>"
    if isinstance(block, BulletList):
        items = "\n".join(
            f"  <li{_title(doc, i.sources)}>{inline(i.inline())}{_marks(doc, i.sources)}</li>"
            for i in block.items
        )
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>\n{items}\n</{tag}>"
    if isinstance(block, Figure):
        import base64

        data = base64.b64encode(block.png).decode("ascii")
        return (
            f'<figure><img src="data:image/png;base64,{data}" alt="{escape(block.alt)}">'
            f"<figcaption>{escape(block.caption)}</figcaption></figure>"
        )
    head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
    rows = []
    for n, row in enumerate(block.rows):
        sources = block.row_sources[n] if n < len(block.row_sources) else []
        cells = [escape(c) for c in row]
        cells[0] += _marks(doc, sources)
        rows.append(
            f"  <tr{_title(doc, sources)}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        )
    body = "\n".join(rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def render(doc: Document, workspace_root: Path | None = None) -> str:
    """The document as a complete HTML page with its CSS embedded (``report.html.j2``)."""
    parts: list[str] = []
    quoting = False
    for block in doc.blocks():
        quote = isinstance(block, Paragraph | BulletList) and block.quote
        if quote != quoting:
            parts.append("<blockquote>" if quote else "</blockquote>")
            quoting = quote
        parts.append(_block(doc, block))
    if quoting:
        parts.append("</blockquote>")
    body = "\n".join(parts)
    env = environment(workspace_root)
    try:
        template = env.get_template(PAGE_TEMPLATE)
        return (
            template.render(title=doc.title, draft=doc.draft, body=body, lang=doc.language) + "\n"
        )
    except TemplateError as exc:
        raise template_problem(exc, env, PAGE_TEMPLATE, workspace_root) from None
