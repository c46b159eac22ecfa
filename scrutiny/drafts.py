"""Drafts of forms being filled in, kept so that a crash or a killed terminal loses no typing.

A draft is a small JSON file under ``.scrutiny/drafts/`` (or, when the workspace cannot be
written, the per-user cache the index falls back to). It is never a note: nothing under
``.scrutiny/`` is indexed or reported. A workspace may come from someone else, so a draft
is read as data within limits, and one that is not a draft is skipped with a notice.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrutiny.files import cannot_write, write_atomic
from scrutiny.printable import printable_line
from scrutiny.store.place import cache_folder
from scrutiny.workspace import Workspace

DRAFTS_DIR = "drafts"
#: The forms a draft can come from: the new-note form and the response form.
FORMS = ("note", "response")
#: A draft is what one person typed into one form: anything larger is not one of ours.
MAX_BYTES = 1_000_000
#: Drafts read at one start; the newest first.
MAX_DRAFTS = 50
#: Marks the file as a draft, and the shape it has.
VERSION = 1

#: A field's value: text, or the values ticked in a list.
Value = str | list[str]


@dataclass(frozen=True)
class Draft:
    """One form's typing: which form, the kind and title to show, and every field's value."""

    path: Path
    form: str
    kind: str
    title: str
    #: The recommendation or risk a response draft answers; None for a note.
    target: str | None
    fields: dict[str, Value]
    #: When it was last written (the file's modification time, seconds since the epoch).
    saved: float = 0.0

    def age(self, now: float | None = None) -> str:
        """How long ago it was written, in words: ``just now``, ``5 minutes ago``, ``2 days ago``."""
        seconds = max(0, int((time.time() if now is None else now) - self.saved))
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if seconds >= size:
                count = seconds // size
                return f"{count} {unit}{'s' if count != 1 else ''} ago"
        return "just now"


def draft_payload(
    form: str, kind: str, title: str, target: str | None, fields: dict[str, Value]
) -> str:
    """The JSON text of a draft."""
    return json.dumps(
        {
            "scrutiny_draft": VERSION,
            "form": form,
            "kind": kind,
            "title": title,
            "target": target,
            "fields": fields,
        },
        ensure_ascii=False,
        indent=1,
    )


def read_draft(path: Path, data: bytes, saved: float = 0.0) -> Draft:
    """A draft from the bytes of its file; ``ValueError`` says why they are not one."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(raw, dict) or raw.get("scrutiny_draft") != VERSION:
        raise ValueError("not a scrutiny draft")
    form, kind, title, target = (raw.get(k) for k in ("form", "kind", "title", "target"))
    if form not in FORMS:
        raise ValueError(f"unknown form {printable_line(str(form))[:40]!r}")
    if not isinstance(kind, str) or not isinstance(title, str):
        raise ValueError("kind and title must be text")
    if target is not None and not isinstance(target, str):
        raise ValueError("target must be text")
    return Draft(path, form, kind, title, target, _fields(raw.get("fields")), saved)


def _fields(raw: Any) -> dict[str, Value]:
    if not isinstance(raw, dict):
        raise ValueError("fields must be a mapping")
    fields: dict[str, Value] = {}
    for name, value in raw.items():
        if isinstance(value, str):
            fields[name] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            fields[name] = list(value)
        else:
            raise ValueError(f"field {printable_line(name)[:40]!r} is neither text nor a list")
    return fields


@dataclass
class DraftStore:
    """Where a workspace's drafts are kept, and the one place a new draft is written.

    The first choice is ``.scrutiny/drafts/``; a workspace that cannot be written (a
    colleague's share) keeps them in the per-user cache instead. Drafts are written for
    their owner alone (mode 0600), and only the user's own are offered back.
    """

    workspace: Workspace
    #: The folder drafts are written to once one has been (None until then).
    folder: Path | None = field(default=None, init=False)

    def folders(self) -> list[Path]:
        """The places drafts may be, in the order they are tried."""
        return [self.workspace.index_dir / DRAFTS_DIR, cache_folder(self.workspace) / DRAFTS_DIR]

    def new_name(self, form: str) -> str:
        """A file name for a new draft of ``form``, unique without looking."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return f"{form}-{stamp}-{secrets.token_hex(4)}.json"

    def save(self, name: str, payload: str, where: Path | None = None) -> Path:
        """Write the draft ``name`` atomically (in ``where``, else the first place that takes it).

        Raises ``OSError`` (with a message for people) when no place can be written.
        """
        folders = [where] if where is not None else self.folders()
        if where is None and self.folder is not None:
            folders = [self.folder]
        last: OSError | None = None
        for folder in folders:
            try:
                self._prepare(folder)
                path = write_atomic(folder / name, payload, mode=0o600)
            except OSError as exc:
                last = exc
                continue
            self.folder = folder
            return path
        assert last is not None
        raise OSError(last.errno, cannot_write(folders[-1] / name, last, "typing is not kept"))

    def _prepare(self, folder: Path) -> None:
        index_dir = self.workspace.index_dir
        if folder.parent == index_dir and not (index_dir / ".gitignore").exists():
            # Drafts are private typing: keep them out of git, as the index is.
            folder.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                write_atomic(index_dir / ".gitignore", "*\n", overwrite=False)

    @staticmethod
    def remove(path: Path) -> None:
        """Remove a draft (saved, discarded or restored elsewhere); gone already is fine."""
        with contextlib.suppress(OSError):
            path.unlink()

    def load(self) -> tuple[list[Draft], list[str]]:
        """The user's drafts, newest first, and one notice for each file that is not a draft."""
        found: list[tuple[float, Path]] = []
        for folder in self.folders():
            found.extend(_candidates(folder))
        found.sort(reverse=True)
        drafts: list[Draft] = []
        notices: list[str] = []
        for saved, path in found[:MAX_DRAFTS]:
            try:
                drafts.append(read_draft(path, _read(path), saved))
            except (OSError, ValueError) as exc:
                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                notices.append(f"skipped draft {printable_line(path.name)}: {why}")
        return drafts, notices


def _candidates(folder: Path) -> list[tuple[float, Path]]:
    """``(mtime, path)`` of the regular ``*.json`` files in ``folder`` that the user owns."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith(".json"):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        # Not a symlink, FIFO or device (a read would follow it out or hang), and the
        # user's own: a shared folder may hold a colleague's drafts, which are theirs.
        if stat.S_ISREG(info.st_mode) and (uid is None or info.st_uid == uid):
            found.append((info.st_mtime, Path(entry.path)))
    return found


def _read(path: Path) -> bytes:
    """The file's bytes, refusing one swapped for a link or a FIFO, or one too large."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueError("not a regular file")
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES // 1_000_000} MB")
    return data
