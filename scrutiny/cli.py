"""The ``scrutiny`` command line: a thin Typer layer over the library."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from scrutiny.output import Column, Format, emit, to_json
from scrutiny.problems import Problem

if TYPE_CHECKING:
    from scrutiny.corpus import Corpus
    from scrutiny.periods import Period
    from scrutiny.workspace import Workspace

app = typer.Typer(
    name="scrutiny",
    help="Evidence, recommendations, risks and annual-report commentary for independent "
    "scrutiny of safeguarding children partnerships.",
    no_args_is_help=False,
    add_completion=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


class State:
    """Options given before the command."""

    workspace: Path | None = None


state = State()

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table (for people), json or csv (for scripts)")
]
PeriodOption = Annotated[
    str | None,
    typer.Option("--period", "-p", help="reporting period label, e.g. 2020-21 (default: newest)"),
]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error to stderr and exit."""
    typer.echo(f"scrutiny: {message}", err=True)
    raise typer.Exit(code)


def open_workspace() -> Workspace:
    from scrutiny.workspace import Workspace, WorkspaceError

    try:
        workspace = Workspace.open(state.workspace)
        workspace.framework  # noqa: B018 - resolve now, to report a bad framework early
    except WorkspaceError as exc:
        if exc.problems:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(1) from None
        fail(str(exc))
    return workspace


def load_corpus(*, strict: bool = False, quiet: bool = False) -> Corpus:
    """Open the workspace and load its notes; say on stderr how many were left out."""
    from scrutiny import corpus as corpus_module

    corpus = corpus_module.load(open_workspace(), strict=strict)
    if not quiet:
        bad = {p.path for p in corpus.errors}
        if bad:
            noun = "note has" if len(bad) == 1 else "notes have"
            typer.echo(
                f"scrutiny: {len(bad)} {noun} errors and are left out; run 'scrutiny check'",
                err=True,
            )
    return corpus


def resolve_period(corpus: Corpus, label: str | None) -> Period:
    from scrutiny.periods import PeriodError

    if label is None:
        return corpus.newest_period()
    try:
        return corpus.workspace.parse_period(label)
    except PeriodError as exc:
        fail(str(exc), 2)


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: invalid date {value!r} (expected YYYY-MM-DD)", 2)


def version_callback(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from scrutiny.yamlfile import LIBYAML

        typer.echo(f"scrutiny {version('scrutiny')} (libyaml: {'yes' if LIBYAML else 'no'})")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            envvar="SCRUTINY_WORKSPACE",
            help="workspace folder (default: walk up to scrutiny.toml)",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="show the version"
        ),
    ] = False,
) -> None:
    """With no command, open the terminal UI."""
    state.workspace = workspace
    if ctx.invoked_subcommand is None:
        run_tui()


def run_tui() -> None:
    workspace = open_workspace()
    from scrutiny.tui.app import ScrutinyApp

    ScrutinyApp(workspace).run()


@app.command()
def tui() -> None:
    """Open the terminal UI."""
    run_tui()


# -- check ---------------------------------------------------------------------------------


