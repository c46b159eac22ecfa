"""Where a workspace's own index goes: ``.scrutiny/``, a per-user cache, or memory.

A workspace may be read-only (a colleague's share, a checked-out release) or on a full
disk. Reading it must still work, so the index is kept where it can be written, and the
command says so in one line; the notes are the truth wherever the index lives.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from scrutiny.errors import IndexUnavailable
from scrutiny.workspace import INDEX_DIR, Workspace

INDEX_FILE = "index.db"
#: SQLAlchemy's URL of a SQLite database in memory.
MEMORY_URL = "sqlite://"


@dataclass(frozen=True)
class Place:
    """The index's URL, and the one-line notice to print when it is not the usual place."""

    url: str
    notice: str | None = None


def index_place(workspace: Workspace) -> Place:
    """``.scrutiny/index.db`` when it can be written; else a per-user cache, else memory.

    Raises :class:`IndexUnavailable` when ``.scrutiny`` or ``index.db`` is something else
    (a file where the folder goes, a folder where the file goes): moving it aside is the
    user's decision, not ours.
    """
    folder = workspace.index_dir
    target = folder / INDEX_FILE
    if folder.exists() and not folder.is_dir():
        raise IndexUnavailable(
            f"{folder} is not a folder, so the index cannot be kept there; "
            f"move it aside (the index in {INDEX_DIR}/ is rebuilt from the notes)"
        )
    if target.is_dir() or (target.exists() and not target.is_file()):
        raise IndexUnavailable(
            f"{target} is not a file, so the index cannot be kept there; "
            f"move it aside (the index is rebuilt from the notes)"
        )
    if _writable(folder, target):
        return Place(f"sqlite:///{target}")
    return elsewhere(workspace, "the workspace is read-only")


def elsewhere(workspace: Workspace, why: str) -> Place:
    """A place for the index outside the workspace: the user's cache, else memory."""
    cache = cache_folder(workspace)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        usable = _writable(cache, cache / INDEX_FILE)
    except OSError:
        usable = False
    if usable:
        return Place(f"sqlite:///{cache / INDEX_FILE}", f"{why}: the index is kept in {cache}")
    return memory(why)


def memory(why: str) -> Place:
    """The index in memory, for this command only."""
    return Place(MEMORY_URL, f"{why}: the index is kept in memory for this command")


def cache_folder(workspace: Workspace) -> Path:
    """``$XDG_CACHE_HOME/scrutiny/<hash of the workspace's path>`` (``~/.cache`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    key = hashlib.blake2b(str(workspace.root.resolve()).encode(), digest_size=8).hexdigest()
    return root / "scrutiny" / key


def _writable(folder: Path, target: Path) -> bool:
    """Whether the index file could be created or written (a read-only mount says no)."""
    if target.exists():
        return os.access(target, os.W_OK) and os.access(folder, os.W_OK)
    if folder.exists():
        return os.access(folder, os.W_OK)
    parent = folder.parent
    return parent.is_dir() and os.access(parent, os.W_OK)
