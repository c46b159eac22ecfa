"""What every command shares: the global options, opening the workspace through the facade, errors, periods, dates and completion."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from scrutiny.output import Format

if TYPE_CHECKING:
    from scrutiny.api import Reading, Scrutiny
    from scrutiny.corpus import Corpus
    from scrutiny.periods import Period
    from scrutiny.workspace import Workspace


class State:
    """Options given before the command."""

    workspace: Path | None = None
    database_url: str | None = None
    #: Set when the command prints JSON or CSV: no progress bars then.
    machine_output: bool = False
    #: ``--partnership``: answer for this partnership's footprint only.
    partnership: str | None = None


state = State()


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table (for people), json or csv (for scripts)")
]


PartnershipOption = Annotated[
    str | None,
    typer.Option(
        "--partnership",
        help="one partnership's footprint, where several share the workspace (\\[partnerships] in scrutiny.toml)",
    ),
]

PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        metavar="PERIOD",
        help="reporting period label, e.g. 2020-21 (default: newest)",
    ),
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


def read_workspace(
    *,
    strict: bool = False,
    quiet: bool = False,
    kinds: Sequence[str] | None = None,
    as_of: date | None = None,
    writes: bool = False,
    only: Callable[[Scrutiny], Sequence[str]] | None = None,
    bodies: bool | Collection[str] = True,
) -> tuple[Scrutiny, Reading]:
    """Refresh the index and read the workspace; say what was left out.

    ``kinds`` loads only the valid notes of those kinds (all problems are still known).
    ``only`` names, once the index is up to date, the paths of the only notes to load (a
    search's hits). ``bodies``: False when the command prints no note's text, or the
    kinds whose text it prints.
    ``writes``: the command is about to write notes; refuse a read-only workspace first.
    """
    from scrutiny.api import Scrutiny
    from scrutiny.errors import IndexUnavailable

    workspace = open_workspace()
    if writes:
        refuse_read_only(workspace)
    try:
        scrutiny = Scrutiny(workspace, database_url=state.database_url)
        scrutiny.index  # noqa: B018 - open it now, to report an unusable one in one line
    except IndexUnavailable as exc:
        fail(str(exc))
    try:
        with progress_bar() as progress:
            stats = scrutiny.refresh(progress)
        reading = _read(scrutiny, kinds, strict, as_of, only, bodies)
        stats.notices.extend(scrutiny.notices())
    except IndexUnavailable as exc:
        fail(f"{exc} (check --database-url or SCRUTINY_DATABASE_URL)")
    for notice in stats.notices:
        typer.echo(f"scrutiny: {notice}", err=True)
    if state.partnership is not None:
        reading = _footprint(reading, state.partnership)
    if not quiet:
        bad = {p.path for p in reading.corpus.errors}
        if bad:
            words = "note has errors and is" if len(bad) == 1 else "notes have errors and are"
            typer.echo(f"scrutiny: {len(bad)} {words} left out; run 'scrutiny check'", err=True)
    return scrutiny, reading


def _read(
    scrutiny: Scrutiny,
    kinds: Sequence[str] | None,
    strict: bool,
    as_of: date | None,
    only: Callable[[Scrutiny], Sequence[str]] | None,
    bodies: bool | Collection[str],
) -> Reading:
    from scrutiny.api import StaleSelection

    try:
        paths = only(scrutiny) if only is not None else None
        return scrutiny.read(kinds=kinds, strict=strict, as_of=as_of, paths=paths, bodies=bodies)
    except StaleSelection:  # chosen from a damaged index, since rebuilt: choose again
        paths = only(scrutiny) if only is not None else None
        return scrutiny.read(kinds=kinds, strict=strict, as_of=as_of, paths=paths, bodies=bodies)


def use_partnership(partnership: str | None) -> None:
    """Answer for one partnership's footprint from here on (``--partnership``)."""
    state.partnership = partnership


def _footprint(reading: Reading, partnership: str) -> Reading:
    from scrutiny.api import Reading as Read
    from scrutiny.problems import did_you_mean

    known = reading.corpus.workspace.settings.partnerships
    if partnership not in known:
        declared = ", ".join(known) or "none"
        fail(
            f"--partnership: unknown partnership {partnership!r}"
            f"{did_you_mean(partnership, list(known))} (scrutiny.toml declares: {declared})",
            2,
        )
    return Read(reading.corpus.footprint(partnership), reading.as_of, reading.complete)


def load_corpus(
    *,
    strict: bool = False,
    quiet: bool = False,
    kinds: Sequence[str] | None = None,
    writes: bool = False,
    bodies: bool = True,
) -> Corpus:
    """:func:`read_workspace`'s notes, for commands that need no ledger."""
    _, reading = read_workspace(
        strict=strict, quiet=quiet, kinds=kinds, writes=writes, bodies=bodies
    )
    return reading.corpus


def refuse_read_only(workspace: Workspace) -> None:
    """Stop, in one line, before writing notes into a workspace that cannot take them."""
    from scrutiny.files import writable_folder

    if not writable_folder(workspace.evidence_dir):
        fail(
            f"cannot write notes in {workspace.root}: the workspace is read-only "
            "(evidence/ cannot be written); nothing was written"
        )


def write_failed(
    workspace: Workspace | None, exc: OSError, then: str = "nothing was written"
) -> NoReturn:
    """A write that failed (a full disk, a read-only folder), in one line, exit 1."""
    from scrutiny.files import cannot_write

    where: str | Path = exc.filename or "a file"
    if workspace is not None and exc.filename:
        where = workspace.relative(Path(exc.filename))
    fail(cannot_write(where, exc, then))


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
    """The period ``label`` names, or the newest with notes."""
    if label is None:
        return corpus.newest_period()
    return period_named(corpus.workspace, label)


def period_named(workspace: Workspace, label: str) -> Period:
    """The period ``label`` names (``2024-25``), or exit 2 saying why it names none."""
    from scrutiny.periods import PeriodError

    try:
        return workspace.parse_period(label)
    except PeriodError as exc:
        fail(str(exc), 2)


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: invalid date {value!r} (expected YYYY-MM-DD)", 2)


def read_body(body: str | None) -> str:
    if body == "-":
        return sys.stdin.read()
    return body or ""


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


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE", help="state as of this date, YYYY-MM-DD (default: today)"
    ),
]


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


def run_tui(partnership: str | None = None) -> None:
    workspace = open_workspace()
    if partnership is not None and partnership not in workspace.settings.partnerships:
        from scrutiny.problems import did_you_mean

        known = list(workspace.settings.partnerships)
        fail(
            f"--partnership: unknown partnership {partnership!r}{did_you_mean(partnership, known)}",
            2,
        )
    # Start reading the notes before importing the UI: the two overlap.
    from scrutiny.tui.state import FirstReading

    reading = FirstReading(workspace, date.today(), state.database_url, partnership)
    from scrutiny.tui.app import ScrutinyApp

    ScrutinyApp(
        workspace,
        today=reading.today,
        first_reading=reading,
        database_url=state.database_url,
        partnership=partnership,
    ).run()
