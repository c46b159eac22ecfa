"""The ``scrutiny`` command's entry point.

Each Tab in the shell runs the whole command again. Loading the CLI (Typer, pydantic, the
note models) costs more than a Tab may, so the commonest question, *which ids start
like this?* after ``scrutiny trace`` or ``scrutiny respond``, is answered here first with
the standard library alone: the walk says whether the files are as the index last saw
them, and if so the ids come from the index's ``items`` table. Anything else (another
argument, an option, an index that is missing, stale, elsewhere or on a server) goes to
the CLI, whose answer this one equals (tested, in bash, zsh and fish).
"""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import sys
from pathlib import Path

from scrutiny import walk
from scrutiny.freshness import as_last_seen, listing_key

#: Commands whose first argument is a recommendation, risk or action id.
ID_COMMANDS = ("respond", "trace")
#: The kinds whose ids are offered (as :data:`scrutiny.completion.TRACKED`).
TRACKED = ("recommendation", "risk", "action")
COMPLETE_VAR = "_SCRUTINY_COMPLETE"
WHITESPACE = re.compile(r"\s")
#: Set to anything to answer every Tab through the CLI (to compare the two).
ENV_SLOW = "SCRUTINY_SLOW_COMPLETE"


def main() -> None:
    """Run the command; a Tab on an id is answered without loading the CLI when it can be."""
    if os.environ.get(COMPLETE_VAR) and not os.environ.get(ENV_SLOW):
        answer = quick_answer(dict(os.environ))
        if answer is not None:
            text, status = answer
            if text is not None:
                sys.stdout.write(text + "\n")
            sys.exit(status)
    from scrutiny.cli import main as run

    run()


def split(line: str) -> list[str]:
    """Words as the shell gave them, an unfinished quote kept (as click splits them)."""
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def words_of(env: dict[str, str]) -> tuple[str, list[str], str] | None:
    """The shell, the words before the cursor and the word being typed, as Typer reads them."""
    shell = env.get(COMPLETE_VAR, "").removeprefix("complete_")
    if shell == "bash":
        words = split(env.get("COMP_WORDS", ""))
        try:
            cword = int(env.get("COMP_CWORD", ""))
        except ValueError:
            return None
        return shell, words[1:cword], words[cword] if cword < len(words) else ""
    if shell in ("zsh", "fish"):
        line = env.get("_TYPER_COMPLETE_ARGS", "")
        args = split(line)[1:]
        if args and not line.endswith(" "):
            return shell, args[:-1], args[-1]
        return shell, args, ""
    return None


def fresh_items(root: Path) -> list[tuple[str, str, str]] | None:
    """``(id, kind, title)`` from the index in ``root``, or None unless the files are
    exactly as the index's last refresh saw them."""
    index = root / ".scrutiny" / "index.db"
    if not index.is_file():
        return None
    on_disk = walk.note_stats(root, root / "evidence")
    try:
        conn = sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        if not as_last_seen(conn, meta, on_disk, listing_key(on_disk)):
            return None
        rows = conn.execute("SELECT id, kind, title FROM items ORDER BY id").fetchall()
        return [(str(i), str(k), str(t)) for i, k, t in rows]
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()


def quick_answer(env: dict[str, str]) -> tuple[str | None, int] | None:
    """What the shell is told for this Tab (the text, if any, and the exit status), or
    None when the CLI must answer it."""
    found = words_of(env)
    if found is None:
        return None
    shell, args, incomplete = found
    if len(args) != 1 or args[0] not in ID_COMMANDS or incomplete.startswith("-"):
        return None
    if env.get("SCRUTINY_DATABASE_URL"):
        return None
    try:
        root = walk.find_root(explicit=env.get(walk.ENV_WORKSPACE) or None)
        items = fresh_items(root)
    except (walk.NotAWorkspace, OSError):
        return None
    if items is None:
        return None
    # Typer keeps the answers that start with the word as typed (case and all).
    offered = [(i, f"{k}: {t}") for i, k, t in items if k in TRACKED and i.startswith(incomplete)]
    if shell == "bash":
        return "\n".join(i for i, _ in offered), 0
    if shell == "fish":
        action = env.get("_TYPER_COMPLETE_FISH_ACTION")
        if action == "is-args":  # whether to offer these rather than file names
            return None, 0 if offered else 1
        if action == "get-args" and offered:
            return "\n".join(f"{i}\t{WHITESPACE.sub(' ', h)}" for i, h in offered), 0
        return "", 0
    if not offered:
        return "_files", 0
    pairs = "\n".join(f'"{_zsh(i)}":"{_zsh(h)}"' for i, h in offered)
    return f"_arguments '*: :(({pairs}))'", 0


def _zsh(text: str) -> str:
    """Quoted for zsh's ``_arguments`` as Typer quotes it."""
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )
