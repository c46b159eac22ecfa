"""Outside edits to the notes (an editor, ``git pull``) told to the app as they happen.

The app learns of files changed behind its back in one of three ways, chosen by
:func:`plan`: *watching* (the operating system reports changes to ``evidence/`` through
``watchfiles``: inotify, FSEvents, ReadDirectoryChangesW), *polling* (the stat walk of
every refresh, every few seconds: where watching is not possible), or *off*. The
``SCRUTINY_WATCH`` environment variable (``watch``, ``poll`` or ``off``) chooses one.

:func:`watch_notes` runs in a thread worker. It posts :class:`NotesChanged` once watching
has begun (anything changed before then is found by that check) and after each batch of
changes, and :class:`WatchFailed` (then returns) when watching stops working, so the app
can poll instead. The app answers a batch with the same refresh a poll makes.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import threading
import time
from abc import abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.app import App
from textual.message import Message
from textual.worker import Worker, get_current_worker

if TYPE_CHECKING:
    from watchfiles import Change

    from scrutiny.tui.state import Loaded
    from scrutiny.workspace import Workspace

#: The environment variable that chooses how outside changes are noticed.
ENV_WATCH = "SCRUTINY_WATCH"
#: Where the files cannot be watched, they are checked this often at most (the app
#: checks less often when a check is slow).
POLL_SECONDS = 1.0
#: Changes are gathered into one batch for at most this long (a ``git pull`` is one batch).
DEBOUNCE_MS = 500
#: A batch ends once nothing has changed for this long; also how often the watching thread
#: looks whether the app has asked it to stop.
STEP_MS = 100
#: How often, with nothing changing, the watcher looks whether ``evidence/`` itself was
#: replaced (a checkout that removes and recreates it leaves the old watch on nothing).
RECHECK_MS = 2_000
#: How often to look for a missing ``evidence/`` folder to appear.
ABSENT_SECONDS = 2.0
#: File systems whose changes made on another machine are not reported to this one.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "drvfs",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.glusterfs",
        "fuse.s3fs",
    }
)
#: Names no person wrote as a note: editor swap, backup and temporary files.
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".bak", "___jb_tmp___", "___jb_old___")


@dataclass(frozen=True)
class Plan:
    """How the app notices outside changes, and (when it polls) why, in words for people."""

    how: Literal["watch", "poll", "off"]
    why: str = ""


class NotesChanged(Message, bubble=False):
    """Note files changed outside the app (or watching has just begun): check them."""


class WatchFailed(Message, bubble=False):
    """Watching is not possible (any more): the app should poll instead."""

    def __init__(self, why: str) -> None:
        super().__init__()
        self.why = why


def plan(workspace: Workspace, environ: Mapping[str, str] = os.environ) -> Plan:
    """Watch unless ``SCRUTINY_WATCH`` says otherwise or watching cannot work here.

    Only what can be known cheaply is checked here, on the UI thread; what needs the
    files (a linked folder, the system's limits) is found by :func:`watch_notes`.
    """
    asked = environ.get(ENV_WATCH, "").strip().lower()
    if asked == "off":
        return Plan("off")
    if asked == "poll":
        return Plan("poll", f"{ENV_WATCH}=poll")
    if asked not in ("", "watch"):
        return Plan("poll", f"{ENV_WATCH}={asked} is not one of watch, poll, off")
    if importlib.util.find_spec("watchfiles") is None:
        return Plan("poll", "watchfiles is not installed")
    kind = filesystem_of(workspace.evidence_dir)
    if kind in NETWORK_FILESYSTEMS:
        return Plan("poll", f"evidence/ is on a network file system ({kind})")
    return Plan("watch")


def filesystem_of(path: Path, mountinfo: Path = Path("/proc/self/mountinfo")) -> str | None:
    """The type of the file system ``path`` is on (``ext4``, ``nfs4``), or None if unknown."""
    try:
        table = mountinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None  # not Linux
    real = os.path.realpath(path)
    best, kind = "", None
    for line in table.splitlines():
        fields = line.split()
        if "-" not in fields[5:]:
            continue
        # Spaces and other odd characters in mount points are written as octal escapes.
        mount = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
        inside = real == mount or real.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):  # a later mount over the same place wins
            best, kind = mount, fields[fields.index("-", 5) + 1]
    return kind


class NoteChanges:
    """The changes under ``evidence/`` that can change a reading, as the stat walk sees it.

    Notes and folders count; hidden files and folders (``.git``, a ``.x.md.swp``, our own
    ``.x.md.*.tmp``), editor lock, swap, backup and temporary files do not. A path that is
    not a note counts only when it is (or, deleted, may have been) a folder: a folder
    moved in or out brings or takes its notes without an event for each.
    """

    def __init__(self, folder: Path) -> None:
        self.prefix = str(folder) + os.sep

    def __call__(self, change: Change, path: str) -> bool:
        rel = path.removeprefix(self.prefix)
        if any(part.startswith(".") for part in rel.split(os.sep)):
            return False
        name = os.path.basename(path)
        if name.startswith(("#", "~")) or name.endswith(IGNORED_SUFFIXES):
            return False
        if name.endswith(".md"):
            return True
        return change.name == "deleted" or os.path.isdir(path)


def linked_folder(folder: Path) -> str | None:
    """A symlink to a folder under ``folder``, or None.

    Watching follows such links (to anywhere, ``/`` included) where the notes are read
    without them, so a workspace that has one is polled instead.
    """
    for here, folders, _files in os.walk(folder):
        for name in folders:
            if os.path.islink(os.path.join(here, name)):
                return os.path.relpath(os.path.join(here, name), folder.parent)
    return None


def why_not(exc: BaseException) -> str:
    """Why watching failed, in words for people (the system's limits say which to raise)."""
    said = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "watch limit" in said.lower():
        return "the system's limit on watched folders is reached (fs.inotify.max_user_watches)"
    if "os error 24" in said.lower():
        return "the system's limit on file watchers is reached (fs.inotify.max_user_instances)"
    return f"watching failed: {said}"


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder ``folder`` names now (device and inode), or None if there is none."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def watch_notes(folder: Path, post: Callable[[Message], object], stop: threading.Event) -> None:
    """Watch ``folder`` (``evidence/``) until ``stop`` is set, posting what changed to the app.

    Posts :class:`NotesChanged` when each watch has begun and after each batch of note
    changes, and :class:`WatchFailed` when watching cannot go on (then returns). A folder
    that is missing is waited for; one that is replaced is watched again.
    """
    try:
        import watchfiles  # noqa: F401  (loaded here, not on the UI thread)
    except ImportError as exc:
        post(WatchFailed(f"watchfiles cannot be loaded ({exc})"))
        return
    while not stop.is_set():
        identity = _identity(folder)
        if identity is None:
            stop.wait(ABSENT_SECONDS)
            continue
        linked = linked_folder(folder)
        if linked is not None:
            post(WatchFailed(f"{linked} is a linked folder, which watching would follow"))
            return
        try:
            _watch_while_same(folder, identity, post, stop)
        except FileNotFoundError:
            continue  # removed as the watch began: wait for it again
        except Exception as exc:  # whatever it was, polling still works
            post(WatchFailed(why_not(exc)))
            return


def _watch_while_same(
    folder: Path,
    identity: tuple[int, int],
    post: Callable[[Message], object],
    stop: threading.Event,
) -> None:
    """One watch of ``folder``, until ``stop`` is set or the folder is another one."""
    from watchfiles import watch

    batches = watch(
        folder,
        watch_filter=NoteChanges(folder),
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        rust_timeout=RECHECK_MS,
        yield_on_timeout=True,
        debug=False,
        raise_interrupt=False,
        # Our own fallback is the stat walk, throttled; notify's polling is not.
        force_polling=False,
        ignore_permission_denied=False,
    )
    with contextlib.closing(batches):
        begun = False
        for changes in batches:
            # The first yield (changes, or a timeout) comes once the watch is set up: one
            # check then finds whatever changed before it.
            if changes or not begun:
                post(NotesChanged())
            begun = True
            if _identity(folder) != identity:
                return


#: The name of the thread while it watches (the thread is the worker pool's).
THREAD_NAME = "scrutiny-watch"


def start(app: App[None], folder: Path) -> Worker[None]:
    """Watch ``folder`` in a thread worker of ``app``.

    The worker is cancelled when the app exits, which sets the event the watcher checks
    every ``STEP_MS``: the thread and its watch end within that, and nothing is left.
    """

    def post(message: Message) -> bool:
        try:
            return app.post_message(message)
        except RuntimeError:  # the app's event loop closed as the message was posted
            return False

    def run() -> None:
        thread = threading.current_thread()
        name, thread.name = thread.name, THREAD_NAME
        try:
            watch_notes(folder, post, get_current_worker().cancelled_event)
        finally:
            thread.name = name

    return app.run_worker(run, name="watching", group="watch", thread=True, exit_on_error=False)


class WatchingApp(App[None]):
    """An app whose reading follows the files as they change outside it.

    A subclass gives ``workspace``, ``loaded`` (None until the first reading arrives) and
    ``check_for_changes`` (a thread worker in the ``index`` group: refresh the index, and
    take a new reading only if a file changed; it sets ``_next_check``), and calls
    :meth:`notice_changes` once mounted and :meth:`watch_once_read` on each new reading.
    """

    workspace: Workspace
    loaded: Loaded | None
    #: How outside changes are noticed: watched, polled (and why) or not at all.
    watch_plan = Plan("off")
    #: When polling, the files are not checked again before this (``time.monotonic``).
    _next_check = 0.0
    #: The watcher said files changed: they are checked once the index is free.
    _outside_change = False
    _watcher: Worker[None] | None = None

    @abstractmethod
    def check_for_changes(self) -> object:
        """Check the files for outside changes (the app's own refresh)."""

    def notice_changes(self) -> None:
        """Choose how to notice outside changes; say once why, when it is by polling."""
        self.watch_plan = plan(self.workspace)
        self._poll_timer = self.set_interval(
            POLL_SECONDS, self._poll, pause=self.watch_plan.how != "poll"
        )
        if self.watch_plan.why:
            self._say_polling(self.watch_plan.why)

    def watch_once_read(self) -> None:
        """Start watching once there is a reading to keep up to date (not before: the
        first paint and the first reading need the process more)."""
        if self.watch_plan.how == "watch" and self._watcher is None:
            self._watcher = start(self, self.workspace.evidence_dir)

    def _index_busy(self) -> bool:
        return any(w.group == "index" and not w.is_finished for w in self.workers)

    def _poll(self) -> None:
        due = time.monotonic() >= self._next_check
        if due and self.loaded is not None and not self._index_busy():
            self.check_for_changes()

    def on_notes_changed(self, _message: NotesChanged) -> None:
        """The watcher saw files change: check them now, or once the index is free."""
        self._outside_change = True
        self._check_outside_change()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "index" and event.worker.is_finished:
            self._check_outside_change()

    def _check_outside_change(self) -> None:
        if self._outside_change and self.loaded is not None and not self._index_busy():
            self._outside_change = False
            self.check_for_changes()

    def on_watch_failed(self, message: WatchFailed) -> None:
        """Watching is not possible (any more): poll as before, and say so once."""
        self.watch_plan = Plan("poll", message.why)
        self._outside_change = False
        self._next_check = 0.0
        self._poll_timer.resume()
        self._say_polling(message.why)

    def _say_polling(self, why: str) -> None:
        self.notify(
            f"Checking the files every few seconds instead: {why}.",
            title="Not watching for changes",
            timeout=8,
            markup=False,
        )
