"""The user's editor: which command opens a file at a line."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path


def editor_command(path: Path, line: int | None = None) -> list[str]:
    """``$VISUAL``/``$EDITOR`` (or nano, or vi) with ``+LINE`` and the file."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or shutil.which("nano") or "vi"
    command = shlex.split(editor)
    if line is not None:
        command.append(f"+{line}")
    command.append(str(path))
    return command


def run_editor(path: Path, line: int | None = None) -> str | None:
    """Run the editor and wait for it; an error message if it could not start."""
    command = editor_command(path, line)
    try:
        subprocess.run(command, check=False)
    except OSError as exc:
        return f"cannot start editor {command[0]!r}: {exc.strerror or exc}; set $EDITOR"
    return None
