"""The rows of the note forms: one per front-matter field, read the way ``scrutiny new`` reads it.

A row says which field it sets and how it is given (a line of text, a date, one choice,
several choices, a comma-separated list, the evidence picker). Which rows a kind shows
comes from the library's models (:func:`scrutiny.capture.fields_of`), and the choices
from its vocabulary. ``source_ref`` has no row: only an import writes it, as with the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList

from scrutiny.capture import split_items
from scrutiny.notes import MODELS, Note
from scrutiny.tui.widgets.evidence_picker import EvidencePicker
from scrutiny.tui.widgets.form_fields import dated, field
from scrutiny.vocabulary import (
    AUDIENCES,
    CATEGORIES,
    CONFIDENTIALITIES,
    CONSENTS,
    DECISIONS,
    JUDGEMENTS,
    LENSES,
    SHOWS,
    SOURCES,
    STATUSES,
)
from scrutiny.words import article

How = Literal["text", "date", "choice", "many", "list", "evidence"]


@dataclass(frozen=True)
class Row:
    """One field of a note as a form row.

    ``how``: ``text`` (one line), ``date`` (YYYY-MM-DD), ``choice`` (one of ``choices``),
    ``many`` (several of ``choices``), ``list`` (comma-separated, split as the CLI splits
    repeated options), ``evidence`` (the picker). A choice equal to ``default`` is left
    out of the note, as the CLI leaves out an option not given.
    """

    name: str
    label: str
    how: How = "text"
    choices: tuple[str, ...] = ()
    default: str | None = None
    hint: str = ""


#: The rows only some kinds have, in the order the form shows them.
KIND_ROWS: tuple[Row, ...] = (
    Row("source", "Source", "choice", SOURCES),
    Row("id", "Id"),
    Row("for", "For", "choice", AUDIENCES, default="partnership"),
    Row("category", "Category", "choice", CATEGORIES),
    Row("judgement", "Judgement", "choice", JUDGEMENTS),
    Row("impact", "Impact", hint="the difference to children and families"),
    Row("shows", "Shows", "choice", SHOWS),
    Row("objective", "Objective"),
    Row("number", "Number", hint="its number in the plan, e.g. 2.1"),
    Row("status", "Status", "choice", STATUSES["action"]),
    Row("owner", "Owner", hint="agency or person"),
    Row("lead", "Lead", hint="agency or person"),
    Row("due", "Due", "date", hint="YYYY-MM-DD"),
    Row("monitor_until", "Monitor until", "date", hint="YYYY-MM-DD"),
    Row("until", "Until", "date", hint="YYYY-MM-DD: in force until"),
    Row("review", "Review", hint="id of the case review it came from, e.g. REV-03"),
    Row("notified", "Notified", "date", hint="YYYY-MM-DD (default: the date)"),
    Row("rapid_review", "Rapid review", "date", hint="YYYY-MM-DD"),
    Row("decision", "Decision", "choice", DECISIONS),
    Row("decided", "Decided", "date", hint="YYYY-MM-DD"),
    Row("published", "Published", "date", hint="YYYY-MM-DD"),
    Row("consent", "Consent", "choice", CONSENTS),
    Row("group", "Group", "list", hint="who said it, comma-separated"),
    Row("collected", "Collected", hint="how: a forum, a survey, a visit…"),
    Row("withdraws", "Withdraws", "list", hint="ids of voices whose consent is withdrawn"),
)

#: The rows every kind has (SPEC §4's common fields), after the kind's own.
COMMON_ROWS: tuple[Row, ...] = (
    Row("lens", "Lens", "many", LENSES),
    Row("evidence", "Evidence", "evidence"),
    Row("agencies", "Agencies", "list", hint="comma-separated, e.g. police, ICB"),
    Row("scrutineers", "Scrutineers", "list", hint="who scrutinised, comma-separated"),
    Row("tags", "Tags", "list", hint="comma-separated"),
    Row("actions", "Actions", "list", hint="business-plan action ids, e.g. ACT-01, ACT-04"),
    Row("priorities", "Priorities", "list", hint="priority ids, e.g. PRI-01"),
    Row("partnership", "Partnership", "many"),
    Row("confidentiality", "Confidential", "choice", CONFIDENTIALITIES, default="public"),
)

#: Widget ids kept from before the rows were a table: drafts already saved name them.
_IDS = {"confidentiality": "conf", "evidence": "evidence-picker"}


def widget_id(prefix: str, row: Row) -> str:
    """The id of ``row``'s widget in a form whose ids start ``prefix`` (``f``, ``r``)."""
    return f"{prefix}-{_IDS.get(row.name, row.name.replace('_', '-'))}"


def compose_rows(
    rows: Sequence[Row], prefix: str, notes: Sequence[Note], partnerships: Sequence[str]
) -> Iterator[Widget]:
    """A labelled row per field; ``partnership`` only where the workspace declares some."""
    for row in rows:
        ident = widget_id(prefix, row)
        widget: Widget
        if row.how == "evidence":
            widget = EvidencePicker(notes, id=ident)
        elif row.how == "many":
            choices = partnerships if row.name == "partnership" else row.choices
            if not choices:
                continue
            widget = SelectionList[str](*((c, c) for c in choices), id=ident, compact=True)
            widget.add_class("-many")
        elif row.how == "choice":
            options = [(c, c) for c in row.choices]
            if row.default is not None:
                widget = Select(
                    options, value=row.default, allow_blank=False, id=ident, compact=True
                )
            else:
                widget = Select(options, prompt="choose…", id=ident, compact=True)
        else:
            widget = Input(placeholder=row.hint, id=ident, compact=True)
        yield field(row.label, widget, row=row.name)


def shown(kind: str, rows: Sequence[Row]) -> list[Row]:
    """The rows of ``rows`` that a note of ``kind`` has, by the library's model of it."""
    from scrutiny.capture import fields_of

    have = set(fields_of(kind))
    return [row for row in rows if row.name in have]


def read_rows(
    screen: DOMNode, kind: str, rows: Sequence[Row], prefix: str, errors: list[str]
) -> dict[str, Any]:
    """The fields ``rows`` give, as ``write_note`` takes them; mistakes go to ``errors``.

    A field the kind's model requires but the form leaves empty is said here, all at
    once, rather than one at a time by the library.
    """
    model = MODELS[kind]
    values: dict[str, Any] = {}
    for row in shown(kind, rows):
        found = screen.query(f"#{widget_id(prefix, row)}")
        if not found:
            continue  # a row not offered (no partnerships declared)
        widget = found.first()
        value: Any
        if isinstance(widget, EvidencePicker):
            value = list(widget.chosen)
        elif isinstance(widget, SelectionList):
            value = [str(v) for v in widget.selected]
        elif isinstance(widget, Select):
            value = None if widget.value is Select.NULL else str(widget.value)
            if value == row.default:
                value = None
        else:
            assert isinstance(widget, Input)
            text = widget.value.strip()
            if row.how == "date":
                value = dated(text, row.label.lower(), errors)
            elif row.how == "list":
                value = split_items([text])
            else:
                value = text or None
        info = model.model_fields.get(row.name) or model.model_fields.get(f"{row.name}_")
        # An id left empty is given by the library: the next free one, or the file's name.
        required = info is not None and info.is_required() and row.name != "id"
        if value in (None, []) and required:
            if row.choices:
                what = f"choose one of {', '.join(row.choices)}"
            else:
                what = f"give the {row.label.lower()}"
            errors.append(f"{row.name}: {what} for {article(kind)}")
        values[row.name] = value
    return values
