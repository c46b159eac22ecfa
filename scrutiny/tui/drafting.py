"""Drafts offered back, at start or from the palette: read in a thread, listed in a dialog,
and each restored into the form it came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrutiny.drafts import Draft, DraftStore
from scrutiny.printable import printable

if TYPE_CHECKING:
    from scrutiny.tui.app import ScrutinyApp


def offer_drafts(app: ScrutinyApp, *, quiet: bool = True) -> None:
    """Offer the user's drafts in a dialog; ``quiet``: say nothing when there are none."""
    store = DraftStore(app.workspace)

    def read() -> None:  # in a thread: a shared folder may be slow
        drafts, notices = store.load()
        app.call_from_thread(_offer, app, store, drafts, notices, quiet)

    app.run_worker(read, thread=True, exclusive=True, group="drafts")


def _offer(
    app: ScrutinyApp, store: DraftStore, drafts: list[Draft], notices: list[str], quiet: bool
) -> None:
    from scrutiny.tui.screens.drafts_dialog import DraftsDialog

    for notice in notices:
        app.notify(printable(notice), title="Drafts", severity="warning", markup=False)
    if drafts:
        app.push_screen(DraftsDialog(drafts, store), lambda d: restore_draft(app, d))
    elif not quiet:
        app.notify("No unsaved drafts.", title="Drafts")


def restore_draft(app: ScrutinyApp, draft: Draft | None) -> None:
    """Open ``draft`` in the form it came from, filled in as it was left."""
    from scrutiny.tui.screens.note_form import NoteForm
    from scrutiny.tui.screens.response_form import ResponseForm

    if draft is None or app.loaded is None:
        return
    corpus = app.loaded.corpus
    if draft.form == "note":
        app.push_screen(NoteForm(corpus, app.today, draft=draft), app.note_written)
        return
    item = app.loaded.ledger.items.get(draft.target or "")
    if item is None:
        app.notify(
            f"the draft responds to {printable(draft.target or '?')}, which is not in the "
            "workspace now; the draft is kept",
            title="Drafts",
            severity="warning",
            markup=False,
        )
        return
    app.push_screen(ResponseForm(corpus, item, app.today, draft=draft), app.note_written)
