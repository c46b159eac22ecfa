"""The minimal peer: the least a note indexer can do, to hold ours against.

Walk the folder, parse each note's front matter with libyaml's CSafeLoader, and store one
row per note plus a full-text table, in one SQLite transaction. No validation, no
cross-note checks, no derived tables, no change detection: what a 25-line script does.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import yaml


def index(ws: Path, target: Path) -> int:
    """Index the notes under ``ws/evidence`` into ``target``; the number of notes."""
    target.unlink(missing_ok=True)
    db = sqlite3.connect(target)
    db.execute("CREATE TABLE notes (path TEXT PRIMARY KEY, fields TEXT, body TEXT)")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body)")
    rows = 0
    with db:
        for dirpath, _dirs, files in os.walk(ws / "evidence"):
            for name in files:
                if not name.endswith(".md"):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
                front, _, body = text[4:].partition("\n---\n")
                fields = yaml.load(front, Loader=yaml.CSafeLoader) or {}
                db.execute(
                    "INSERT INTO notes VALUES (?, ?, ?)",
                    (path, json.dumps(fields, default=str), body),
                )
                db.execute("INSERT INTO fts VALUES (?, ?)", (str(fields.get("title", "")), body))
                rows += 1
    db.close()
    return rows
