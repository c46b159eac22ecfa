"""The parsing helper process of a first index: it never outlives the process it serves.

A plain child process fed through pipes rather than a multiprocessing pool: a pool's
helper (and its resource tracker) stays behind when the command is killed with SIGKILL
or SIGTERM, blocked on a queue nobody will write to. This helper reads its work from
stdin, so the death of the process that started it, however it dies, ends its input and
it exits; its stderr goes nowhere, so a kill prints no traceback from it.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

_DONE = object()


class Helper:
    """One helper process: :meth:`send` a chunk, :meth:`results` as they come back."""

    def __init__(self) -> None:
        package_parent = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_parent, *sys.path])}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scrutiny.store.parsing"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.replies: queue.Queue[Any] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        try:
            while True:
                self.replies.put(pickle.load(self.proc.stdout))
        except Exception:
            self.replies.put(_DONE)

    def send(self, chunk: list[Any]) -> None:
        """Give the helper a chunk; raises OSError when it has gone."""
        assert self.proc.stdin is not None
        pickle.dump(chunk, self.proc.stdin)
        self.proc.stdin.flush()

    def result(self, block: bool) -> Any:
        """The next chunk's results, None when there is none yet; raises EOFError when gone."""
        try:
            reply = self.replies.get(block=block, timeout=60 if block else None)
        except queue.Empty:
            if block:
                raise EOFError("the parsing helper stopped answering") from None
            return None
        if reply is _DONE:
            raise EOFError("the parsing helper ended")
        return reply

    def close(self) -> None:
        """End the helper: close its input, and kill it if it does not leave at once."""
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
