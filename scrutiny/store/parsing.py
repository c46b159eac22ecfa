"""Reading and parsing note files into index rows (also in worker processes)."""

from __future__ import annotations

from pathlib import Path

from scrutiny.freshness import digest_bytes
from scrutiny.reader import parse_bytes, read_file
from scrutiny.store.rows import FileTuple, file_tuple
from scrutiny.vocabulary import MAX_NOTE_BYTES


def parse_file(
    path: str, rel: str, size: int, mtime_ns: int, old_digest: str | None
) -> FileTuple | None:
    """Read and parse one file into its row; None when its content is what ``old_digest`` says."""
    raw = _read(path, size)
    digest = digest_bytes(raw) if raw is not None else ""
    if raw is not None and digest == old_digest:
        return None
    stem = Path(rel).stem
    result = read_file(Path(path), rel) if raw is None else parse_bytes(raw, rel, stem)
    return file_tuple(rel, size, mtime_ns, digest, result)


def parse_chunk(
    jobs: list[tuple[str, str, int, int, str | None]],
) -> list[tuple[str, FileTuple | None]]:
    """Parse a chunk of files (in a worker process): (rel, row or None when unchanged)."""
    return [(job[1], parse_file(*job)) for job in jobs]


def _read(path: str, size: int) -> bytes | None:
    """The file's bytes, or None when it is too big or unreadable (read_file says why)."""
    if size > MAX_NOTE_BYTES:
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def serve() -> None:
    """The parsing helper's loop: pickled chunks on stdin, pickled results on stdout.

    Started by :mod:`scrutiny.store.helper`. It ends when its input ends, which is also
    what happens when the process that started it dies, however it dies.
    """
    import gc
    import pickle
    import sys

    gc.disable()  # as in the process it serves (see refresh._collector_paused)
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    try:
        while True:
            try:
                chunk = pickle.load(source)
            except EOFError:
                return
            pickle.dump(parse_chunk(chunk), sink)
            sink.flush()
    except (BrokenPipeError, KeyboardInterrupt):
        return


if __name__ == "__main__":
    serve()
