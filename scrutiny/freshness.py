"""Whether the note files are as the index's last refresh saw them: the standard library
only, so that shell completion can ask before the rest of scrutiny is imported."""

from __future__ import annotations

import hashlib
import sqlite3

from scrutiny.walk import NoteStat

#: Files modified this close to the last refresh are compared by content, not by time.
RACY_NS = 2_000_000_000


def listing_key(on_disk: list[NoteStat]) -> str:
    """A hash of every note file's path, size and modification time."""
    listing = "\n".join(f"{rel}\t{size}\t{mtime_ns}" for _, rel, size, mtime_ns in on_disk)
    return hashlib.blake2b(listing.encode(), digest_size=16).hexdigest()


def digest_bytes(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def digest(path: str) -> str:
    """The digest of the file at ``path``; empty if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return digest_bytes(handle.read())
    except OSError:
        return ""


def as_last_seen(
    conn: sqlite3.Connection, meta: dict[str, str], on_disk: list[NoteStat], listing: str
) -> bool:
    """Whether ``on_disk`` (whose :func:`listing_key` is ``listing``) is what the refresh
    that wrote ``meta`` and the ``files`` table saw.

    The last refresh stored a hash of the listing (path, size, time of every file), so
    this costs the walk and one hash, not a read of every file's row.
    """
    if meta.get("listing") != listing:
        return False
    # A file changed within the clock's resolution of the last refresh may have the
    # same size and time as before: compare its content ("racily clean").
    since = int(meta.get("refreshed_ns", "0")) - RACY_NS
    recent = {rel: path for path, rel, _, mtime_ns in on_disk if mtime_ns >= since}
    if recent:
        digests = dict(conn.execute("SELECT path, digest FROM files WHERE mtime_ns >= ?", (since,)))
        if any(digest(path) != digests.get(rel) for rel, path in recent.items()):
            return False
    # A file that could not be read has no digest: read it again (its permissions may
    # have been fixed, which changes neither its size nor its time). The covering index
    # answers this without reading the rows.
    return not conn.execute(
        "SELECT 1 FROM files INDEXED BY files_stat WHERE digest = '' LIMIT 1"
    ).fetchone()
