"""Last year's published report read into recommendation and risk notes.

A scrutineer starting with scrutiny has the partnership's previous annual report as a
Word file, a PDF or text. :func:`read_document` reads any of them into headings,
paragraphs and list items (a PDF's page furniture dropped and its broken lines joined);
:func:`find` picks out the recommendations of the scrutiny section and the risks of the
risks section, with the framework area each sits under; :func:`import_report` writes one
note per new one, and nothing twice. Notes already written are never rewritten.
"""

from scrutiny.imports.document import Block, DocumentError, read_document
from scrutiny.imports.importer import Outcome, import_report, summary
from scrutiny.imports.proposals import Found, Proposal, find, match_area

__all__ = [
    "Block",
    "DocumentError",
    "Found",
    "Outcome",
    "Proposal",
    "find",
    "import_report",
    "match_area",
    "read_document",
    "summary",
]
