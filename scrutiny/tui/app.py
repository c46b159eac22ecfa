"""The terminal UI: six screens over one reading of the workspace, kept live as files change."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from textual import work
from textual.app import SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from scrutiny.periods import Period
from scrutiny.printable import printable
from scrutiny.tui import drafting, editor, user
from scrutiny.tui.screens.base import DataScreen
from scrutiny.tui.state import FirstReading, Loaded, reload
from scrutiny.tui.watching import WatchingApp
from scrutiny.workspace import Workspace

#: Mode name, key, footer label and screen class (``module:Class`` under
#: ``scrutiny.tui.screens``), in the order the keys run.
SCREENS: tuple[tuple[str, str, str, str], ...] = (
    ("evidence", "1", "Evidence", "evidence:EvidenceScreen"),
    ("recommendations", "2", "Recommendations", "items:RecommendationsScreen"),
    ("risks", "3", "Risks", "items:RisksScreen"),
    ("coverage", "4", "Coverage", "coverage:CoverageScreen"),
    ("report", "5", "Report", "report:ReportScreen"),
    ("problems", "6", "Problems", "problems:ProblemsScreen"),
)


def _screen(where: str) -> Callable[[], Screen[None]]:
    """Make the screen at ``where`` when it is first shown, importing it only then: the
    first paint need not wait for screens (and their libraries) nobody has opened yet."""

    def make() -> Screen[None]:
        module, name = where.split(":")
        found: type[Screen[None]] = getattr(
            importlib.import_module(f"scrutiny.tui.screens.{module}"), name
        )
        return found()

    return make


_GROUP = Binding.Group("Screens", compact=True)
#: Where the files cannot be watched (see ``watching``), at most this share of the time
#: goes on checking them: a workspace whose check takes 0.4 s (50,000 notes) is checked
#: every 4 s rather than every second.
POLL_SHARE = 0.1


class ScrutinyApp(WatchingApp):
    """A scrutineer's workspace: evidence, recommendations, risks, coverage, report, problems."""

    CSS_PATH = "app.tcss"
    TITLE = "scrutiny"
    MODES = {name: _screen(where) for name, _, _, where in SCREENS}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        *(
            Binding(key, f"switch_mode('{name}')", label, group=_GROUP)
            for name, key, label, _ in SCREENS
        ),
        Binding("n", "new_note", "New note"),
        Binding("p", "pick_period", "Period"),
        Binding("left_square_bracket", "shift_period(-1)", "Earlier period", show=False),
        Binding("right_square_bracket", "shift_period(1)", "Later period", show=False),
        Binding("t", "change_theme", "Theme"),
        Binding("ctrl+r", "reload", "Reload", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        today: date | None = None,
        first_reading: FirstReading | None = None,
        database_url: str | None = None,
        partnership: str | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        #: One partnership's footprint (``--partnership``), or None for the whole workspace.
        self.partnership = partnership
        #: The partnership the screens speak for, as the report names it.
        self.partnership_name = workspace.settings.partnerships.get(
            partnership or "", workspace.settings.name
        )
        #: The as-of date for statuses and overdue marks, and the default date of new notes.
        self.today = today or date.today()
        #: The first reading of the workspace, started before the UI (see ``run_tui``).
        self.first_reading = (
            first_reading
            if first_reading is not None and first_reading.today == self.today
            else FirstReading(workspace, self.today, database_url, partnership)
        )
        self.loaded: Loaded | None = None
        #: The newest period alone, shown by the Evidence screen until ``loaded`` arrives.
        self.glance: Loaded | None = None
        self.period: Period | None = None
        #: Screens that draw from the reading; each is told when it changes.
        self.data_screens: list[DataScreen] = []
        #: When the files may next be checked (see ``POLL_SHARE``).
        self._next_check = 0.0
        #: A note path to select once the next reading arrives (a note just written).
        self.pending_path: str | None = None

    # -- reading the workspace ------------------------------------------------------------

    def on_mount(self) -> None:
        self.sub_title = self.partnership_name
        self.theme = user.saved_theme(self.available_themes) or self.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # Not DEFAULT_MODE: on Python 3.12+ Textual composes a default-mode screen before
        # it is on the stack, and its Input then crashes the app at start
        # (Textualize/textual#6444). Switching once mounted avoids that.
        self.switch_mode("evidence")
        self.load()
        self.notice_changes()
        self._progress_timer = self.set_interval(0.25, self._show_progress)

    def _show_progress(self) -> None:
        """Say how the first index is going (in the header) until the reading arrives."""
        said = self.first_reading.describe()
        if self.loaded is not None or self.glance is not None:
            self._progress_timer.stop()
        elif said is not None:
            self.sub_title = f"{said} · {self.partnership_name}"

    @work(thread=True, exclusive=True, group="index")
    def load(self) -> None:
        """Read the workspace (in a thread: a large one takes a moment)."""
        if self.loaded is None:
            glance = self.first_reading.glance()
            if glance is not None and not get_current_worker().is_cancelled:
                self.call_from_thread(self.show_glance, glance)
            loaded: Loaded | None = self.first_reading.result()
        else:
            loaded = reload(self.loaded.scrutiny, self.today, force=True)
        if loaded is not None and not get_current_worker().is_cancelled:
            self.call_from_thread(self.apply, loaded)

    @work(thread=True, exclusive=True, group="index")
    def check_for_changes(self) -> None:
        """Refresh the index; take a new reading only if a file changed."""
        if self.loaded is None:
            return
        started = time.monotonic()
        loaded = reload(self.loaded.scrutiny, self.today)
        self._next_check = time.monotonic() + (time.monotonic() - started) / POLL_SHARE
        if loaded is not None and not get_current_worker().is_cancelled:
            self.call_from_thread(self.apply, loaded)

    def show_glance(self, glance: Loaded) -> None:
        """Draw the newest period from a glance, then let the full reading go on."""
        if self.loaded is None:
            self.glance = glance
            self.period = glance.corpus.newest_period()
            self.sub_title = f"{self.period} · {self.partnership_name}"
            for screen in self.data_screens:
                if screen.SHOWS_GLANCE:
                    screen.sync()
        self.call_after_refresh(self.first_reading.go_on)

    def apply(self, loaded: Loaded) -> None:
        """Show a new reading on every screen, keeping the chosen period where it still exists."""
        first = self.loaded is None
        self.loaded = loaded
        self.glance = None
        if self.pending_path is not None:
            note = next((n for n in loaded.corpus.notes if n.path == self.pending_path), None)
            if note is not None:
                self.period = self.workspace.period_of(note.date)
        if self.period is None or self.period not in self.offered_periods():
            self.period = loaded.corpus.newest_period()
        self._sync()
        if first:  # typing a killed or closed session left in a form
            drafting.offer_drafts(self)
        self.watch_once_read()

    def _sync(self) -> None:
        self.sub_title = f"{self.period} · {self.partnership_name}"
        for screen in self.data_screens:
            screen.sync()
        self.pending_path = None

    def action_reload(self) -> None:
        """Read every file again."""
        self.load()

    # -- periods ----------------------------------------------------------------------------

    def set_period(self, period: Period | None) -> None:
        """Show ``period`` on every screen."""
        if period is None or period == self.period:
            return
        self.period = period
        self._sync()

    def offered_periods(self) -> list[Period]:
        """The periods with notes, and the current one (of the as-of date) and the next even
        without any, so a new year can be started: newest first."""
        reading = self.loaded or self.glance
        current = self.workspace.period_of(self.today)
        found = {*(reading.periods if reading is not None else ()), current, current.next()}
        return sorted(found, reverse=True)

    def action_shift_period(self, step: int) -> None:
        """Move to the previous (-1) or next (+1) period on offer."""
        if self.loaded is None or self.period is None:
            return
        periods = sorted(self.offered_periods())
        if self.period not in periods:
            return
        at = periods.index(self.period) + step
        if 0 <= at < len(periods):
            self.set_period(periods[at])

    def action_pick_period(self) -> None:
        """Choose the period from a list."""
        from scrutiny.tui.screens.period_picker import PeriodPicker

        if self.loaded is not None:
            picker = PeriodPicker(
                self.offered_periods(),
                self.period,
                with_notes=set(self.loaded.periods),
                current=self.workspace.period_of(self.today),
            )
            self.push_screen(picker, self.set_period)

    # -- writing and editing ------------------------------------------------------------

    def action_new_note(self) -> None:
        """Open the new-note form."""
        from scrutiny.tui.screens.note_form import NoteForm

        if self.loaded is not None:
            self.push_screen(NoteForm(self.loaded.corpus, self.today), self.note_written)

    def note_written(self, path: Path | None) -> None:
        """Select a note just written, once the reading that holds it arrives."""
        if path is None:
            return
        self.pending_path = self.workspace.relative(path)
        self.notify(f"wrote {self.pending_path}", title="Saved", markup=False)
        self.load()

    def edit(self, rel_path: str, line: int | None = None) -> None:
        """Hand the terminal to ``$EDITOR`` on a note, then read the workspace again."""
        path = self.workspace.root / rel_path
        try:
            with self.suspend():
                error = self.run_editor(path, line)
        except SuspendNotSupported:
            error = "this terminal cannot hand over to an editor"
        if error:
            self.notify(error, severity="error")
        self.load()

    def run_editor(self, path: Path, line: int | None) -> str | None:
        """Run the editor in the foreground (tests replace this)."""
        return editor.run_editor(path, line)

    async def action_quit(self) -> None:
        """Quit; a form with unsaved changes first asks whether to save or discard them."""
        from scrutiny.tui.screens.form import DraftedForm

        form = self.screen
        if isinstance(form, DraftedForm) and form.changed:
            form.ask_to_leave(then=self.exit)
            return
        for screen in self.screen_stack:
            if isinstance(screen, DraftedForm) and screen.changed:
                screen.keep_draft()  # under a dialog: keep the typing for the next start
        self.exit()

    # -- drafts -----------------------------------------------------------------------------

    def action_drafts(self) -> None:
        """Offer the drafts left by forms that were not saved."""
        drafting.offer_drafts(self, quiet=False)

    # -- themes and screenshots -------------------------------------------------------------

    def _remember_theme(self, theme: Theme) -> None:
        """Keep the chosen theme for the next start, in the user's settings (not the workspace)."""
        try:
            user.save_setting("theme", theme.name)
        except OSError as exc:
            self.notify(
                printable(f"the theme will not be remembered: {exc.strerror or exc}"),
                severity="warning",
                markup=False,
            )

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save the screen as SVG where the user can find it, and say where.

        Textual's own saves to a Downloads folder that may not exist, and then says only
        that it failed; the folder is chosen here (``filename`` and ``path`` are unused).
        """
        mode = self.current_mode or "screen"
        try:
            saved = user.save_screenshot(self.export_screenshot(), self.workspace.root, mode)
        except OSError as exc:
            self.notify(
                printable(f"cannot save the screenshot: {exc.strerror or exc}"),
                title="Screenshot",
                severity="error",
                markup=False,
            )
            return None
        self.notify(printable(str(saved)), title="Screenshot saved", markup=False)
        return None

    # -- the command palette ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # Over a form or dialog, only Textual's own (theme, keys, screenshot, quit):
        # going elsewhere from there would leave the form behind.
        if isinstance(screen, DataScreen):
            from scrutiny.tui.commands import app_commands

            yield from app_commands(self, screen, SCREENS)
