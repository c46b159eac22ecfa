"""The Report screen: sections 6 and 7 for the period, as they will read; export to a file."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static
from textual.worker import get_current_worker

from scrutiny.corpus import Corpus
from scrutiny.periods import Period
from scrutiny.report import markdown, publication
from scrutiny.report.build import build
from scrutiny.report.model import Document
from scrutiny.report.publication import Hit
from scrutiny.report.wording import TemplateProblem
from scrutiny.tui.screens.base import DataScreen
from scrutiny.tui.screens.export_dialog import ExportDialog


class ReportScreen(DataScreen):
    """A preview of the period's commentary and risks; ``x`` exports, ``d`` shows the draft."""

    CSS_PATH = "report.tcss"
    AUTO_FOCUS = "#report-scroll"
    BINDINGS = [
        Binding("x", "export", "Export"),
        Binding("d", "toggle_draft", "Draft"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.draft = False
        #: The clean (published) document and its publication-check hits, once built.
        self.document: Document | None = None
        self.hits: list[Hit] = []
        #: Open the export dialog as soon as the report is built (asked from another screen).
        self.export_pending = False

    def compose_body(self) -> ComposeResult:
        yield Static("Building the report…", id="report-status")
        with VerticalScroll(id="report-scroll"):
            yield Markdown(id="report")

    def sync(self) -> None:
        if self.loaded is None or self.period is None:
            return
        self.query_one("#report-status", Static).update(f"Building the report for {self.period}…")
        today = getattr(self.app, "today", None)
        self.build_report(self.loaded.corpus, self.period, self.draft, today)

    @work(thread=True, exclusive=True, group="report")
    def build_report(
        self, corpus: Corpus, period: Period, draft: bool, today: date | None = None
    ) -> None:
        """Build, render and check the report (in a thread: a big year takes a moment)."""
        try:
            clean = build(corpus, period, as_of=today)
            hits = publication.check(corpus, clean)
            shown = build(corpus, period, draft=True, as_of=today) if draft else clean
        except TemplateProblem as exc:
            self.app.call_from_thread(self._failed, exc.message)
            return
        text = markdown.render(shown)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._built, period, clean, hits, text)

    def _failed(self, message: str) -> None:
        self.document = None
        self.export_pending = False
        self.query_one("#report-status", Static).update(
            Text(f"The report cannot be built: {message}")
        )

    def _built(self, period: Period, clean: Document, hits: list[Hit], text: str) -> None:
        self.document, self.hits = clean, hits
        mode = "draft (sources cited, empty areas flagged)" if self.draft else "as published"
        status = f"[b]Sections 6–7, {period}[/b] · {mode}"
        if hits:
            status += f" · [bold red]{len(hits)} publication warning(s)[/] (x to see them)"
        else:
            status += " · publication check clean"
        for warning in clean.warnings:
            status += f"\n[yellow]{escape(warning)}[/]"
        self.query_one("#report-status", Static).update(status)
        self.query_one("#report", Markdown).update(text)
        if self.export_pending:
            self.export_pending = False
            self.action_export()

    def export_when_built(self) -> None:
        """Open the export dialog now, or once the report being built is ready."""
        if self.document is not None:
            self.action_export()
        else:
            self.export_pending = True

    def action_toggle_draft(self) -> None:
        """Switch the preview between the published text and the draft with sources."""
        self.draft = not self.draft
        self.sync()

    def action_export(self) -> None:
        """Choose a file and format; the publication check's hits show before anything is written."""
        if self.document is None or self.loaded is None or self.period is None:
            self.notify("the report is still being built", severity="warning")
            return
        dialog = ExportDialog(
            self.loaded.corpus.workspace.root, self.document, self.hits, self.period
        )
        self.app.push_screen(dialog, self._exported)

    def _exported(self, written: str | None) -> None:
        if written:
            self.notify(f"wrote {written}", title="Exported")

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Export report", "Write sections 6–7 to md, docx or html (x)", self.action_export
        )
        yield SystemCommand(
            "Toggle draft preview",
            "Show or hide source notes in the preview (d)",
            self.action_toggle_draft,
        )
