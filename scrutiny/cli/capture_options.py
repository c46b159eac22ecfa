"""The options ``new`` and ``respond`` share, and how a refused note names them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from scrutiny.cli.choices import completer, listed
from scrutiny.cli.common import complete_area
from scrutiny.problems import Problem
from scrutiny.vocabulary import LENSES

if TYPE_CHECKING:
    from scrutiny.capture import CaptureError


def many(*names: str, metavar: str, help: str, complete: Any = None) -> Any:
    """A repeatable option for a list field; each value may also hold several, comma-separated."""
    return typer.Option(
        *names, metavar=metavar, autocompletion=complete, help=f"{help} (repeatable)"
    )


#: The fields every kind has, as both commands take them (SPEC §4): one declaration each,
#: so a response's ``--lens`` reads, completes and is listed in help as a finding's does.
TitleOption = Annotated[
    str | None, typer.Option("--title", "-t", metavar="TEXT", help="one-line title")
]
DateOption = Annotated[
    str | None, typer.Option("--date", "-d", metavar="DATE", help="YYYY-MM-DD (default: today)")
]
IdOption = Annotated[
    str | None, typer.Option("--id", metavar="ID", help="id (default: next free one)")
]
AreaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--area",
        "-a",
        metavar="AREA",
        autocompletion=complete_area,
        help="framework area (repeatable)",
    ),
]
LensOption = Annotated[
    list[str] | None,
    typer.Option(
        "--lens",
        "-l",
        metavar="LENS",
        autocompletion=completer(LENSES),
        help=f"whose experience it speaks to (repeatable): {listed(LENSES)}",
    ),
]
AgenciesOption = Annotated[
    list[str] | None, many("--agencies", metavar="NAME", help="agencies involved")
]
ScrutineersOption = Annotated[
    list[str] | None, many("--scrutineers", metavar="NAME", help="who scrutinised")
]
TagsOption = Annotated[list[str] | None, many("--tags", metavar="TAG", help="tags")]
EvidenceOption = Annotated[
    list[str] | None, many("--evidence", "-e", metavar="ID", help="id of a note this rests on")
]
ActionsOption = Annotated[
    list[str] | None,
    many("--actions", metavar="ID", help="business-plan action it relates to"),
]
PartnershipsOption = Annotated[
    list[str] | None,
    many("--partnership", metavar="ID", help="partnership id, where the workspace has several"),
]
PrioritiesOption = Annotated[
    list[str] | None, many("--priorities", metavar="ID", help="priority it serves")
]
RestrictedOption = Annotated[
    bool, typer.Option("--restricted", help="keep out of every generated output")
]


def common_fields(
    *,
    note_id: str | None,
    area: list[str] | None,
    lens: list[str] | None,
    agencies: list[str] | None,
    scrutineers: list[str] | None,
    tags: list[str] | None,
    evidence: list[str] | None,
    actions: list[str] | None,
    partnership: list[str] | None,
    priorities: list[str] | None,
    restricted: bool,
) -> dict[str, Any]:
    """The fields every kind has, from their options, as ``write_note`` takes them."""
    from scrutiny.capture import split_items

    return {
        "id": note_id,
        "areas": split_items(area),
        "lens": split_items(lens),
        "agencies": split_items(agencies),
        "scrutineers": split_items(scrutineers),
        "tags": split_items(tags),
        "evidence": split_items(evidence),
        "actions": split_items(actions),
        "partnership": split_items(partnership),
        "priorities": split_items(priorities),
        "confidentiality": "restricted" if restricted else None,
    }


#: The option that sets each field, for problems found in a note being written.
_OPTION_FOR_FIELD = {
    "kind": "KIND",
    "areas": "--area",
    "for": "--for",
    "confidentiality": "--restricted",
    **{
        field: "--" + field.replace("_", "-")
        for field in (
            "title",
            "date",
            "source",
            "category",
            "owner",
            "due",
            "id",
            "evidence",
            "status",
            "by",
            "body",
            "judgement",
            "impact",
            "monitor_until",
            "responds_to",
            "objective",
            "number",
            "lens",
            "agencies",
            "scrutineers",
            "tags",
            "actions",
            "partnership",
            "priorities",
            "shows",
            "review",
            "until",
            "lead",
            "notified",
            "rapid_review",
            "decision",
            "decided",
            "published",
            "consent",
            "group",
            "collected",
            "withdraws",
        )
    },
}


def as_option_error(problem: Problem) -> str:
    """A problem in a note being written names the option that sets its field."""
    option = _OPTION_FOR_FIELD.get(problem.field or "")
    if option is None:
        return f"scrutiny: {problem.message}"
    if problem.field == "due" and "reason" in problem.message:
        return f"scrutiny: {option}: {problem.message} (give it with --body)"
    return f"scrutiny: {option}: {problem.message}"


def refused(exc: CaptureError, *, say_nothing_written: bool) -> typer.Exit:
    """Print why a note was refused, each problem by its option; the exit to raise."""
    for problem in exc.problems:
        typer.echo(as_option_error(problem), err=True)
    if say_nothing_written:
        typer.echo("nothing was written", err=True)
    return typer.Exit(2 if exc.usage else 1)
