"""The terminal UI: the workspace's notes in a table, with a preview of the selected note."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Markdown, Static

from scrutiny import corpus as corpus_module
from scrutiny.corpus import Corpus
from scrutiny.workspace import Workspace


class ScrutinyApp(App[None]):
    """Browse a workspace's evidence: notes by date, the selected one rendered beside."""

    CSS_PATH = "app.tcss"
    TITLE = "scrutiny"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+r", "reload", "Reload"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.corpus: Corpus | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="notes", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="preview-pane"):
                yield Static(id="meta")
                yield Markdown(id="preview")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.workspace.settings.name
        table = self.query_one("#notes", DataTable)
        table.add_columns("Date", "Kind", "Title")
        self.action_reload()

    def action_reload(self) -> None:
        """Re-read the workspace and refill the table."""
        self.corpus = corpus_module.load(self.workspace)
        table = self.query_one("#notes", DataTable)
        table.clear()
        for note in reversed(self.corpus.notes):
            table.add_row(note.date.isoformat(), note.kind, note.title, key=note.id)
        errors = len({p.path for p in self.corpus.errors})
        status = f"{len(self.corpus.notes)} notes"
        if errors:
            status += f" · {errors} with errors (run scrutiny check)"
        self.query_one("#status", Static).update(status)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.corpus is None or event.row_key.value is None:
            return
        note = self.corpus.by_id.get(event.row_key.value)
        if note is None:
            return
        meta = f"[b]{note.title}[/b]\n{note.kind} · {note.date} · {', '.join(note.areas) or '—'}"
        if note.restricted:
            meta += " · [red]restricted[/red]"
        self.query_one("#meta", Static).update(meta)
        self.query_one("#preview", Markdown).update(note.body)
