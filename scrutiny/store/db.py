"""One write transaction, through sqlite3 or SQLAlchemy alike."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from scrutiny.store.rows import _chunks, _iso, _same


class _Db:
    """The few statements a write needs, on sqlite3 or on a SQLAlchemy connection.

    Statements are plain SQL with ``:name`` parameters, which both understand; SQLite gets
    dates as ISO text (as SQLAlchemy would store them), other databases as dates.
    """

    def __init__(self, sqlite: sqlite3.Connection | None, sa: Any) -> None:
        self.sqlite = sqlite
        self.sa = sa
        self.day: Callable[[dt.date | None], Any] = _iso if sqlite is not None else _same

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if self.sqlite is not None:
            return self.sqlite.execute(sql, params or {}).fetchall()
        from sqlalchemy import text

        result = self.sa.execute(text(sql), params or {})
        return [tuple(r) for r in result] if result.returns_rows else []

    def stream(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """The rows of ``sql`` one by one, for reading more than should be held twice."""
        if self.sqlite is not None:
            yield from self.sqlite.execute(sql)
            return
        from sqlalchemy import text

        for row in self.sa.execute(text(sql)):
            yield tuple(row)

    def run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        if self.sqlite is not None:
            self.sqlite.execute(sql, params or {})
            return
        from sqlalchemy import text

        self.sa.execute(text(sql), params or {})

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.sqlite is not None:
            self.sqlite.executemany(sql, rows)
            return
        from sqlalchemy import text

        self.sa.execute(text(sql), rows)

    @staticmethod
    def marks(chunk: Sequence[str], name: str = "p") -> str:
        """Named parameters (``:p0, :p1, ...``) for the values of ``chunk``, for ``IN (...)``;
        ``NULL`` (which matches nothing) for none."""
        return ", ".join(f":{name}{i}" for i in range(len(chunk))) or "NULL"

    @staticmethod
    def params(chunk: Sequence[str], name: str = "p") -> dict[str, Any]:
        """The values of ``chunk`` for :meth:`marks`."""
        return {f"{name}{i}": value for i, value in enumerate(chunk)}

    def delete_paths(self, name: str, paths: Sequence[str]) -> None:
        for chunk in _chunks(paths, 500):
            self.run(f"DELETE FROM {name} WHERE path IN ({self.marks(chunk)})", self.params(chunk))
