"""Business-plan tables (CSV or Excel) read into actions, and imported as action notes.

A partnership's business plan is a table with columns like *Objective, No., Action, By
Whom, By When, Progress Update*, usually pasted from Word: objective headings between
the actions, an action's text running on into rows with no number, the header repeated at
every page break, and "By When" cells that say "Ongoing", "Spring 2021" or "08/04/2021".
:func:`read_plan` turns that into :class:`PlanAction` values; :func:`import_plan` writes
one ``action`` note per new action and, on a later import, a dated ``response`` for each
action whose progress or timescale changed. Notes the user wrote are never rewritten."""

from scrutiny.plan.dates import infer_status, parse_when
from scrutiny.plan.importer import History, Outcome, history, import_plan, summary, title_of
from scrutiny.plan.table import PlanAction, PlanError, PlanRows, read_plan, read_table

__all__ = [
    "History",
    "Outcome",
    "PlanAction",
    "PlanError",
    "PlanRows",
    "history",
    "import_plan",
    "infer_status",
    "parse_when",
    "read_plan",
    "read_table",
    "summary",
    "title_of",
]
