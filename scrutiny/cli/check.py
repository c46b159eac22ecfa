"""``scrutiny check``: every problem in the workspace, and the publication check."""

from __future__ import annotations

from typing import Annotated

import typer

from scrutiny.cli.common import FormatOption, PeriodOption, fail, load_corpus, resolve_period, state
from scrutiny.output import Format, to_json
from scrutiny.problems import ORDER, Problem


def check(
    strict: Annotated[
        bool, typer.Option("--strict", help="also report unknown fields; warnings fail too")
    ] = False,
    publication: Annotated[
        bool,
        typer.Option(
            "--publication",
            help="also check the period's report for restricted text and personal data",
        ),
    ] = False,
    yearly_report: Annotated[
        bool,
        typer.Option(
            "--yearly-report",
            help="whether the period's yearly report can show what statutory guidance asks",
        ),
    ] = False,
    period: PeriodOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Report every problem in the workspace; silent and exit 0 when all is well."""
    if yearly_report:
        _readiness(period, fmt)
        return
    from scrutiny import frameworks
    from scrutiny.workspace import Workspace, WorkspaceError

    try:
        workspace = Workspace.open(state.workspace)
    except WorkspaceError as exc:
        if not exc.problems:
            fail(str(exc))
        _print_problems(exc.problems, fmt)
        raise typer.Exit(1) from None
    problems = frameworks.check_dirs(
        frameworks.search_path(workspace.root / "frameworks", workspace.root)
    )
    try:
        workspace.framework  # noqa: B018
    except WorkspaceError as exc:
        _print_problems(sorted({*problems, *exc.problems}, key=ORDER), fmt)
        raise typer.Exit(1) from None
    # The refresh stored every problem; the notes themselves are needed only for unknown
    # fields (--strict), the report (--publication) and the case reviews' clocks.
    whole = strict or publication
    loaded = load_corpus(
        strict=strict, quiet=True, kinds=None if whole else ("review",), bodies=publication
    )
    from datetime import date

    from scrutiny.reviews import overdue_clocks

    late = overdue_clocks(loaded.notes, loaded.workspace.settings.clocks, date.today())
    problems = sorted({*problems, *loaded.problems, *late}, key=ORDER)
    flagged: list[Problem] = []
    if publication:
        from scrutiny.report import publication as publish
        from scrutiny.report.build import build

        chosen = resolve_period(loaded, period)
        flagged = [hit.problem() for hit in publish.check(loaded, build(loaded, chosen))]
    problems = sorted({*problems, *flagged}, key=ORDER)
    _print_problems(problems, fmt)
    failing = [p for p in problems if p.is_error or strict] + flagged
    raise typer.Exit(1 if failing else 0)


def _readiness(period: str | None, fmt: Format) -> None:
    """``check --yearly-report``: each thing the yearly report should show, ✓ or ✗."""
    from scrutiny.printable import printable_line
    from scrutiny.readiness import readiness

    loaded = load_corpus(quiet=True)
    chosen = resolve_period(loaded, period)
    found = readiness(loaded, chosen)
    missing = [c for c in found if c.required and not c.ok]
    if fmt is Format.json:
        typer.echo(
            to_json(
                {
                    "period": chosen.label,
                    "ready": not missing,
                    "checks": [c.as_row() for c in found],
                }
            )
        )
    elif fmt is Format.csv:
        from scrutiny.output import to_csv

        rows = [{**c.as_row(), "notes": "; ".join(c.notes)} for c in found]
        typer.echo(to_csv(rows, ["key", "label", "ok", "required", "detail", "notes"]), nl=False)
    else:
        typer.echo(f"The yearly report for {chosen.label}:")
        for c in found:
            mark = "✓" if c.ok else ("✗" if c.required else "·")
            typer.echo(printable_line(f"{mark} {c.label}: {c.detail}"))
            if c.notes:
                typer.echo(
                    printable_line(
                        f"    notes: {', '.join(c.notes[:12])}"
                        + (" …" if len(c.notes) > 12 else "")
                    )
                )
        if missing:
            typer.echo(f"{len(missing)} of {len(found)} not yet shown", err=True)
    raise typer.Exit(1 if missing else 0)


def _print_problems(problems: list[Problem], fmt: Format) -> None:
    if fmt is Format.json:
        typer.echo(to_json([p.as_row() for p in problems]))
    elif fmt is Format.csv:
        from scrutiny.output import to_csv

        typer.echo(
            to_csv(
                [p.as_row() for p in problems], ["path", "line", "column", "severity", "message"]
            ),
            nl=False,
        )
    else:
        for problem in problems:
            typer.echo(str(problem))
