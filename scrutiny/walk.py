"""The walk over a workspace's note files, and where a workspace is: the standard library
only, so that shell completion can ask "has anything changed?" before the rest of
scrutiny (pydantic, the note models) is imported (see :mod:`scrutiny.freshness`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

SETTINGS_FILE = "scrutiny.toml"
ENV_WORKSPACE = "SCRUTINY_WORKSPACE"

#: (path, relative path, size, mtime_ns) of one note file.
NoteStat = tuple[str, str, int, int]


class NotAWorkspace(LookupError):
    """No workspace where one was looked for; the message says what to do."""


def find_root(start: Path | None = None, explicit: Path | str | None = None) -> Path:
    """The workspace root: ``explicit``, else ``$SCRUTINY_WORKSPACE``, else walk up like git."""
    chosen = explicit or os.environ.get(ENV_WORKSPACE) or None
    if chosen:
        root = Path(chosen).expanduser()
        if not (root / SETTINGS_FILE).is_file():
            raise NotAWorkspace(
                f"{root} is not a scrutiny workspace (no {SETTINGS_FILE}); "
                f"create one with 'scrutiny init {root}'"
            )
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise NotAWorkspace(
        "not in a scrutiny workspace: run 'scrutiny init' to start one here, "
        "or 'scrutiny demo' to try the demo partnership"
    )


def relative(root: Path, path: Path) -> str:
    """``path`` as written in problems: relative to the root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def note_stats(root: Path, base: Path) -> list[NoteStat]:
    """(path, relative path, size, mtime_ns) of every note file under ``base``.

    Hidden files and folders, editor swap and backup files, symlinks that point outside
    the workspace (or nowhere), and anything not a regular file are skipped; a folder that
    cannot be read is listed itself, so that reading it reports the problem.

    One ``scandir`` per folder and one ``lstat`` per file: this walk runs before every
    command, so it must cost little more than the system calls.
    """
    if not base.is_dir():
        return []
    resolved = root.resolve()
    found: list[NoteStat] = []
    prefix = len(str(root)) + 1
    under_root = str(base).startswith(str(root) + os.sep)

    # An explicit stack rather than a nested recursive function: a closure that refers
    # to itself is a reference cycle, which kept every walk's list alive until a full
    # garbage collection (the TUI walks every second; its memory grew by MB a second).
    # Each level is an iterator over one folder's sorted entries, so the order is the
    # recursive one: depth first, a folder's notes where its name sorts.
    stack = [iter(_listing(str(base), found, root))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if name.startswith("."):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue  # deleted while listing
        except OSError:
            # Names listed but not searchable (no x permission): the folder is listed
            # once and the rest of its entries skipped.
            folder = os.path.dirname(entry.path)
            _unreadable(folder, found, root)
            stack.pop()
            continue
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            stack.append(iter(_listing(entry.path, found, root)))
            continue
        if not name.endswith(".md") or name.startswith(("#", "~")):
            continue
        note = _note_stat(entry.path, st, resolved)
        if note is None:
            continue
        path = entry.path
        rel = path[prefix:].replace(os.sep, "/") if under_root else relative(root, Path(path))
        found.append((path, rel, note.st_size, note.st_mtime_ns))
    return found


def _listing(folder: str, found: list[NoteStat], root: Path) -> list[os.DirEntry[str]]:
    """The entries of ``folder`` by name; none if it vanished, and none (with the folder
    listed in ``found``) if it cannot be read."""
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except FileNotFoundError:
        return []
    except OSError:
        _unreadable(folder, found, root)
        return []


def _unreadable(folder: str, found: list[NoteStat], root: Path) -> None:
    """List an unreadable folder like a note, so reading it says why its notes are missing
    (a problem in check) rather than letting them vanish from every output."""
    try:
        mtime_ns = os.stat(folder).st_mtime_ns
    except OSError:
        mtime_ns = 0
    found.append((folder, relative(root, Path(folder)), 0, mtime_ns))


def _note_stat(path: str, st: os.stat_result, root: Path) -> os.stat_result | None:
    """The stat of the note ``path`` names, or None when it is not one to read.

    A symlink counts only when it points at a regular file inside the workspace; a FIFO
    or device named ``*.md`` would block or never end when read.
    """
    if stat.S_ISLNK(st.st_mode):
        try:
            target = Path(path).resolve(strict=True)
            st = target.stat()
        except (OSError, RuntimeError):
            return None
        if not target.is_relative_to(root):
            return None
    return st if stat.S_ISREG(st.st_mode) else None
