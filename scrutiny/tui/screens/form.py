"""What the forms share: no typing is lost, by asking before leaving and keeping a draft."""

from __future__ import annotations

import contextlib
from abc import abstractmethod
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, TextArea
from textual.widgets.select import InvalidSelectValueError

from scrutiny.drafts import Draft, DraftStore, Value, draft_payload
from scrutiny.printable import printable, printable_line
from scrutiny.tui.widgets.evidence_picker import EvidencePicker
from scrutiny.workspace import Workspace

#: Seconds of quiet after the last change before the draft is written.
DRAFT_DELAY = 1.0


class DraftedForm(ModalScreen[Path | None]):
    """A form that asks Save / Discard / Keep editing before its changes are left behind,
    and keeps a draft of them (see :mod:`scrutiny.drafts`) while it is open.

    A subclass writes its note in :meth:`write`, names its draft in :meth:`heading`, and
    calls :meth:`start_drafting` once its fields hold their first values.
    """

    CSS_PATH = "form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]
    #: The form's name in a draft (see ``scrutiny.drafts.FORMS``).
    FORM: ClassVar[str] = "note"

    def __init__(self, workspace: Workspace, draft: Draft | None = None) -> None:
        super().__init__()
        self.drafts = DraftStore(workspace)
        #: The draft this form was filled from, if any.
        self.draft = draft
        #: The file this form's draft is kept in, once written.
        self.draft_path: Path | None = draft.path if draft is not None else None
        self._blank: dict[str, Value] | None = None
        self._timer: Timer | None = None
        self._finished = False
        self._said_unkept = False

    # -- what a form says --------------------------------------------------------------------

    @abstractmethod
    def write(self) -> Path | None:
        """Check the fields and write the note; on a problem, show it and return None."""

    @abstractmethod
    def heading(self) -> tuple[str, str, str | None]:
        """The kind, the title and the item answered, as the list of drafts shows them."""

    # -- the fields as plain values ----------------------------------------------------------

    def _inputs(self) -> Iterator[Widget]:
        for widget in self.query("*"):
            if (
                widget.id
                and isinstance(widget, Input | TextArea | Select | SelectionList)
                and not any(isinstance(a, EvidencePicker) for a in widget.ancestors)
            ):
                yield widget

    def form_values(self) -> dict[str, Value]:
        """Every field's value, by widget id: text, a choice ("" for none), or ticked values."""
        values: dict[str, Value] = {}
        for widget in self._inputs():
            assert widget.id is not None
            if isinstance(widget, Input):
                values[widget.id] = widget.value
            elif isinstance(widget, TextArea):
                values[widget.id] = widget.text
            elif isinstance(widget, Select):
                values[widget.id] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, SelectionList):
                values[widget.id] = [str(v) for v in widget.selected]
        for picker in self.query(EvidencePicker):
            values[picker.id or "evidence"] = list(picker.chosen)
        return values

    def restore(self, values: dict[str, Value]) -> None:
        """Fill the fields from a draft's ``values``; what no longer fits the form is left out.

        A draft may come from a shared folder: text goes in as text (controls made
        visible), and a choice counts only if the form offers it.
        """
        for widget in self._inputs():
            value = values.get(widget.id or "")
            if isinstance(widget, Input) and isinstance(value, str):
                widget.value = printable_line(value)
            elif isinstance(widget, TextArea) and isinstance(value, str):
                widget.text = printable(value)
            elif isinstance(widget, Select) and isinstance(value, str):
                with contextlib.suppress(InvalidSelectValueError):
                    widget.value = value if value else Select.NULL
            elif isinstance(widget, SelectionList) and isinstance(value, list):
                offered = {widget.get_option_at_index(i).value for i in range(widget.option_count)}
                widget.deselect_all()
                for choice in value:
                    if choice in offered:
                        widget.select(choice)
        for picker in self.query(EvidencePicker):
            chosen = values.get(picker.id or "evidence")
            if isinstance(chosen, list):
                picker.restore(chosen)

    # -- drafts ------------------------------------------------------------------------------

    def start_drafting(self) -> None:
        """Take the fields as they are as the blank form, then fill in the draft, if any."""
        self._blank = self.form_values()
        if self.draft is not None:
            self.restore(self.draft.fields)

    @property
    def changed(self) -> bool:
        """Whether the fields differ from the blank form (typing that would be lost)."""
        return self._blank is not None and self.form_values() != self._blank

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(EvidencePicker.Changed)
    def _edited(self) -> None:
        if self._finished or self._blank is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DRAFT_DELAY, self.keep_draft)

    def keep_draft(self) -> None:
        """Write the draft now (or remove it, when the form is back to blank)."""
        if self._finished or self._blank is None:
            return
        values = self.form_values()
        if values == self._blank:
            self._drop_draft()
            return
        kind, title, target = self.heading()
        payload = draft_payload(self.FORM, kind, title, target, values)
        try:
            if self.draft_path is None:
                self.draft_path = self.drafts.save(self.drafts.new_name(self.FORM), payload)
            else:
                self.drafts.save(self.draft_path.name, payload, where=self.draft_path.parent)
        except OSError as exc:
            if not self._said_unkept:
                self._said_unkept = True
                self.notify(
                    printable(exc.strerror or str(exc)),
                    title="No draft kept",
                    severity="warning",
                    markup=False,
                )

    def _drop_draft(self) -> None:
        if self.draft_path is not None:
            self.drafts.remove(self.draft_path)
            self.draft_path = None

    # -- leaving -----------------------------------------------------------------------------

    def finish(self, result: Path | None) -> None:
        """Close the form for good (saved or discarded): its draft goes with it."""
        self._finished = True
        if self._timer is not None:
            self._timer.stop()
        self._drop_draft()
        self.dismiss(result)

    def action_save(self) -> bool:
        """Check and write the note, then close; or stay, showing what is wrong."""
        path = self.write()
        if path is not None:
            self.finish(path)
        return path is not None

    def action_cancel(self) -> None:
        """Close; with changes, first ask whether to save or discard them."""
        if self.changed:
            self.ask_to_leave()
        else:
            self.finish(None)

    def ask_to_leave(self, then: Callable[[], object] | None = None) -> None:
        """Ask Save / Discard / Keep editing; ``then`` runs once the form has closed."""
        from scrutiny.tui.screens.leave_dialog import LeaveDialog

        def chosen(choice: str | None) -> None:
            if choice == "save" and self.action_save() and then is not None:
                then()
            elif choice == "discard":
                self.finish(None)
                if then is not None:
                    then()

        self.app.push_screen(LeaveDialog(), chosen)
