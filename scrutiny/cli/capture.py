"""``scrutiny new`` and ``scrutiny respond``: writing notes and the partnership's responses."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from scrutiny.cli.capture_options import (
    ActionsOption,
    AgenciesOption,
    AreaOption,
    DateOption,
    EvidenceOption,
    IdOption,
    LensOption,
    PartnershipsOption,
    PrioritiesOption,
    RestrictedOption,
    ScrutineersOption,
    TagsOption,
    TitleOption,
    common_fields,
    many,
    refused,
)
from scrutiny.cli.choices import (
    AUDIENCES,
    CATEGORIES,
    CONSENTS,
    DECISIONS,
    JUDGEMENTS,
    choice,
    listed,
)
from scrutiny.cli.common import (
    complete_item,
    complete_kind,
    fail,
    load_corpus,
    open_in_editor,
    parse_date,
    read_body,
    write_failed,
)
from scrutiny.vocabulary import ALL_STATUSES, KINDS, SHOWS, SOURCES


def new(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND", help=f"the kind of note: {listed(KINDS)}", autocompletion=complete_kind
        ),
    ],
    title: TitleOption = None,
    area: AreaOption = None,
    on: DateOption = None,
    note_id: IdOption = None,
    source: Annotated[
        str | None,
        choice("--source", "-s", values=SOURCES, metavar="SOURCE", help="activity: where from"),
    ] = None,
    judgement: Annotated[
        str | None,
        choice("--judgement", "-j", values=JUDGEMENTS, metavar="J", help="finding"),
    ] = None,
    impact: Annotated[
        str | None,
        typer.Option("--impact", metavar="TEXT", help="finding: the difference to children"),
    ] = None,
    audience: Annotated[
        str | None,
        choice("--for", values=AUDIENCES, metavar="WHOM", help="recommendation"),
    ] = None,
    category: Annotated[
        str | None, choice("--category", values=CATEGORIES, metavar="C", help="risk")
    ] = None,
    monitor_until: Annotated[
        str | None,
        typer.Option("--monitor-until", metavar="DATE", help="risk: watch it until, YYYY-MM-DD"),
    ] = None,
    responds_to: Annotated[
        list[str] | None,
        many(
            "--responds-to", metavar="ID", help="response: what it answers", complete=complete_item
        ),
    ] = None,
    status: Annotated[
        str | None,
        choice("--status", values=ALL_STATUSES, metavar="STATUS", help="response, action"),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", metavar="WHO", help="response: agency or person")
    ] = None,
    objective: Annotated[
        str | None, typer.Option("--objective", metavar="TEXT", help="action: its objective")
    ] = None,
    number: Annotated[
        str | None, typer.Option("--number", metavar="NO", help="action: its number in the plan")
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", metavar="WHO", help="who owns it")] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="DATE", help="due date, YYYY-MM-DD")
    ] = None,
    lens: LensOption = None,
    agencies: AgenciesOption = None,
    scrutineers: ScrutineersOption = None,
    tags: TagsOption = None,
    evidence: EvidenceOption = None,
    actions: ActionsOption = None,
    partnership: PartnershipsOption = None,
    priorities: PrioritiesOption = None,
    shows: Annotated[
        str | None,
        choice("--shows", values=SHOWS, metavar="WHAT", help="finding: what it is evidence of"),
    ] = None,
    review: Annotated[
        str | None,
        typer.Option("--review", metavar="ID", help="recommendation: the case review it came from"),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="priority: in force until")
    ] = None,
    lead: Annotated[
        str | None, typer.Option("--lead", metavar="WHO", help="priority: its lead")
    ] = None,
    notified: Annotated[
        str | None, typer.Option("--notified", metavar="DATE", help="review: notification date")
    ] = None,
    rapid_review: Annotated[
        str | None,
        typer.Option("--rapid-review", metavar="DATE", help="review: rapid review held on"),
    ] = None,
    decision: Annotated[
        str | None,
        choice("--decision", values=DECISIONS, metavar="D", help="review: the partners' decision"),
    ] = None,
    decided: Annotated[
        str | None, typer.Option("--decided", metavar="DATE", help="review: decided on")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", metavar="DATE", help="review: published on")
    ] = None,
    consent: Annotated[
        str | None,
        choice("--consent", values=CONSENTS, metavar="C", help="voice: may it be published"),
    ] = None,
    group: Annotated[
        list[str] | None, many("--group", metavar="WHO", help="voice: who said it, as a group")
    ] = None,
    collected: Annotated[
        str | None, typer.Option("--collected", metavar="HOW", help="voice: how it was collected")
    ] = None,
    withdraws: Annotated[
        list[str] | None,
        many("--withdraws", metavar="ID", help="voice: withdraws consent for this voice"),
    ] = None,
    restricted: RestrictedOption = False,
    body: Annotated[
        str | None,
        typer.Option("--body", "-b", metavar="TEXT", help="the note's text, or - to read stdin"),
    ] = None,
    edit: Annotated[bool, typer.Option("--edit", help="open the new note in $EDITOR")] = False,
) -> None:
    """Write a new note from the kind's template and print its path.

    Give only the fields of the kind: a --judgement on an activity is refused.
    """
    from scrutiny.capture import CaptureError, split_items, write_note

    loaded = load_corpus(quiet=True, writes=True)
    fields = {
        **common_fields(
            note_id=note_id,
            area=area,
            lens=lens,
            agencies=agencies,
            scrutineers=scrutineers,
            tags=tags,
            evidence=evidence,
            actions=actions,
            partnership=partnership,
            priorities=priorities,
            restricted=restricted,
        ),
        "date": parse_date(on, "--date") or date.today(),
        "title": title,
        "source": source,
        "judgement": judgement,
        "impact": impact,
        "for": audience,
        "category": category,
        "monitor_until": parse_date(monitor_until, "--monitor-until"),
        "responds_to": split_items(responds_to),
        "status": status,
        "by": by,
        "objective": objective,
        "number": number,
        "owner": owner,
        "due": parse_date(due, "--due"),
        "shows": shows,
        "review": review,
        "until": parse_date(until, "--until"),
        "lead": lead,
        "notified": parse_date(notified, "--notified"),
        "rapid_review": parse_date(rapid_review, "--rapid-review"),
        "decision": decision,
        "decided": parse_date(decided, "--decided"),
        "published": parse_date(published, "--published"),
        "consent": consent,
        "group": split_items(group),
        "collected": collected,
        "withdraws": split_items(withdraws),
    }
    text = read_body(body)
    try:
        path = write_note(loaded, kind, fields, text, guidance=edit and not text, check=not edit)
    except OSError as exc:
        write_failed(loaded.workspace, exc)
    except CaptureError as exc:
        raise refused(exc, say_nothing_written=True) from None
    typer.echo(loaded.workspace.relative(path))
    if edit:
        open_in_editor(path)
        from scrutiny import corpus as corpus_module

        after = corpus_module.load(loaded.workspace)
        rel = loaded.workspace.relative(path)
        for problem in after.problems:
            if problem.path == rel:
                typer.echo(str(problem), err=True)


def respond(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="the recommendation, risk or action", autocompletion=complete_item
        ),
    ],
    status: Annotated[
        str | None,
        choice("--status", values=ALL_STATUSES, metavar="STATUS", help="the new status"),
    ] = None,
    on: DateOption = None,
    title: TitleOption = None,
    by: Annotated[
        str | None, typer.Option("--by", metavar="WHO", help="who responded (agency or person)")
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help="a revised due date; the body must say why"),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option(
            "--body", "-b", metavar="TEXT", help="the response's text, or - to read stdin"
        ),
    ] = None,
    note_id: IdOption = None,
    area: AreaOption = None,
    lens: LensOption = None,
    agencies: AgenciesOption = None,
    scrutineers: ScrutineersOption = None,
    tags: TagsOption = None,
    evidence: EvidenceOption = None,
    actions: ActionsOption = None,
    partnership: PartnershipsOption = None,
    priorities: PrioritiesOption = None,
    restricted: RestrictedOption = False,
) -> None:
    """Record the partnership's response to a recommendation, risk or action.

    It takes every other field a response has, with the same options as new.
    """
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
            more=common_fields(
                note_id=note_id,
                area=area,
                lens=lens,
                agencies=agencies,
                scrutineers=scrutineers,
                tags=tags,
                evidence=evidence,
                actions=actions,
                partnership=partnership,
                priorities=priorities,
                restricted=restricted,
            ),
        )
    except OSError as exc:
        write_failed(loaded.workspace, exc)
    except CaptureError as exc:
        raise refused(exc, say_nothing_written=not exc.usage) from None
    typer.echo(loaded.workspace.relative(path))
