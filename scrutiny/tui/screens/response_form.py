"""The response form: record what the partnership said or did about one recommendation or risk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from scrutiny.capture import CaptureError, write_response
from scrutiny.corpus import Corpus
from scrutiny.drafts import Draft
from scrutiny.ledger import Item
from scrutiny.notes import STATUSES
from scrutiny.printable import printable_line
from scrutiny.tui.screens.form import DraftedForm
from scrutiny.tui.widgets.form_fields import dated, field, problems_text
from scrutiny.tui.widgets.note_fields import COMMON_ROWS, compose_rows, read_rows


class ResponseForm(DraftedForm):
    """Write a response note to ``item``: a new status (of its kind), date, by, revised due,
    body, and the fields every note has (lens, evidence, agencies, tags...).

    ``draft`` fills the form with typing kept from an earlier session.
    """

    FORM = "response"

    def __init__(self, corpus: Corpus, item: Item, today: date, draft: Draft | None = None) -> None:
        super().__init__(corpus.workspace, draft)
        self.corpus = corpus
        self.item = item
        self.today = today

    def compose(self) -> ComposeResult:
        item = self.item
        statuses = STATUSES[item.kind]
        with Vertical(classes="form-box"):
            yield Label(
                Text(f"Response to {printable_line(item.id)}  (ctrl+s save · esc cancel)"),
                classes="form-title",
            )
            with VerticalScroll(classes="form-fields"):
                said = Text(printable_line(item.note.title) + "\nnow ")
                said.append(item.status, style="bold")
                said.append(f", due {item.due}" if item.due else "")
                yield Static(said, classes="field")
                yield field(
                    "Status",
                    Select(
                        [(s, s) for s in statuses], prompt="no change", id="r-status", compact=True
                    ),
                )
                yield field("Date", Input(self.today.isoformat(), id="r-date", compact=True))
                yield field(
                    "Title",
                    Input(
                        placeholder=f"{item.id}: <status> (automatic)", id="r-title", compact=True
                    ),
                )
                yield field("By", Input(placeholder="agency or person", id="r-by", compact=True))
                yield field(
                    "Revised due",
                    Input(
                        placeholder="YYYY-MM-DD (the body must say why)", id="r-due", compact=True
                    ),
                    row="due",
                )
                yield from compose_rows(
                    COMMON_ROWS,
                    "r",
                    self.corpus.notes,
                    list(self.corpus.workspace.settings.partnerships),
                )
                yield Label("Body: what was said or done (and why the due date moved)")
                yield TextArea(id="r-body", classes="form-body", compact=True)
            yield Static("", classes="form-errors", id="r-errors")
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="r-save", compact=True)
                yield Button("Cancel", id="r-cancel", compact=True)

    def on_mount(self) -> None:
        # A risk has no due date to revise.
        self.query_one("#row-due").set_class(self.item.kind == "risk", "-hidden")
        self.query_one("#r-status", Select).focus()
        self.start_drafting()

    def heading(self) -> tuple[str, str, str | None]:
        title = self.query_one("#r-title", Input).value.strip()
        return "response", title or f"response to {self.item.id}", self.item.id

    @on(Button.Pressed, "#r-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#r-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def write(self) -> Path | None:
        """Write the response through the library's checks, or show what is wrong."""
        errors: list[str] = []
        status = self.query_one("#r-status", Select).value
        day = dated(self.query_one("#r-date", Input).value.strip(), "date", errors, required=True)
        due = dated(self.query_one("#r-due", Input).value.strip(), "revised due", errors)
        body = self.query_one("#r-body", TextArea).text
        more = read_rows(self, "response", COMMON_ROWS, "r", errors)
        if due is not None and not body.strip():
            errors.append("revised due: say why the due date moved, in the body")
        box = self.query_one("#r-errors", Static)
        if errors:
            box.update(problems_text(errors))
            box.add_class("-shown")
            return None
        try:
            path = write_response(
                self.corpus,
                self.item.id,
                status=None if status is Select.NULL else str(status),
                day=day,
                title=self.query_one("#r-title", Input).value.strip() or None,
                by=self.query_one("#r-by", Input).value.strip() or None,
                due=due,
                body=body,
                more=more,
            )
        except (CaptureError, OSError) as exc:
            messages = (
                [p.message for p in exc.problems] if isinstance(exc, CaptureError) else [str(exc)]
            )
            box.update(problems_text(messages))
            box.add_class("-shown")
            return None
        return path
