"""``scrutiny changes``, ``chase`` and ``compare``: the questions asked between meetings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scrutiny.cli.common import FormatOption, fail, parse_date, read_workspace, resolve_period
from scrutiny.columns import Column
from scrutiny.output import Format, emit

if TYPE_CHECKING:
    from scrutiny.meetings.compare import Comparison

CHANGE_COLUMNS = (
    Column("date", "Date", min_width=10),
    Column("type", "Change", max_width=8),
    Column("id", "ID", min_width=6, whole=True),
    Column("what", "What", min_width=20, ratio=3, wrap=True),
)
CHASE_COLUMNS = (
    Column("id", "ID", min_width=6, whole=True),
    Column("due", "Due", min_width=10),
    Column("late", "Overdue", max_width=9),
    Column("said", "Title and latest response", min_width=20, ratio=3, wrap=True),
)
COMPARE_COLUMNS = (
    Column("area", "Area", min_width=10, ratio=1),
    Column("period", "Period", max_width=7),
    Column("thin", "", max_width=1),
    Column("activity", "Act", justify="right"),
    Column("finding", "Find", justify="right"),
    Column("judgements", "S/C", min_width=5),
    Column("recs", "Recs R/C/N/K", min_width=12),
    Column("risks", "Risks O/C", min_width=9),
)
COMPARE_LEGEND = (
    "Act: activity; Find: findings; S/C: findings of strength / of concern; Recs: raised, "
    "closed, not accepted, carried in; Risks: opened, closed; ↓ thinner: less activity "
    "than in the earlier period"
)


def changes(
    since: Annotated[
        str,
        typer.Option(
            "--since", metavar="DATE", help="the day of the last look, YYYY-MM-DD (not included)"
        ),
    ],
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="up to this day, YYYY-MM-DD (default: today)"),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What changed between two dates: items raised, status moves, new due dates, overdue, evidence."""
    from scrutiny.meetings.changes import between

    start = parse_date(since, "--since")
    assert start is not None
    end = parse_date(until, "--until") or date.today()
    if end < start:
        fail(f"--until {end} is before --since {start}", 2)
    _, reading = read_workspace(as_of=end)
    workspace = reading.corpus.workspace
    found = between(reading.corpus.notes, start, end, workspace.start_month)
    order = {a: i for i, a in enumerate(workspace.framework.area_ids)}
    evidence = sorted(found.evidence, key=lambda c: (order.get(c.id, len(order)), c.kind))
    rows = [c.as_row() for c in (*found.items, *evidence)]
    if fmt is not Format.table:
        emit(rows, fmt, (), keys=list(rows[0]) if rows else ["type"], empty="")
        return
    for row in rows:
        row["what"] = _what(row)
        if row["type"] == "evidence":
            row["id"] = ""
    emit(
        rows,
        fmt,
        CHANGE_COLUMNS,
        title=f"Changes after {start} up to {end}",
        empty=f"nothing changed after {start} up to {end}",
    )


def _what(row: dict[str, object]) -> str:
    kind, title = row["type"], row["title"]
    before, after, detail = row["before"], row["after"], row["detail"]
    if kind == "raised":
        return f"{title} (new {row['kind']}, {after})"
    if kind in ("status", "reopened"):
        who = f"; {detail}" if detail else ""
        return f"{title}: {before} → {after}{who}"
    if kind == "due":
        from scrutiny.words import shorten

        why = f". Why: {shorten(str(detail), 200)}" if detail else ""
        return f"{title}: due {before or 'none'} → {after}{why}"
    if kind == "overdue":
        return f"{title}: was due {after}" + (f" ({detail})" if detail else "")
    noun = "activity" if row["kind"] == "activity" else "finding"
    count = int(str(row["count"] or 0))
    from scrutiny.words import plural

    return f"{plural(count, noun)} on {detail}"


