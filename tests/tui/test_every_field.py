"""The TUI forms take every field of every kind, and write what `scrutiny new` writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, TextArea

from scrutiny.capture import fields_of
from scrutiny.reader import parse_text
from scrutiny.tui.app import ScrutinyApp
from scrutiny.tui.screens.form import DraftedForm
from scrutiny.tui.screens.note_form import NoteForm
from scrutiny.tui.screens.response_form import ResponseForm
from scrutiny.tui.widgets.evidence_picker import EvidencePicker
from scrutiny.tui.widgets.note_fields import COMMON_ROWS, KIND_ROWS, widget_id
from scrutiny.workspace import Workspace
from tests.every_field import COMMON_ARGS, PARTNERSHIPS, PER_KIND, every_field_notes
from tests.tui.conftest import settle

#: In the period of the tables' notes, so the response form's item list shows REC-01.
TODAY = date(2021, 3, 1)
#: Options named otherwise than their field.
FIELD_OF = {"--area": "areas", "--restricted": "confidentiality"}
#: Fields the forms have widgets of their own for (not rows of the table).
OWN = {"kind", "date", "title", "areas", "body", "status", "by", "due"}


def options(args: list[str]) -> dict[str, list[str]]:
    """``scrutiny new`` arguments as field -> the values given (repeated options gathered)."""
    given: dict[str, list[str]] = {}
    words = iter(args)
    for option in words:
        name = FIELD_OF.get(option, option[2:].replace("-", "_"))
        value = "restricted" if option == "--restricted" else next(words)
        given.setdefault(name, []).append(value)
    return given


def widget_of(form: Screen[object], name: str) -> Widget:
    """The widget that sets field ``name`` in ``form``, which must be shown."""
    prefix = "r" if isinstance(form, ResponseForm) else "f"
    rows = {row.name: row for row in (*KIND_ROWS, *COMMON_ROWS)}
    ident = widget_id(prefix, rows[name]) if name in rows else f"{prefix}-{name}"
    if isinstance(form, ResponseForm) and name in OWN:
        ident = f"r-{name}"
    widget = form.query_one(f"#{ident}")
    hidden = [a for a in widget.ancestors if a.has_class("-hidden")]
    assert not hidden, f"{name}: its row is hidden"
    return widget


async def fill(pilot: Pilot[None], form: Screen[object], given: dict[str, list[str]]) -> None:
    """Give each field its values the way its widget takes them."""
    for name, values in given.items():
        widget = widget_of(form, name)
        if isinstance(widget, EvidencePicker):
            for note_id in values:
                widget.query_one("#f-evidence-search", Input).value = note_id
                await pilot.pause()
                widget.query_one("#f-evidence", SelectionList).select(note_id)
                await pilot.pause()
        elif isinstance(widget, SelectionList):
            for value in values:
                widget.select(value)
        elif isinstance(widget, Select):
            (widget.value,) = values
        elif isinstance(widget, TextArea):
            widget.text = "\n".join(values)
        else:
            assert isinstance(widget, Input), name
            # Repeated options become one comma-separated list, as a person would type it.
            widget.value = ", ".join(values)
        await pilot.pause()


def parsed(root: Path, rel: str) -> dict[str, object]:
    note = parse_text((root / rel).read_text("utf-8"), rel, Path(rel).stem).note
    assert note is not None
    # model_dump leaves out origin (where each key sat in the file: the two files order
    # their keys differently) and the body, compared on its own.
    return {**note.model_dump(by_alias=True), "body": note.body}


@pytest.fixture
def roots(make_workspace, minimal_notes) -> tuple[Path, Path]:
    """Two identical workspaces: one written to by the CLI, one by the TUI."""
    notes = every_field_notes(minimal_notes)
    return (
        make_workspace(notes, partnerships=PARTNERSHIPS),
        make_workspace(notes, partnerships=PARTNERSHIPS),
    )


@pytest.mark.parametrize("kind", list(PER_KIND))
async def test_the_form_writes_every_field_as_the_cli_does(roots, run, kind: str) -> None:
    by_cli, by_tui = roots
    own_args, _ = PER_KIND[kind]
    code, out, err = run(by_cli, "new", kind, *own_args, *COMMON_ARGS)
    assert code == 0, err
    given = options([*own_args, *COMMON_ARGS])
    before = set(by_tui.rglob("*.md"))

    app = ScrutinyApp(Workspace.open(by_tui), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if kind == "response":
            assert given.pop("responds_to") == ["REC-01"]
            await pilot.press("2")
            await settle(pilot)
            await pilot.press("r")
        else:
            await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ResponseForm if kind == "response" else NoteForm)
        if isinstance(form, ResponseForm):
            assert form.item.id == "REC-01"
        else:
            form.query_one("#f-kind", Select).value = kind
            await pilot.pause()
        await fill(pilot, form, given)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, DraftedForm), app.screen.query_one(".form-errors")

    (path,) = set(by_tui.rglob("*.md")) - before
    assert run(by_tui, "check", "--strict")[:2] == (0, "")
    rel = path.relative_to(by_tui).as_posix()
    # Same workspace, same values: the same file name and id (a generated id is the next
    # free one in both; an activity's, finding's or voice's comes from the file name).
    assert rel == out.strip()
    assert parsed(by_tui, rel) == parsed(by_cli, rel)


@pytest.mark.parametrize("kind", list(PER_KIND))
def test_the_tables_give_every_field_the_kind_has(kind: str) -> None:
    """So the test above tries every field: none of a kind is left out of the tables.

    An id and areas are one row for every kind; where the tables leave them to the
    library (the next free id, a review's default area), other kinds try them.
    """
    have = set(fields_of(kind)) - {"kind", "source_ref"}  # source_ref: written by imports
    given = set(options([*PER_KIND[kind][0], *COMMON_ARGS]))
    assert have - given <= {"id", "areas"}
    assert {"id", "areas"} <= {f for args, _ in PER_KIND.values() for f in options(args)}


@pytest.mark.parametrize("kind", ["review", "voice"])
async def test_a_draft_keeps_every_field_of_a_new_kind(
    roots, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The rows added for every field are drafted too, and come back as they were typed."""
    from scrutiny.tui.screens import form as form_module
    from scrutiny.tui.screens.drafts_dialog import DraftsDialog

    monkeypatch.setattr(form_module, "DRAFT_DELAY", 0.05)
    root = roots[1]
    own_args, _ = PER_KIND[kind]
    first = ScrutinyApp(Workspace.open(root), today=TODAY)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = first.screen
        assert isinstance(form, NoteForm)
        form.query_one("#f-kind", Select).value = kind
        await pilot.pause()
        given = options([*own_args, *COMMON_ARGS])
        await fill(pilot, form, given)
        await pilot.pause(0.2)
        await settle(pilot)
        typed = form.form_values()
        assert all(typed[widget_of(form, name).id or ""] for name in given)
        # The app ends here with the form open and nothing saved, as a killed one would.

    second = ScrutinyApp(Workspace.open(root), today=TODAY)
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(second.screen, DraftsDialog)
        await pilot.press("r")
        await settle(pilot)
        form = second.screen
        assert isinstance(form, NoteForm) and form.kind == kind
        assert form.form_values() == typed
