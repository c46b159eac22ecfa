"""``scrutiny new`` and ``scrutiny respond``: writing notes and the partnership's responses."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from scrutiny.problems import Problem

if TYPE_CHECKING:
    pass
from scrutiny.cli.common import (
    complete_area,
    complete_item,
    complete_kind,
    fail,
    load_corpus,
    open_in_editor,
    parse_date,
    read_body,
    write_failed,
)


def new(
    kind: Annotated[
        str,
        typer.Argument(
            help="activity, finding, recommendation, risk, response or action",
            autocompletion=complete_kind,
        ),
    ],
    title: Annotated[str | None, typer.Option("--title", "-t", help="one-line title")] = None,
    area: Annotated[
        list[str] | None,
        typer.Option(
            "--area", "-a", autocompletion=complete_area, help="framework area (repeatable)"
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", "-d", help="YYYY-MM-DD (default: today)")
    ] = None,
    note_id: Annotated[str | None, typer.Option("--id", help="id (default: next free one)")] = None,
    source: Annotated[
        str | None, typer.Option("--source", "-s", help="activity: meeting, document, …")
    ] = None,
    audience: Annotated[
        str | None, typer.Option("--for", help="recommendation: partnership or scrutiny")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="risk: strategic or operational")
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="who owns it")] = None,
    due: Annotated[str | None, typer.Option("--due", help="due date, YYYY-MM-DD")] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", "-e", help="id of a note this rests on (repeatable)"),
    ] = None,
    restricted: Annotated[
        bool, typer.Option("--restricted", help="keep out of every generated output")
    ] = False,
    body: Annotated[
        str | None, typer.Option("--body", "-b", help="the note's text, or - to read stdin")
    ] = None,
    edit: Annotated[bool, typer.Option("--edit", help="open the new note in $EDITOR")] = False,
) -> None:
    """Write a new note from the kind's template and print its path."""
    from scrutiny.capture import CaptureError, write_note

    loaded = load_corpus(quiet=True, writes=True)
    fields = {
        "id": note_id,
        "date": parse_date(on, "--date") or date.today(),
        "title": title,
        "areas": area or [],
        "source": source,
        "for": audience,
        "category": category,
        "owner": owner,
        "due": parse_date(due, "--due"),
        "evidence": evidence or [],
        "confidentiality": "restricted" if restricted else None,
    }
    text = read_body(body)
    try:
        path = write_note(loaded, kind, fields, text, guidance=edit and not text, check=not edit)
    except OSError as exc:
        write_failed(loaded.workspace, exc)
    except CaptureError as exc:
        for problem in exc.problems:
            typer.echo(_as_option_error(problem), err=True)
        typer.echo("nothing was written", err=True)
        raise typer.Exit(1) from None
    typer.echo(loaded.workspace.relative(path))
    if edit:
        open_in_editor(path)
        from scrutiny import corpus as corpus_module

        after = corpus_module.load(loaded.workspace)
        rel = loaded.workspace.relative(path)
        for problem in after.problems:
            if problem.path == rel:
                typer.echo(str(problem), err=True)


#: The option that sets each field, for problems found in a note being written.
_OPTION_FOR_FIELD = {
    "kind": "KIND",
    "title": "--title",
    "areas": "--area",
    "date": "--date",
    "source": "--source",
    "for": "--for",
    "category": "--category",
    "owner": "--owner",
    "due": "--due",
    "id": "--id",
    "evidence": "--evidence",
    "status": "--status",
    "by": "--by",
    "body": "--body",
}


def _as_option_error(problem: Problem) -> str:
    """A problem in a note being written names the option that sets its field."""
    option = _OPTION_FOR_FIELD.get(problem.field or "")
    if option is None:
        return f"scrutiny: {problem.message}"
    if problem.field == "due" and "reason" in problem.message:
        return f"scrutiny: {option}: {problem.message} (give it with --body)"
    return f"scrutiny: {option}: {problem.message}"


def respond(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="the recommendation, risk or action", autocompletion=complete_item
        ),
    ],
    status: Annotated[str | None, typer.Option("--status", help="the new status")] = None,
    on: Annotated[
        str | None, typer.Option("--date", "-d", help="YYYY-MM-DD (default: today)")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", "-t", help="one-line title")] = None,
    by: Annotated[str | None, typer.Option("--by", help="who responded (agency or person)")] = None,
    due: Annotated[
        str | None, typer.Option("--due", help="a revised due date; the body must say why")
    ] = None,
    body: Annotated[
        str | None, typer.Option("--body", "-b", help="the response's text, or - to read stdin")
    ] = None,
) -> None:
    """Record the partnership's response to a recommendation, risk or action."""
    from scrutiny.capture import CaptureError, write_response

    if status is None and due is None and body is None:
        fail("give --status, --due (with --body saying why) or --body; nothing was written", 2)
    loaded = load_corpus(quiet=True, writes=True)
    try:
        path = write_response(
            loaded,
            item_id,
            status=status,
            day=parse_date(on, "--date"),
            title=title,
            by=by,
            due=parse_date(due, "--due"),
            body=read_body(body),
        )
    except OSError as exc:
        write_failed(loaded.workspace, exc)
    except CaptureError as exc:
        for problem in exc.problems:
            typer.echo(_as_option_error(problem), err=True)
        if not exc.usage:
            typer.echo("nothing was written", err=True)
        raise typer.Exit(2 if exc.usage else 1) from None
    typer.echo(loaded.workspace.relative(path))
