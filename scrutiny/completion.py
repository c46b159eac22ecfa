"""Shell completion of area ids and item ids, read cheaply from the workspace and its index.

Each function here runs on a key press in the shell: it must be quick, print nothing and
never fail. Outside a workspace, or on any error, it offers nothing.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

TRACKED = ("recommendation", "risk", "action")


def area_ids(workspace: Path | None, incomplete: str = "") -> list[tuple[str, str]]:
    """The framework's areas starting with ``incomplete``, each with its title."""
    try:
        from scrutiny.workspace import Workspace

        with contextlib.redirect_stderr(io.StringIO()):
            framework = Workspace.open(workspace).framework
        return [(a.id, a.title) for a in framework.areas if a.id.startswith(incomplete)]
    except Exception:  # a completion must never break the shell
        return []


def item_ids(
    workspace: Path | None,
    url: str | None = None,
    incomplete: str = "",
    kinds: tuple[str, ...] = TRACKED,
) -> list[tuple[str, str]]:
    """Ids of recommendations, risks and actions starting with ``incomplete`` (any case),
    each with its kind and title, read from the index."""
    try:
        from scrutiny.store import Index
        from scrutiny.workspace import Workspace

        with contextlib.redirect_stderr(io.StringIO()):
            index = Index(Workspace.open(workspace), url)
            try:
                index.refresh()  # incremental: a stat per file when nothing changed
                rows = index.item_titles()  # sqlite3 alone: SQLAlchemy is not imported
            finally:
                index.close()
        prefix = incomplete.lower()
        return [
            (str(i), f"{k}: {t}")
            for i, k, t in rows
            if k in kinds and str(i).lower().startswith(prefix)
        ]
    except Exception:  # a completion must never break the shell
        return []
