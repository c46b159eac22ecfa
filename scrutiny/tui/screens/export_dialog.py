"""The export dialog: file name and format, the publication check's hits, then write."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from scrutiny.files import output_refusal, write_atomic
from scrutiny.periods import Period
from scrutiny.printable import printable
from scrutiny.report.formats import FORMATS, render
from scrutiny.report.model import Document
from scrutiny.report.publication import Hit


class ExportDialog(ModalScreen[str | None]):
    """Asks for a file name and format; with publication hits, writing needs "Export anyway"."""

    CSS_PATH = "export_dialog.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, root: Path, doc: Document, hits: list[Hit], period: Period) -> None:
        super().__init__()
        self.root = root
        self.doc = doc
        self.hits = hits
        self.period = period

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(f"[b]Export sections 6–7 for {self.period}[/b]")
            with Horizontal(classes="export-row"):
                yield Input(f"report-{self.period}.md", id="x-file", compact=True)
                yield Select(
                    [(f, f) for f in FORMATS],
                    value="md",
                    allow_blank=False,
                    id="x-format",
                    compact=True,
                )
            if self.hits:
                yield Static(
                    f"[bold red]The publication check found {len(self.hits)} problem(s).[/] "
                    "Nothing is written unless you choose Export anyway:",
                    id="x-warning",
                )
                with VerticalScroll(id="x-hits"):
                    yield Static(Text("\n".join(str(h) for h in self.hits)))
            else:
                yield Static(
                    "Publication check: no restricted text or personal data found.", id="x-warning"
                )
            yield Static("", id="x-error")
            with Horizontal(classes="export-buttons"):
                if self.hits:
                    yield Button("Export anyway", variant="error", id="x-anyway", compact=True)
                else:
                    yield Button("Export", variant="primary", id="x-export", compact=True)
                yield Button("Cancel", id="x-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#x-file", Input).focus()

    @on(Select.Changed, "#x-format")
    def _format_changed(self, event: Select.Changed) -> None:
        box = self.query_one("#x-file", Input)
        box.value = str(Path(box.value).with_suffix(f".{event.value}"))

    @on(Button.Pressed, "#x-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#x-export")
    @on(Input.Submitted, "#x-file")
    def _export(self) -> None:
        self.export(anyway=False)

    @on(Button.Pressed, "#x-anyway")
    def _export_anyway(self) -> None:
        self.export(anyway=True)

    def export(self, *, anyway: bool) -> None:
        """Write the file (atomically), unless the check found problems and this is not ``anyway``."""
        name = self.query_one("#x-file", Input).value.strip()
        error = self.query_one("#x-error", Static)
        if not name:
            error.update("[red]give a file name[/]")
            return
        if self.hits and not anyway:
            error.update("[red]publication problems: choose Export anyway to write regardless[/]")
            return
        path = Path(name).expanduser()
        if not path.is_absolute():
            path = self.root / path
        fmt = str(self.query_one("#x-format", Select).value)
        refusal = output_refusal(path, self.root)
        if refusal:
            error.update(Text(printable(refusal), style="red"))
            return
        try:
            write_atomic(path, render(self.doc, fmt, self.root))
        except OSError as exc:
            error.update(
                Text(f"cannot write {printable(str(path))}: {exc.strerror or exc}", style="red")
            )
            return
        self.dismiss(str(path))
