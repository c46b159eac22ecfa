"""Charts drawn beside the work rather than after it.

Loading matplotlib and its fonts costs more than half a second, about as long as reading a
10,000-note workspace. A :class:`Painter` started before the workspace is read loads them
in a helper process on the other core, then draws each chart spec it is sent; the caller
reads the PNG only when a renderer needs it. Where no helper can be started, or it fails,
each chart is drawn in this process instead, so the answer is the same either way.

The helper is ``python -m scrutiny.meetings.draw``: a fresh interpreter, not a fork, so it
works from any caller (a script without a ``__main__`` guard, a notebook). It ends when its
stdin closes, which also happens when this process is killed.
"""

from __future__ import annotations

import base64
import json
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from scrutiny.meetings.draw import Spec, draw

#: How long closing waits for the helper to finish before it is killed.
CLOSE_SECONDS = 5.0

#: A chart to be drawn: call it for the PNG bytes.
Drawing = Callable[[], bytes]


def here(spec: Spec) -> Drawing:
    """``spec`` drawn in this process, when first asked for."""
    drawn: list[bytes] = []

    def png() -> bytes:
        if not drawn:
            drawn.append(draw(spec))
        return drawn[0]

    return png


class Painter:
    """A helper process that draws charts; a context manager that always ends it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.lines: queue.Queue[bytes | None] = queue.Queue()
        self.answers: list[bytes | None] = []
        self.asked = 0
        self.reader: threading.Thread | None = None

    def __enter__(self) -> Painter:
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "scrutiny.meetings.draw"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.process = None
            return self
        assert self.process.stdout is not None
        self.reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self.reader.start()
        return self

    def _read(self, stdout: object) -> None:
        """Collect the helper's answers as they come, so it never waits on a full pipe."""
        for line in stdout:  # type: ignore[attr-defined]
            self.lines.put(line)
        self.lines.put(None)

    def draw(self, spec: Spec) -> Drawing:
        """``spec`` sent to the helper now; the PNG read back when first asked for."""
        if self.process is None or self.process.stdin is None:
            return here(spec)
        try:
            self.process.stdin.write(json.dumps(spec).encode("ascii") + b"\n")
            self.process.stdin.flush()
        except OSError:
            self.process = None
            return here(spec)
        index = self.asked
        self.asked += 1
        fallback = here(spec)
        drawn: list[bytes] = []

        def png() -> bytes:
            if not drawn:
                answer = self._answer(index)
                drawn.append(base64.b64decode(answer) if answer else fallback())
            return drawn[0]

        return png

    def _answer(self, index: int) -> bytes | None:
        """The helper's answer to the ``index``-th spec, or None if it failed or ended."""
        while len(self.answers) <= index:
            line = self.lines.get()
            if line is None:  # the helper ended: every answer still to come is ours to draw
                self.lines.put(None)
                return None
            self.answers.append(None if line.startswith(b"!") else line.strip())
        return self.answers[index]

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        # Every chart the document needs has been read by now: the helper is not waited for.
        process.terminate()
        try:
            process.wait(CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if self.reader is not None:
            self.reader.join(CLOSE_SECONDS)
        for pipe in (process.stdin, process.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
