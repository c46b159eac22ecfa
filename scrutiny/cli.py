"""The ``scrutiny`` command line: a thin Typer layer over the library."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from scrutiny.output import Column, Format, emit, to_json
from scrutiny.problems import Problem
from scrutiny.styles import STATUS_STYLE

if TYPE_CHECKING:
    from scrutiny.api import Reading, Scrutiny
    from scrutiny.corpus import Corpus
    from scrutiny.ledger import Item
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
    database_url: str | None = None
    #: Set when the command prints JSON or CSV: no progress bars then.
    machine_output: bool = False


state = State()

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table (for people), json or csv (for scripts)")
]
PeriodOption = Annotated[
    str | None,
    typer.Option("--period", "-p", help="reporting period label, e.g. 2020-21 (default: newest)"),
]


def _complete_from(ctx: typer.Context) -> tuple[Path | None, str | None]:
    """The workspace and database URL a command line being completed names (or the env's)."""
    params = ctx.find_root().params
    folder = params.get("workspace") or os.environ.get("SCRUTINY_WORKSPACE")
    url = params.get("database_url") or os.environ.get("SCRUTINY_DATABASE_URL")
    return (Path(folder) if folder else None), url


def complete_area(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of ``--area``: the workspace framework's area ids."""
    from scrutiny.completion import area_ids

    try:
        return area_ids(_complete_from(ctx)[0], incomplete)
    except Exception:
        return []


def complete_item(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of an ID argument: recommendations, risks and actions."""
    from scrutiny.completion import item_ids

    try:
        return item_ids(*_complete_from(ctx), incomplete)
    except Exception:
        return []


def complete_kind(incomplete: str) -> list[str]:
    """Shell completion of ``new KIND``."""
    from scrutiny.notes import KINDS

    return [k for k in KINDS if k.startswith(incomplete)]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error to stderr and exit."""
    from scrutiny.printable import printable

    typer.echo(printable(f"scrutiny: {message}"), err=True)
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


def open_scrutiny() -> Scrutiny:
    """The facade over the workspace and index these options name."""
    from scrutiny.api import Scrutiny

    return Scrutiny(open_workspace(), database_url=state.database_url)


def read_workspace(
    *,
    strict: bool = False,
    quiet: bool = False,
    kinds: Sequence[str] | None = None,
    as_of: date | None = None,
) -> tuple[Scrutiny, Reading]:
    """Refresh the index and read the workspace; say what was left out.

    ``kinds`` loads only the valid notes of those kinds (all problems are still known).
    """
    from scrutiny.index import IndexUnavailable

    scrutiny = open_scrutiny()
    try:
        with progress_bar() as progress:
            stats = scrutiny.refresh(progress)
        reading = scrutiny.read(kinds=kinds, strict=strict, as_of=as_of)
        stats.notices.extend(scrutiny.index.notices)
    except IndexUnavailable as exc:
        fail(f"{exc} (check --database-url or SCRUTINY_DATABASE_URL)")
    for notice in stats.notices:
        typer.echo(f"scrutiny: {notice}", err=True)
    if not quiet:
        bad = {p.path for p in reading.corpus.errors}
        if bad:
            words = "note has errors and is" if len(bad) == 1 else "notes have errors and are"
            typer.echo(f"scrutiny: {len(bad)} {words} left out; run 'scrutiny check'", err=True)
    return scrutiny, reading


def load_corpus(
    *, strict: bool = False, quiet: bool = False, kinds: Sequence[str] | None = None
) -> Corpus:
    """:func:`read_workspace`'s notes, for commands that need no ledger."""
    return read_workspace(strict=strict, quiet=quiet, kinds=kinds)[1].corpus


@contextlib.contextmanager
def progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on stderr for indexing that takes more than about a second.

    Never shown when stderr is not a terminal, or when the output is JSON or CSV.
    """
    if not sys.stderr.isatty() or state.machine_output:
        yield None
        return
    import time

    started = time.monotonic()
    bar: Any = None
    task: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if time.monotonic() - started < 1.0:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            bar = Progress(
                TextColumn("indexing notes"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} notes/s"),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            task = bar.add_task("index", total=total, rate="…")
        elapsed = max(time.monotonic() - started, 1e-6)
        bar.update(task, completed=done, rate=f"{done / elapsed:,.0f}")

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


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
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="SCRUTINY_DATABASE_URL",
            help="put the index in this SQLAlchemy database (default: .scrutiny/index.db)",
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
    if database_url:
        from scrutiny.index import driver_problem

        if problem := driver_problem(database_url):
            fail(problem)
    state.database_url = database_url
    state.machine_output = any(
        a in ("json", "csv", "--format=json", "--format=csv") for a in sys.argv[1:]
    )
    if ctx.invoked_subcommand is None:
        run_tui()


def run_tui() -> None:
    workspace = open_workspace()
    # Start reading the notes before importing the UI: the two overlap.
    from scrutiny.tui.state import FirstReading

    reading = FirstReading(workspace, date.today(), state.database_url)
    from scrutiny.tui.app import ScrutinyApp

    ScrutinyApp(
        workspace, today=reading.today, first_reading=reading, database_url=state.database_url
    ).run()


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
    publication: Annotated[
        bool,
        typer.Option(
            "--publication",
            help="also check the period's report for restricted text and personal data",
        ),
    ] = False,
    period: PeriodOption = None,
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
    loaded = load_corpus(strict=strict, quiet=True)
    problems = sorted({*problems, *loaded.problems})
    flagged: list[Problem] = []
    if publication:
        from scrutiny.report import publication as publish
        from scrutiny.report.build import build

        chosen = resolve_period(loaded, period)
        flagged = [hit.problem() for hit in publish.check(loaded, build(loaded, chosen))]
    problems = sorted({*problems, *flagged})
    _print_problems(problems, fmt)
    failing = [p for p in problems if p.is_error or strict] + flagged
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
        str | None,
        typer.Option(
            "--area", "-a", autocompletion=complete_area, help="only notes about this area"
        ),
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", "-k", help="only these kinds (repeatable)")
    ] = None,
    all_periods: Annotated[bool, typer.Option("--all", help="every period")] = False,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="full-text search of titles and bodies")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List notes (the newest period by default; --all for every period; --search ranks)."""
    from scrutiny.notes import KINDS
    from scrutiny.problems import did_you_mean
    from scrutiny.queries import Audience, NoteQuery

    scrutiny, reading = read_workspace()
    loaded = reading.corpus
    for k in kind or []:
        if k not in KINDS:
            fail(f"--kind: unknown kind {k!r}{did_you_mean(k, KINDS)}", 2)
    _check_area(loaded, area)
    chosen = None if all_periods or (search and not period) else resolve_period(loaded, period)
    # The scrutineer's own listing: restricted notes are shown, and marked.
    query = NoteQuery(chosen, area, tuple(kind or ()), Audience.OWN)
    found = reading.notes(query) if search is None else scrutiny.ranked(reading, query, search)
    selected = found
    scrutiny.close()
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
    if search is not None:
        title = f"Notes matching {search!r}" + (f", {chosen.label}" if chosen else "")
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
    if message.startswith("--"):
        return f"scrutiny: {message}"
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


# -- recs, risks, trace ---------------------------------------------------------------------


AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="state as of this date, YYYY-MM-DD (default: today)")
]


def _ledger_reading(as_of: str | None) -> Reading:
    from scrutiny.ledger import TRACKED_KINDS

    day = parse_date(as_of, "--as-of") or date.today()
    # The ledger needs its items and their responses only.
    return read_workspace(kinds=(*TRACKED_KINDS, "response"), as_of=day)[1]


def _check_status(value: str | None, kind: str) -> None:
    from scrutiny.notes import STATUSES
    from scrutiny.problems import did_you_mean

    allowed = (*STATUSES[kind], "open") if kind == "risk" else STATUSES[kind]
    if value is not None and value not in allowed:
        fail(f"--status: unknown {kind} status {value!r}{did_you_mean(value, allowed)}", 2)


def _check_area(loaded: Corpus, area: str | None) -> None:
    from scrutiny.problems import did_you_mean

    ids = loaded.workspace.framework.area_ids
    if area is not None and area not in ids:
        fail(f"--area: unknown area {area!r}{did_you_mean(area, ids)}", 2)


REC_KEYS = (
    "id",
    "title",
    "status",
    "areas",
    "for",
    "owner",
    "raised",
    "period",
    "due",
    "overdue",
    "last_response",
    "path",
)
REC_COLUMNS = (
    Column("id", "Id", max_width=10),
    Column("status", "Status", max_width=12),
    Column("mark", "", max_width=1),
    Column("title", "Title", min_width=12, ratio=3),
    Column("areas", "Areas", max_width=14, ratio=1),
    Column("due", "Due", min_width=10),
)


def _last_response(item: Item) -> str | None:
    last = item.last_response
    return f"{last.date} {last.note}" if last else None


@app.command()
def recs(
    status: Annotated[
        str | None, typer.Option("--status", help="a status, or 'open' for every open one")
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", "-a", autocompletion=complete_area, help="only this framework area"),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="only those raised in this period")
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="owner contains this text")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="only overdue ones")] = False,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List recommendations with their current status (! marks overdue)."""
    from scrutiny.queries import ItemQuery

    _check_status(status, "recommendation")
    reading = _ledger_reading(as_of)
    _check_area(reading.corpus, area)
    chosen = resolve_period(reading.corpus, period) if period else None
    query = ItemQuery("recommendation", status, overdue, area, chosen, owner)
    rows, styles = [], []
    for item in reading.items(query):
        note = item.note
        rows.append(
            {
                "id": item.id,
                "title": note.title,
                "status": item.status,
                "areas": note.areas,
                "for": getattr(note, "for_", "partnership"),
                "owner": item.owner,
                "raised": item.raised,
                "period": item.period.label,
                "due": item.due,
                "overdue": item.overdue,
                "last_response": _last_response(item),
                "path": note.path,
                "mark": "!" if item.overdue else "",
            }
        )
        styles.append({"status": STATUS_STYLE.get(item.status, ""), "mark": "bold red"})
    emit(
        rows,
        fmt,
        REC_COLUMNS,
        keys=REC_KEYS,
        title=f"Recommendations as of {reading.as_of}",
        styles=styles,
        empty="no recommendations match",
    )


RISK_KEYS = (
    "id",
    "title",
    "status",
    "category",
    "areas",
    "raised",
    "period",
    "monitor_until",
    "last_response",
    "path",
)
RISK_COLUMNS = (
    Column("id", "Id", max_width=10),
    Column("status", "Status", max_width=10),
    Column("category", "Category", max_width=11),
    Column("title", "Title", min_width=12, ratio=3),
    Column("monitor_until", "Until", min_width=10),
)


@app.command()
def risks(
    status: Annotated[
        str | None, typer.Option("--status", help="a status, or 'open' for every open one")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="strategic or operational")
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", "-a", autocompletion=complete_area, help="only this framework area"),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="only those raised in this period")
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List risks with their current status."""
    _check_status(status, "risk")
    if category not in (None, "strategic", "operational"):
        fail(f"--category: expected 'strategic' or 'operational', not {category!r}", 2)
    from scrutiny.queries import ItemQuery

    reading = _ledger_reading(as_of)
    _check_area(reading.corpus, area)
    chosen = resolve_period(reading.corpus, period) if period else None
    query = ItemQuery("risk", status, area=area, period=chosen, category=category)
    rows, styles = [], []
    for item in reading.items(query):
        note = item.note
        rows.append(
            {
                "id": item.id,
                "title": note.title,
                "status": item.status,
                "category": getattr(note, "category", None),
                "areas": note.areas,
                "raised": item.raised,
                "period": item.period.label,
                "monitor_until": item.monitor_until,
                "last_response": _last_response(item),
                "path": note.path,
            }
        )
        styles.append({"status": STATUS_STYLE.get(item.status, "")})
    emit(
        rows,
        fmt,
        RISK_COLUMNS,
        keys=RISK_KEYS,
        title=f"Risks as of {reading.as_of}",
        styles=styles,
        empty="no risks match",
    )


