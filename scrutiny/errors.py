"""The errors a front end routes on: each carries what a person needs to read."""

from __future__ import annotations


class ScrutinyError(Exception):
    """A request the library cannot answer; the message says why, in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IndexUnavailable(ScrutinyError):
    """The index's database cannot be reached or used (a driver missing, a server down)."""
