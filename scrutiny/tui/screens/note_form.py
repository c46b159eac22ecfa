"""The new-note form: every field a note needs, checked against the workspace before writing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from scrutiny.capture import ID_PREFIX, CaptureError, next_id, write_note
from scrutiny.corpus import Corpus
from scrutiny.drafts import Draft
from scrutiny.notes import KINDS
from scrutiny.printable import printable_line
from scrutiny.tui.screens.form import DraftedForm
from scrutiny.tui.widgets.form_fields import dated, field, problems_text
from scrutiny.tui.widgets.note_fields import COMMON_ROWS, KIND_ROWS, compose_rows, read_rows, shown
from scrutiny.words import article

#: Kinds written through this form (responses have their own, from an item).
FORM_KINDS = tuple(k for k in KINDS if k != "response")
#: Kinds a note of which must name its framework areas (a review defaults to case reviews).
AREAS_REQUIRED = ("activity", "finding", "recommendation", "voice")


class NoteForm(DraftedForm):
    """Write a new note of any kind but a response, every field of it; errors show in the form.

    ``draft`` fills the form with typing kept from an earlier session.
    """

    FORM = "note"

    def __init__(
        self, corpus: Corpus, today: date, kind: str = "activity", draft: Draft | None = None
    ) -> None:
        super().__init__(corpus.workspace, draft)
        self.corpus = corpus
        self.today = today
        self.kind = draft.kind if draft is not None and draft.kind in FORM_KINDS else kind

    def compose(self) -> ComposeResult:
        framework = self.corpus.workspace.framework
        with Vertical(classes="form-box"):
            yield Label("New note  (ctrl+s save · esc cancel)", classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield field(
                    "Kind",
                    Select(
                        [(k, k) for k in FORM_KINDS],
                        value=self.kind,
                        allow_blank=False,
                        id="f-kind",
                        compact=True,
                    ),
                )
                yield field("Date", Input(self.today.isoformat(), id="f-date", compact=True))
                yield field("Title", Input(placeholder="one line", id="f-title", compact=True))
                with Horizontal(classes="field"):
                    yield Label("Areas")
                    yield SelectionList[str](
                        *((a.id, a.id) for a in framework.areas), id="f-areas", compact=True
                    )
                    yield Static("", id="f-prompts")
                yield from compose_rows(
                    (*KIND_ROWS, *COMMON_ROWS),
                    "f",
                    self.corpus.notes,
                    list(self.corpus.workspace.settings.partnerships),
                )
                yield Label("Body")
                yield TextArea(id="f-body", classes="form-body", compact=True)
            yield Static("", classes="form-errors", id="f-errors")
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="f-save", compact=True)
                yield Button("Cancel", id="f-cancel", compact=True)

    def on_mount(self) -> None:
        self._show_rows()
        self.query_one("#f-title", Input).focus()
        self.start_drafting()

    def heading(self) -> tuple[str, str, str | None]:
        return self.kind, self.query_one("#f-title", Input).value.strip(), None

    # -- reacting --------------------------------------------------------------------------

    @on(Select.Changed, "#f-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self.kind = str(event.value)
        self._show_rows()

    def _show_rows(self) -> None:
        have = {row.name for row in shown(self.kind, KIND_ROWS)}
        for row in KIND_ROWS:
            self.query_one(f"#row-{row.name}").set_class(row.name not in have, "-hidden")
        automatic = (
            next_id(self.kind, self.corpus.by_id)
            if self.kind in ID_PREFIX
            else "from the file name"
        )
        self.query_one("#f-id", Input).placeholder = f"{automatic} (automatic)"

    @on(SelectionList.SelectionHighlighted, "#f-areas")
    def _area_highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        area = self.corpus.workspace.framework.area(event.selection.value)
        if area is None:
            return
        # Framework files come with the workspace: their words are text, never markup.
        text = Text(printable_line(area.title), style="bold")
        for prompt in area.prompts:
            text.append("\n• " + printable_line(prompt))
        self.query_one("#f-prompts", Static).update(text)

    @on(Button.Pressed, "#f-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#f-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # -- saving ----------------------------------------------------------------------------

    def values(self) -> tuple[dict[str, Any], list[str]]:
        """The fields as a note's front matter, and mistakes found before checking."""
        errors: list[str] = []
        title = self.query_one("#f-title", Input).value.strip()
        # The library stops at the first missing field of a kind; say all of them at once.
        if not title:
            errors.append("title: give the note a one-line title")
        fields: dict[str, Any] = {
            "date": dated(
                self.query_one("#f-date", Input).value.strip(), "date", errors, required=True
            ),
            "title": title,
            "areas": list(self.query_one("#f-areas", SelectionList).selected),
        }
        if self.kind in AREAS_REQUIRED and not fields["areas"]:
            errors.append(f"areas: choose at least one framework area for {article(self.kind)}")
        fields.update(read_rows(self, self.kind, (*KIND_ROWS, *COMMON_ROWS), "f", errors))
        return fields, errors

    def write(self) -> Path | None:
        """Check the note against the workspace and write it, or show what is wrong."""
        fields, errors = self.values()
        box = self.query_one("#f-errors", Static)
        if errors:
            box.update(problems_text(errors))
            box.add_class("-shown")
            return None
        body = self.query_one("#f-body", TextArea).text
        try:
            path = write_note(self.corpus, self.kind, fields, body)
        except (CaptureError, OSError) as exc:
            messages = (
                [p.message for p in exc.problems] if isinstance(exc, CaptureError) else [str(exc)]
            )
            box.update(problems_text(messages))
            box.add_class("-shown")
            return None
        return path
