"""The command palette's app-wide commands, found from every screen: go to a screen, write a
note, respond to any recommendation or risk, export the report, periods, theme, drafts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import (
    CommandListItem,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    SimpleCommand,
    SimpleProvider,
)
from textual.content import Content
from textual.markup import escape

from scrutiny.ledger import Item
from scrutiny.printable import printable_line
from scrutiny.tui.screens.base import DataScreen

if TYPE_CHECKING:
    from scrutiny.tui.app import ScrutinyApp

#: Kinds of item a response can be recorded for, in the order the chooser lists them.
RESPONDABLE = ("recommendation", "risk", "action")


class PlainProvider(SimpleProvider):
    """A list of commands whose names are note text (ids, titles): shown as plain text.

    Textual reads a command's name as markup; a title from a shared workspace must never
    become markup (a ``[@click=…]`` in it would be an action), so names stay :class:`Content`.
    """

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands:
            score, offsets = matcher.fuzzy_search.match(query, name)
            if score > 0:
                shown = Content(name)
                for at in offsets:
                    shown = shown.stylize(matcher.match_style, at, at + 1)
                yield Hit(score, shown, callback, text=name, help=help_text)

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands:
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)


def app_commands(
    app: ScrutinyApp, screen: object, screens: Iterable[tuple[str, str, str, str]]
) -> Iterator[SystemCommand]:
    """The commands every data screen offers, besides its own (``screen.commands()``)."""
    for name, key, label, _ in screens:
        yield SystemCommand(f"Go to {label}", f"Show the {label} screen ({key})", _go(app, name))
    yield SystemCommand("New note", "Write a new note through a form (n)", app.action_new_note)
    yield SystemCommand(
        "Respond to a recommendation, risk or action…",
        "Choose the item, then record the partnership's response",
        lambda: choose_item_to_respond(app),
    )
    from scrutiny.tui.screens.report import ReportScreen

    if not isinstance(screen, ReportScreen):  # which offers its own "Export report"
        yield SystemCommand(
            "Export report…",
            "Write sections 6–7 to md, docx or html (from the Report screen)",
            lambda: export_report(app),
        )
    yield SystemCommand("Choose period", "Pick the reporting period (p)", app.action_pick_period)
    yield SystemCommand("Earlier period", "Show the previous period ([)", _shift(app, -1))
    yield SystemCommand("Later period", "Show the next period (])", _shift(app, 1))
    yield SystemCommand(
        "Toggle dark/light", "Switch between the dark and light themes", app.action_toggle_dark
    )
    yield SystemCommand(
        "Unsaved drafts",
        "Typing kept from forms left unsaved: restore or discard",
        app.action_drafts,
    )
    yield SystemCommand("Reload", "Read every note file again (ctrl+r)", app.action_reload)
    if isinstance(screen, DataScreen):
        yield from screen.commands()


def _go(app: ScrutinyApp, mode: str) -> Callable[[], object]:
    return lambda: app.switch_mode(mode)


def _shift(app: ScrutinyApp, step: int) -> Callable[[], object]:
    return lambda: app.action_shift_period(step)


def choose_item_to_respond(app: ScrutinyApp) -> None:
    """A palette of every recommendation, risk and action (open ones first) to respond to."""
    if app.loaded is None:
        app.notify("the workspace is still being read", severity="warning")
        return
    items = [i for i in app.loaded.ledger.items.values() if i.kind in RESPONDABLE]
    items.sort(key=lambda i: (not i.is_open, RESPONDABLE.index(i.kind), i.id))
    commands: list[CommandListItem] = [
        SimpleCommand(
            f"{printable_line(i.id)}  {printable_line(i.note.title)}",
            _respond(app, i),
            escape(f"{i.kind}, {i.status}" + (f", due {i.due}" if i.due else "")),
        )
        for i in items
    ]
    app.push_screen(
        CommandPalette(
            # An instance, as App.search_commands passes one (Textual's types say a class).
            providers=[PlainProvider(app.screen, commands)],  # type: ignore[list-item]
            placeholder="Respond to… (type an id or words of the title)",
        )
    )


def _respond(app: ScrutinyApp, item: Item) -> Callable[[], None]:
    def respond() -> None:
        from scrutiny.tui.screens.response_form import ResponseForm

        if app.loaded is not None:
            app.push_screen(ResponseForm(app.loaded.corpus, item, app.today), app.note_written)

    return respond


async def export_report(app: ScrutinyApp) -> None:
    """Show the Report screen and open its export dialog once the report is built."""
    from scrutiny.tui.screens.report import ReportScreen

    await app.switch_mode("report")
    if isinstance(app.screen, ReportScreen):
        app.screen.export_when_built()
