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
from scrutiny.notes import LENSES, SOURCES
from scrutiny.printable import printable_line
from scrutiny.tui.screens.form import DraftedForm
from scrutiny.tui.widgets.evidence_picker import EvidencePicker
from scrutiny.tui.widgets.form_fields import dated, field, problems_text

#: Kinds written through this form (responses have their own, from an item).
FORM_KINDS = ("activity", "finding", "recommendation", "risk", "action")
#: The optional rows each kind shows.
ROWS = {
    "activity": {"source"},
    "finding": {"judgement"},
    "recommendation": {"id", "for", "owner", "due"},
    "risk": {"id", "category", "owner"},
    "action": {"id", "owner", "due"},
}
AREAS_REQUIRED = ("activity", "finding", "recommendation")
OPTIONAL_ROWS = ("source", "id", "for", "category", "judgement", "owner", "due")


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


class NoteForm(DraftedForm):
    """Write a new activity, finding, recommendation, risk or action; errors show in the form.

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
                yield field(
                    "Source",
                    Select(
                        [(s, s) for s in SOURCES], prompt="choose…", id="f-source", compact=True
                    ),
                    row="source",
                )
                yield field("Id", Input(placeholder="", id="f-id", compact=True), row="id")
                yield field(
                    "For",
                    Select(
                        [("partnership", "partnership"), ("scrutiny", "scrutiny")],
                        value="partnership",
                        allow_blank=False,
                        id="f-for",
                        compact=True,
                    ),
                    row="for",
                )
                yield field(
                    "Category",
                    Select(
                        [("strategic", "strategic"), ("operational", "operational")],
                        prompt="choose…",
                        id="f-category",
                        compact=True,
                    ),
                    row="category",
                )
                yield field(
                    "Judgement",
                    Select(
                        [(j, j) for j in ("strength", "concern", "mixed", "neutral")],
                        prompt="none",
                        id="f-judgement",
                        compact=True,
                    ),
                    row="judgement",
                )
                yield field(
                    "Owner",
                    Input(placeholder="agency or person", id="f-owner", compact=True),
                    row="owner",
                )
                yield field(
                    "Due", Input(placeholder="YYYY-MM-DD", id="f-due", compact=True), row="due"
                )
                with Horizontal(classes="field"):
                    yield Label("Lens")
                    yield SelectionList[str](
                        *((lens, lens) for lens in LENSES), id="f-lens", compact=True
                    )
                with Horizontal(classes="field"):
                    yield Label("Evidence")
                    yield EvidencePicker(self.corpus.notes, id="f-evidence-picker")
                yield field(
                    "Agencies",
                    Input(
                        placeholder="comma-separated, e.g. police, ICB",
                        id="f-agencies",
                        compact=True,
                    ),
                )
                yield field(
                    "Confidential",
                    Select(
                        [("public", "public"), ("restricted", "restricted")],
                        value="public",
                        allow_blank=False,
                        id="f-conf",
                        compact=True,
                    ),
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
        shown = ROWS.get(self.kind, set())
        for row in OPTIONAL_ROWS:
            self.query_one(f"#row-{row}").set_class(row not in shown, "-hidden")
        if self.kind in ID_PREFIX:
            self.query_one(
                "#f-id", Input
            ).placeholder = f"{next_id(self.kind, self.corpus.by_id)} (automatic)"

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
        shown = ROWS.get(self.kind, set())

        def text(widget_id: str) -> str:
            return self.query_one(widget_id, Input).value.strip()

        def choice(widget_id: str) -> str | None:
            value = self.query_one(widget_id, Select).value
            return None if value is Select.NULL else str(value)

        fields: dict[str, Any] = {
            "date": dated(text("#f-date"), "date", errors, required=True),
            "title": text("#f-title"),
            "areas": list(self.query_one("#f-areas", SelectionList).selected),
            "lens": list(self.query_one("#f-lens", SelectionList).selected),
            "agencies": [a.strip() for a in text("#f-agencies").split(",") if a.strip()],
            "evidence": list(self.query_one(EvidencePicker).chosen),
        }
        if choice("#f-conf") == "restricted":
            fields["confidentiality"] = "restricted"
        if "source" in shown:
            fields["source"] = choice("#f-source")
        if "id" in shown:
            fields["id"] = text("#f-id") or None
        if "for" in shown and choice("#f-for") == "scrutiny":
            fields["for"] = "scrutiny"
        if "category" in shown:
            fields["category"] = choice("#f-category")
        if "judgement" in shown:
            fields["judgement"] = choice("#f-judgement")
        if "owner" in shown:
            fields["owner"] = text("#f-owner") or None
        if "due" in shown:
            fields["due"] = dated(text("#f-due"), "due", errors)
        # The library stops at the first missing field of a kind; say all of them at once.
        if not fields["title"]:
            errors.append("title: give the note a one-line title")
        if self.kind in AREAS_REQUIRED and not fields["areas"]:
            errors.append(f"areas: choose at least one framework area for {_a(self.kind)}")
        if "source" in shown and not fields["source"]:
            errors.append("source: choose where the evidence came from (meeting, document…)")
        if "category" in shown and not fields["category"]:
            errors.append("category: choose strategic or operational")
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