TRACE_COLUMNS = (
    Column("date", "Date", min_width=10),
    Column("type", "Step", max_width=9),
    Column("change", "What changed", min_width=16, ratio=2),
    Column("note", "Note", max_width=22, ratio=1),
)


@app.command()
def trace(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="a recommendation, risk or action id", autocompletion=complete_item
        ),
    ],
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The timeline of one recommendation, risk or action, oldest first."""
    from scrutiny.ledger import TRACKED_KINDS, linked_actions
    from scrutiny.problems import did_you_mean
    from scrutiny.queries import Audience, visible

    day = parse_date(as_of, "--as-of") or date.today()
    reading = read_workspace(as_of=day)[1]
    loaded, ledger = reading.corpus, reading.ledger
    item = ledger.items.get(item_id)
    if item is None:
        note = loaded.by_id.get(item_id)
        if note is not None and note.restricted:
            note = None  # a restricted item is not traced: say no more than for a missing one
        if note is not None and note.kind in TRACKED_KINDS:
            fail(f"{item_id!r} was raised on {note.date}, after {day}")
        if note is not None:
            fail(f"{item_id!r} is a {note.kind}; trace follows recommendations, risks and actions")
        fail(
            f"no recommendation, risk or action has id {item_id!r}{did_you_mean(item_id, ledger.items)}"
        )
    events = [e.as_row() for e in item.events]
    actions = [
        {
            "id": a.id,
            "title": a.note.title,
            "status": a.status,
            "due": a.due,
            "overdue": a.overdue,
            "last_response": a.last_response.date if a.last_response else None,
        }
        for a in linked_actions(ledger, visible(loaded.notes, Audience.PUBLISHED), item)
    ]
    if fmt is Format.json:
        typer.echo(
            to_json(
                {
                    "id": item.id,
                    "kind": item.kind,
                    "title": item.note.title,
                    "status": item.status,
                    "due": item.due,
                    "overdue": item.overdue,
                    "as_of": day,
                    "events": events,
                    "actions": actions,
                }
            )
        )
        return
    if fmt is Format.csv:
        emit(events, fmt, TRACE_COLUMNS)
        return
    from rich.console import Console

    mark = " [bold red]overdue[/]" if item.overdue else ""
    style = STATUS_STYLE.get(item.status, "")
    Console().print(
        f"[b]{_escape(item.id)}[/b] {item.kind}: {_escape(item.note.title)}\n"
        f"status [{style}]{item.status}[/]{mark}"
        + (f" · due {item.due}" if item.due else "")
        + f" · as of {day}"
    )
    emit(events, fmt, TRACE_COLUMNS)
    for action in actions:
        progress = f"{action['status']}" + (
            f" ({action['last_response']})" if action["last_response"] else ""
        )
        late = " [bold red]overdue[/]" if action["overdue"] else ""
        due_text = f", due {action['due']}" if action["due"] else ""
        Console().print(
            f"linked action [b]{_escape(str(action['id']))}[/b]: {progress}{due_text}{late}"
            f" — {_escape(str(action['title']))}",
            overflow="ellipsis",
            no_wrap=True,
        )


def _escape(text: str) -> str:
    from rich.markup import escape

    from scrutiny.printable import printable

    return escape(printable(text))


# -- coverage ------------------------------------------------------------------------------


COVERAGE_COLUMNS = (
    Column("area", "Area", max_width=17),
    Column("gap", "", max_width=3),
    Column("activity", "Act", justify="right"),
    Column("finding", "Find", justify="right"),
    Column("recommendation", "Rec", justify="right"),
    Column("risk", "Risk", justify="right"),
    Column("sources", "Activity by source", min_width=10, ratio=1),
    Column("lens", "Lens C/P/L", min_width=10),
)


@app.command()
def coverage(
    period: PeriodOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Framework areas × evidence in a period: counts by kind, source and lens; gaps marked."""
    from scrutiny.coverage import coverage as compute

    loaded = load_corpus()
    chosen = resolve_period(loaded, period)
    table = compute(loaded, chosen)
    rows = [row.as_row() for row in table.rows]
    if fmt is not Format.table:
        keys = list(rows[0]) if rows else ["area"]
        emit(rows, fmt, (), keys=keys)
        return
    cells, styles = [], []
    for row in table.rows:
        sources = ", ".join(f"{k} {v}" for k, v in row.sources.items() if v)
        lens = "/".join(
            str(row.lens[k]) for k in ("children-families", "practitioners", "leadership")
        )
        cells.append(
            {
                "area": row.area,
                "gap": "GAP" if row.gap else "",
                "activity": row.activity,
                "finding": row.finding,
                "recommendation": row.recommendation,
                "risk": row.risk,
                "sources": sources or "—",
                "lens": lens,
            }
        )
        styles.append({"area": "bold red", "gap": "bold red"} if row.gap else {})
    emit(cells, fmt, COVERAGE_COLUMNS, title=f"Coverage, {chosen.wording}", styles=styles)
    typer.echo("Lens C/P/L: children & families / practitioners / leadership; GAP: no activity")


# -- respond -------------------------------------------------------------------------------


@app.command()
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

    loaded = load_corpus(quiet=True)
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
    except CaptureError as exc:
        for problem in exc.problems:
            typer.echo(_as_option_error(problem), err=True)
        if not exc.usage:
            typer.echo("nothing was written", err=True)
        raise typer.Exit(2 if exc.usage else 1) from None
    typer.echo(loaded.workspace.relative(path))


# -- report --------------------------------------------------------------------------------

from scrutiny.report.command import report  # noqa: E402 - light module; heavy imports deferred

app.command()(report)

from scrutiny.commands.export import export  # noqa: E402
from scrutiny.commands.plan import import_plan  # noqa: E402

app.command("import-plan")(import_plan)
app.command()(export)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
