"""The Problems screen: everything the checks found; Enter opens the file at the line."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import DataTable, Static

from scrutiny.columns import Column
from scrutiny.tui.screens.base import DataScreen
from scrutiny.tui.widgets.tables import FitTable, Row, selected_key

#: Where (a path and line: Enter opens it) and the message share the width.
COLUMNS = (
    Column("where", "Where", min_width=24, ratio=1),
    Column("severity", "Severity", max_width=8),
    Column("message", "Message", min_width=24, ratio=1),
)


class ProblemsScreen(DataScreen):
    """Every problem in the workspace as ``path:line``; Enter or ``e`` opens $EDITOR there."""

    BINDINGS = [Binding("e", "edit", "Edit at line")]
    AUTO_FOCUS = "#problems"
    DEFAULT_CSS = """
    ProblemsScreen #problems-summary { height: auto; padding: 0 1; background: $panel; }
    ProblemsScreen #problems { height: 1fr; }
    """

    def compose_body(self) -> ComposeResult:
        yield Static("", id="problems-summary")
        yield FitTable(COLUMNS, id="problems")

    def sync(self) -> None:
        if self.loaded is None:
            return
        problems = self.loaded.corpus.problems
        errors = sum(1 for p in problems if p.is_error)
        summary = "[green]No problems: every note checks out.[/]"
        if problems:
            summary = (
                f"[b]{errors} error(s), {len(problems) - errors} warning(s)[/] · "
                "notes with errors are left out of the ledger and report · Enter opens the line"
            )
        self.query_one("#problems-summary", Static).update(summary)
        rows: list[Row] = [
            (
                f"{n}",
                [
                    f"{p.path}:{p.line}:{p.column}",
                    Text(p.severity, style="bold red" if p.is_error else "yellow"),
                    p.message,
                ],
            )
            for n, p in enumerate(problems)
        ]
        self.query_one("#problems", FitTable).fill(rows)

    @on(DataTable.RowSelected, "#problems")
    def _chosen(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        """Open the selected problem's file in $EDITOR at its line."""
        key = selected_key(self.query_one("#problems", DataTable))
        if key is None or self.loaded is None:
            return
        problem = self.loaded.corpus.problems[int(key)]
        self.scrutiny.edit(problem.path, problem.line)

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Edit at problem", "Open the selected problem's file at its line (e)", self.action_edit
        )
