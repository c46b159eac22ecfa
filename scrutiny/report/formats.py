"""One way to turn a report document into a file's contents, for both front ends."""

from __future__ import annotations

from pathlib import Path

from scrutiny.report.model import Document

#: The formats a report is written in.
FORMATS = ("md", "docx", "html")


def render(
    doc: Document, fmt: str, root: Path | None, reference: Path | None = None
) -> str | bytes:
    """``doc`` as Markdown text, Word bytes or an HTML page; raises TemplateProblem."""
    if fmt == "docx":
        from scrutiny.report import word

        return word.render(doc, reference)
    if fmt == "html":
        from scrutiny.report import html

        return html.render(doc, root)
    from scrutiny.report import markdown

    return markdown.render(doc)
