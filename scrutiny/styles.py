"""How statuses look on a terminal: one set of Rich styles for the command line and the UI."""

from __future__ import annotations

#: The colour of each status, in tables and timelines.
STATUS_STYLE = {
    "open": "bold yellow",
    "accepted": "cyan",
    "in-progress": "blue",
    "implemented": "green",
    "closed": "dim green",
    "not-accepted": "red",
    "superseded": "dim",
    "monitoring": "yellow",
    "escalated": "bold red",
    "realised": "bold magenta",
    "mitigated": "green",
    "planned": "yellow",
    "completed": "green",
    "dropped": "dim",
}
