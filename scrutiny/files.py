"""Writing files safely: atomically, and never over a file that already exists."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

#: Mode of files the program creates (before the umask): readable by the group, like git.
FILE_MODE = 0o644


class FileExists(FileExistsError):
    """The target exists and the caller asked never to overwrite."""


def write_atomic(
    path: Path, data: str | bytes, *, overwrite: bool = True, mode: int = FILE_MODE
) -> Path:
    """Write ``data`` to ``path`` through a flushed, fsynced temporary file in the same folder.

    With ``overwrite=False`` the final step is a hard link, which fails if ``path`` exists,
    so a file the user wrote is never replaced, even by a racing writer. ``mode`` (before
    the umask) is ``0600`` for what only its owner should read, such as a draft.
    """
    made = _make_folders(path.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        _remove_folders(made)
        raise
    tmp = Path(tmp_name)
    written = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, mode & ~umask)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise FileExists(f"{path} already exists; it was left as it is") from None
            tmp.unlink()
        _fsync_dir(path.parent)
        written = True
    except OSError as exc:
        if not isinstance(exc, FileExists):
            exc.filename = str(path)  # the file asked for, not the temporary one
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if not written:
            _remove_folders(made)
    return path


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, innermost first."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _remove_folders(made: list[Path]) -> None:
    """Remove folders a failed write created, so it leaves nothing behind (if still empty)."""
    for folder in made:
        with contextlib.suppress(OSError):
            folder.rmdir()


#: What a failed write says, by errno: the reason a person can act on.
_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def cannot_write(path: Path | str, exc: OSError, then: str = "nothing was written") -> str:
    """One line for a write that failed: what could not be written, why, and what is left."""
    why = _WHY.get(exc.errno or 0) or exc.strerror or str(exc)
    return f"cannot write {path}: {why}; {then}"


def writable_folder(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (or its nearest existing parent)."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return os.access(candidate, os.W_OK)
    return False


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_unique(folder: Path, stem: str, suffix: str, data: str) -> Path:
    """Create ``folder/stem.suffix``, or ``stem-2``, ``stem-3``... if taken; never overwrite."""
    for n in range(1, 1000):
        candidate = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        if candidate.exists():
            continue
        try:
            return write_atomic(candidate, data, overwrite=False)
        except FileExists:
            continue
    raise FileExists(f"could not find a free file name for {stem}{suffix} in {folder}")


#: Folders and files of a workspace that hold what the user wrote (or the index): generated
#: output may never land in or on them.
PROTECTED = {
    "evidence": "in the notes folder evidence/",
    "frameworks": "in frameworks/",
    "templates": "in templates/",
    ".scrutiny": "in the index folder .scrutiny/",
    "scrutiny.toml": "the settings file scrutiny.toml",
}


def output_refusal(path: Path, workspace_root: Path) -> str | None:
    """Why ``path`` may not be written as generated output, or None when it may.

    Refused: anything inside the workspace's notes, frameworks, templates or index, the
    settings file, and an existing path that is not a regular file (a symlink, FIFO,
    device or folder), which writing would silently replace with a regular file.
    """
    if path.is_symlink():
        return f"{path} is a symbolic link; name the file itself"
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file"
        return f"{path} is {what}; name a new or ordinary file"
    try:
        target = path.resolve()
        root = workspace_root.resolve()
    except OSError as exc:  # pragma: no cover - a loop in the path's folders
        return f"{path}: {exc.strerror or exc}"
    for name, where in PROTECTED.items():
        guarded = root / name
        if target == guarded or guarded in target.parents:
            return f"{path} is {where}; generated output is written somewhere else"
    return None