@app.command()
def check(
    strict: Annotated[
        bool, typer.Option("--strict", help="also report unknown fields; warnings fail too")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Report every problem in the workspace; silent and exit 0 when all is well."""
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
        _print_problems(sorted({*problems, *exc.problems}), fmt)
        raise typer.Exit(1) from None
    from scrutiny import corpus as corpus_module

    loaded = corpus_module.load(workspace, strict=strict)
    problems = sorted({*problems, *loaded.problems})
    _print_problems(problems, fmt)
    failing = [p for p in problems if p.is_error or strict]
    raise typer.Exit(1 if failing else 0)


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


# -- notes ---------------------------------------------------------------------------------

NOTE_COLUMNS = (
    Column("date", "Date", min_width=10),
    Column("kind", "Kind", max_width=8),
    Column("id", "Id", max_width=16),
    Column("title", "Title", min_width=16, ratio=3),
    Column("areas", "Areas", max_width=18, ratio=1),
)
NOTE_KEYS = (
    "id",
    "kind",
    "date",
    "period",
    "title",
    "areas",
    "source",
    "lens",
    "confidentiality",
    "path",
)


@app.command()
def notes(
    period: PeriodOption = None,
    area: Annotated[
        str | None, typer.Option("--area", "-a", help="only notes about this area")
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", "-k", help="only these kinds (repeatable)")
    ] = None,
    all_periods: Annotated[bool, typer.Option("--all", help="every period")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """List notes (the newest period by default; --all for every period)."""
    from scrutiny.notes import KINDS
    from scrutiny.problems import did_you_mean

    loaded = load_corpus()
    for k in kind or []:
        if k not in KINDS:
            fail(f"--kind: unknown kind {k!r}{did_you_mean(k, KINDS)}", 2)
    if area is not None and area not in loaded.workspace.framework.area_ids:
        ids = loaded.workspace.framework.area_ids
        fail(f"--area: unknown area {area!r}{did_you_mean(area, ids)}", 2)
    chosen = None if all_periods else resolve_period(loaded, period)
    selected = loaded.select(period=chosen, area=area, kinds=kind or ())
    rows = [
        {
            "id": n.id,
            "kind": n.kind,
            "date": n.date,
            "period": loaded.workspace.period_of(n.date).label,
            "title": n.title,
            "areas": n.areas,
            "source": getattr(n, "source", None),
            "lens": n.lens,
            "confidentiality": n.confidentiality,
            "path": n.path,
        }
        for n in selected
    ]
    styles = [{"title": "italic dim"} if n.restricted else {} for n in selected]
    title = f"Notes, {chosen.label}" if chosen else "Notes, all periods"
    emit(
        rows, fmt, NOTE_COLUMNS, keys=NOTE_KEYS, title=title, styles=styles, empty="no notes match"
    )


# -- init, demo ----------------------------------------------------------------------------


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="folder for the new workspace")] = Path("."),
    name: Annotated[str | None, typer.Option("--name", help="the partnership's name")] = None,
    start_month: Annotated[
        int, typer.Option("--start-month", min=1, max=12, help="month the reporting year starts")
    ] = 10,
) -> None:
    """Create a workspace: scrutiny.toml, evidence/, frameworks/, templates/ and .gitignore."""
    from scrutiny import files
    from scrutiny.workspace import SETTINGS_FILE

    target = directory / SETTINGS_FILE
    if target.exists():
        fail(f"{target} already exists; this folder is already a workspace")
    if name is None:
        default = f"{directory.resolve().name.replace('-', ' ').title()} Safeguarding Children Partnership"
        name = typer.prompt("Partnership name", default=default) if sys.stdin.isatty() else default
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    files.write_atomic(
        target,
        f'name = "{quoted}"\nframework = "six-steps"\nperiod_start_month = {start_month}\n\n'
        "[report]\ncommentary_section = 6\nrisks_section = 7\n",
        overwrite=False,
    )
    for folder in ("evidence", "frameworks", "templates"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    gitignore = directory / ".gitignore"
    if not gitignore.exists():
        files.write_atomic(gitignore, ".scrutiny/\n", overwrite=False)
    typer.echo(f"created workspace {directory} for {name}")
    typer.echo("next: scrutiny new activity --title '…' --area core-partners --source meeting")


def demo_source() -> Path:
    """The demo workspace shipped with the package (or the repository root in a checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data" / "demo"
    return packaged if packaged.is_dir() else here.parent


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="folder to copy the demo into")] = Path(
        "scrutiny-demo"
    ),
    open_: Annotated[
        bool, typer.Option("--open/--no-open", help="open the terminal UI on it afterwards")
    ] = True,
) -> None:
    """Copy the demo partnership into DIRECTORY and open it."""
    from scrutiny import files
    from scrutiny.workspace import SETTINGS_FILE

    if directory.exists() and any(directory.iterdir()):
        fail(f"{directory} exists and is not empty; choose a new folder")
    source = demo_source()
    for path in sorted((source / "evidence").rglob("*.md")):
        rel = path.relative_to(source)
        files.write_atomic(directory / rel, path.read_bytes(), overwrite=False)
    files.write_atomic(
        directory / SETTINGS_FILE, (source / SETTINGS_FILE).read_bytes(), overwrite=False
    )
    files.write_atomic(directory / ".gitignore", ".scrutiny/\n", overwrite=False)
    typer.echo(f"copied the demo partnership to {directory}")
    if open_ and sys.stdout.isatty() and sys.stdin.isatty():
        state.workspace = directory
        run_tui()
    else:
        typer.echo(f"open it with: scrutiny -w {directory}")


# -- new -----------------------------------------------------------------------------------


def read_body(body: str | None) -> str:
    if body == "-":
        return sys.stdin.read()
    return body or ""


@app.command()
def new(
    kind: Annotated[
        str, typer.Argument(help="activity, finding, recommendation, risk, response or action")
    ],
    title: Annotated[str | None, typer.Option("--title", "-t", help="one-line title")] = None,
    area: Annotated[
        list[str] | None, typer.Option("--area", "-a", help="framework area (repeatable)")
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

    loaded = load_corpus(quiet=True)
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


_OPTION_FOR_FIELD = {
    "title": "--title",
    "areas": "--area",
    "source": "--source",
    "for": "--for",
    "category": "--category",
    "due": "--due",
    "id": "--id",
    "evidence": "--evidence",
}


def _as_option_error(problem: Problem) -> str:
    """Problems in a note being created name the option to fix, not a line in no file."""
    message = problem.message
    for field, option in _OPTION_FOR_FIELD.items():
        if (
            f"field {field!r}" in message
            or message.startswith(f"{field} ")
            or f"{field}:" in message
            or (field == "areas" and "area" in message)
        ):
            return f"scrutiny: {option}: {message}"
    return f"scrutiny: {message}"


def open_in_editor(path: Path, line: int | None = None) -> None:
    """Open ``path`` in ``$VISUAL``/``$EDITOR`` (at ``line`` where the editor supports +N)."""
    import shlex

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or shutil.which("nano") or "vi"
    command = [*shlex.split(editor)]
    if line is not None:
        command.append(f"+{line}")
    command.append(str(path))
    try:
        subprocess.run(command, check=False)
    except OSError as exc:
        fail(f"cannot start editor {editor!r}: {exc.strerror or exc}; set $EDITOR")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
