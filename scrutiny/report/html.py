"""Render a report document as one standalone, printable HTML file."""

from __future__ import annotations

from html import escape
from pathlib import Path

from jinja2 import TemplateError

from scrutiny.report.model import Block, BulletList, Document, Heading, Paragraph
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


def _block(doc: Document, block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        if block.flagged:
            return f'<p class="flag">{escape(block.text)}</p>'
        return (
            f"<p{_title(doc, block.sources)}>{escape(block.text)}{_marks(doc, block.sources)}</p>"
        )
    if isinstance(block, BulletList):
        items = "\n".join(
            f"  <li{_title(doc, i.sources)}>{escape(i.text)}{_marks(doc, i.sources)}</li>"
            for i in block.items
        )
        return f"<ul>\n{items}\n</ul>"
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
    body = "\n".join(_block(doc, block) for block in doc.blocks())
    env = environment(workspace_root)
    try:
        template = env.get_template(PAGE_TEMPLATE)
        return template.render(title=doc.title, draft=doc.draft, body=body) + "\n"
    except TemplateError as exc:
        raise template_problem(exc, env, PAGE_TEMPLATE, workspace_root) from None