def chase(
    within: Annotated[
        int, typer.Option("--within", min=0, help="due within this many days (default 28)")
    ] = 28,
    owner: Annotated[
        str | None, typer.Option("--owner", help="only owners whose name contains this")
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option("--meeting", metavar="DATE", help="the meeting the notes are for, YYYY-MM-DD"),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="table, json, csv, or md (a note per owner to paste into e-mail)"
        ),
    ] = "table",
) -> None:
    """Open items due soon or overdue, by owner, with the latest response; nothing is sent."""
    from scrutiny.meetings.chase import chase as find
    from scrutiny.meetings.chase import letters

    if fmt not in ("table", "json", "csv", "md"):
        fail(f"--format: {fmt!r} is not one of table, json, csv, md", 2)
    day = parse_date(meeting, "--meeting")
    _, reading = read_workspace()
    owners = find(reading.ledger, within, owner)
    if fmt == "md":
        from scrutiny.printable import printable
        from scrutiny.report.wording import TemplateProblem

        try:
            text = letters(
                owners,
                partnership=reading.corpus.workspace.settings.name,
                as_of=reading.as_of,
                meeting=day,
                workspace_root=reading.corpus.workspace.root,
            )
        except TemplateProblem as exc:
            fail(exc.message)
        typer.echo(printable(text), nl=False)
        return
    rows = [d.as_row() for o in owners for d in o.items]
    if fmt != "table":
        emit(rows, Format(fmt), (), keys=list(rows[0]) if rows else ["owner"], empty="")
        return
    from scrutiny.words import shorten

    horizon = reading.as_of + timedelta(days=within)
    if not owners:
        typer.echo(f"nothing open is due by {horizon}")
    for found in owners:
        cells = []
        for d in found.items:
            row = d.as_row()
            said = row["last_response_text"]
            by = f"{row['last_response_by']}: " if row["last_response_by"] else ""
            latest = f" — {row['last_response']} {by}{shorten(str(said), 160)}" if said else ""
            late = f"{row['days']} days" if d.item.overdue else ""
            cells.append({**row, "late": late, "said": f"{row['title']}{latest}"})
        emit(cells, Format.table, CHASE_COLUMNS, title=found.name)


def _chart(path: Path, result: Comparison, root: Path) -> None:
    from scrutiny.files import cannot_write, output_refusal, write_atomic
    from scrutiny.meetings.charts import evidence_by_area

    if refusal := output_refusal(path, root):
        fail(f"{refusal}; nothing was written")
    png = evidence_by_area(
        [a.area for a in result.areas],
        [a.first.coverage.activity for a in result.areas],
        [a.second.coverage.activity for a in result.areas],
        (result.first.label, result.second.label),
    )
    try:
        write_atomic(path, png)
    except OSError as exc:
        fail(cannot_write(path, exc))
    typer.echo(str(path), err=True)


def compare(
    first: Annotated[str, typer.Argument(metavar="P1", help="the earlier period, e.g. 2024-25")],
    second: Annotated[str, typer.Argument(metavar="P2", help="the later period, e.g. 2025-26")],
    area: Annotated[str | None, typer.Option("--area", "-a", help="one framework area")] = None,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="also write a chart of activity per area (a .png file)"),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Two periods side by side per area; areas with less activity in the later one marked."""
    from scrutiny.meetings.compare import compare as side_by_side

    _, reading = read_workspace()
    corpus = reading.corpus
    one, two = resolve_period(corpus, first), resolve_period(corpus, second)
    if area is not None and area not in corpus.workspace.framework.area_ids:
        from scrutiny.problems import did_you_mean

        known = corpus.workspace.framework.area_ids
        fail(f"--area: unknown area {area!r}{did_you_mean(area, known)}", 2)
    result = side_by_side(corpus, one, two, area)
    if chart is not None:
        _chart(chart, result, corpus.workspace.root)
    rows = [a.as_row(one.label, two.label) for a in result.areas]
    if fmt is not Format.table:
        emit(rows, fmt, (), keys=list(rows[0]) if rows else ["area"])
        return
    cells, styles = [], []
    for a in result.areas:
        for label, year in ((one.label, a.first), (two.label, a.second)):
            j, r, k = year.judgements, year.recommendations, year.risks
            cells.append(
                {
                    "area": a.area if label == one.label else "",
                    "period": label,
                    "thin": "↓" if a.thinner and label == two.label else "",
                    "activity": year.coverage.activity,
                    "finding": year.coverage.finding,
                    "judgements": f"{j['strength']}/{j['concern']}",
                    "recs": f"{r['raised']}/{r['closed']}/{r['not_accepted']}/{r['carried']}",
                    "risks": f"{k['opened']}/{k['closed']}",
                }
            )
            styles.append({"thin": "bold red"} if a.thinner and label == two.label else {})
    emit(cells, fmt, COMPARE_COLUMNS, title=f"{one.label} against {two.label}", styles=styles)
    typer.echo(COMPARE_LEGEND)
