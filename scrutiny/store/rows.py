"""Rows of the index: stored parse results, note rows, digests and the refresh's counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from sys import intern
from typing import Any, get_args

from scrutiny.notes import (
    MODELS,
    Note,
    Origin,
    Parsed,
)
from scrutiny.problems import Problem
from scrutiny.workspace import Workspace

#: Called with (files checked, files in all) while refreshing.
Progress = Callable[[int, int], None]


#: Bump when the tables or the cached parse format change: the index is then rebuilt.
SCHEMA_VERSION = "14"


#: One file's parse result: its row in the ``files`` table, in column order, with the
#: note's text (index 7), which goes to ``notes`` alone.
FileTuple = tuple[
    str,
    int,
    int,
    str,
    str | None,
    str,
    str | None,
    str | None,
    str | None,
    str | None,
    bool,
    str | None,
    str | None,
]


FILE_COLUMNS = (
    "path",
    "size",
    "mtime_ns",
    "digest",
    "kind",
    "problems",
    "fields",
    "origin",
    "partial",
    "blank",
    "note_id",
    "note_date",
)


def file_values(row: FileTuple) -> dict[str, Any]:
    """The ``files`` row of a parse result: every part of it but the text."""
    return dict(zip(FILE_COLUMNS, (*row[:7], *row[8:]), strict=True))


@dataclass
class RefreshStats:
    """What a refresh did; ``parsed`` counts the files read and parsed again."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    parsed: int = 0
    rebuilt: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def dirty(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt)


def _origin_text(origin: Origin) -> str:
    """``line,body_line,id_from_stem|positions-json``: the header is read eagerly, the rest lazily."""
    return f"{origin.line},{origin.body_line},{int(origin.id_from_stem)}|{origin.positions_json()}"


def _origin_from_text(path: str, text: str) -> Origin:
    return Origin.stored(path, text)


def file_tuple(rel: str, size: int, mtime_ns: int, digest: str, result: Parsed) -> FileTuple:
    """A parse result as a row of the ``files`` table."""
    problems = json.dumps([p.as_row() for p in result.problems], ensure_ascii=False)
    note = result.note
    fields = body = origin = kind = note_id = note_date = None
    if note is not None:
        kind, note_id, note_date = note.kind, note.id, note.date.isoformat()
        # pydantic's own JSON writer: the same JSON as json.dumps(model_dump()), in half the time
        fields = note.model_dump_json(by_alias=True, exclude={"body"})
        body = note.body
        origin = _origin_text(note.origin)
    partial = None
    if result.partial is not None:
        pid, areas, where = result.partial
        partial = json.dumps([pid, areas, _origin_text(where)], ensure_ascii=False)
    blank = not (body or "").strip()
    return (
        rel,
        size,
        mtime_ns,
        digest,
        kind,
        problems,
        fields,
        body,
        origin,
        partial,
        blank,
        note_id,
        note_date,
    )


_DATE_FIELDS = (
    "date",
    "due",
    "monitor_until",
    "until",
    "notified",
    "rapid_review",
    "decided",
    "published",
)


class DamagedRow(ValueError):
    """A stored row this program cannot have written (a NULL where a value must be, JSON
    that is not a note): the index is rebuilt from the files, never believed."""


def _problem(row: dict[str, Any]) -> Problem:
    problem = Problem(**row)
    if not (
        isinstance(problem.path, str)
        and type(problem.line) is int
        and type(problem.column) is int
        and problem.severity in ("error", "warning")
        and isinstance(problem.message, str)
    ):
        raise DamagedRow(f"not a problem: {row!r}")
    return problem


def parsed_from_row(
    path: str,
    problems: str,
    fields: str | None,
    body: str | None,
    origin: str | None,
    partial: str | None,
    *,
    share: bool = False,
) -> Parsed:
    """The parse result stored by :func:`file_tuple`; :class:`DamagedRow` if it cannot be one.

    ``share``: one string for each vocabulary value (see :func:`restore`).
    """
    try:
        found = [] if problems == "[]" else [_problem(row) for row in json.loads(problems)]
        # A file holds a note exactly when it has no problem (see reader.parse_text).
        if (fields is None) != bool(found) or (fields is None) != (origin is None):
            raise DamagedRow(f"{path}: a note and its problems disagree")
        note = None
        if fields is not None and origin is not None:
            if body is None:
                raise DamagedRow(f"{path}: a note without its body")
            data = json.loads(fields)
            for key in _DATE_FIELDS:
                value = data.get(key)
                if isinstance(value, str):
                    data[key] = dt.date.fromisoformat(value)
                elif value is not None:
                    raise DamagedRow(f"{path}: {key} is {value!r}")
            if not (isinstance(data.get("id"), str) and isinstance(data.get("title"), str)):
                raise DamagedRow(f"{path}: no id or title")
            where = _origin_from_text(path, origin)
            note = restore(MODELS[data["kind"]], data, body, where, share=share)
        part = None
        if partial is not None:
            pid, areas, where = json.loads(partial)
            part = (pid, areas, _origin_from_text(path, where))
    except DamagedRow:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise DamagedRow(f"{path}: {exc}") from None
    return Parsed(path, note, found, part)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _same(day: dt.date | None) -> dt.date | None:
    return day


#: Front-matter fields whose change cannot affect other notes or any item's state.
_TEXT_ONLY = ("title",)


def _skeleton(fields: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fields)
    for key in _TEXT_ONLY:
        data.pop(key, None)
    return data


def fts_key(path: str) -> int:
    """The full-text row of a note (``notes.key``): a 63-bit hash of its path.

    Stable across edits and rebuilds, so a note keeps its row. Two of a million paths
    share a key with a chance of about one in 10^7.
    """
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big") >> 1


def _is_damage(exc: Exception) -> bool:
    """A database error that is not a lock: sqlite3's own, or SQLAlchemy's wrapping of it."""
    if "locked" in str(exc):
        return False
    if isinstance(exc, sqlite3.DatabaseError):
        return True
    from sqlalchemy.exc import DatabaseError

    return isinstance(exc, DatabaseError)


def _note_row(
    note: Note, ws: Workspace, body: str, day: Callable[[dt.date | None], Any]
) -> dict[str, Any]:
    return {
        "path": note.path,
        "id": note.id,
        "kind": note.kind,
        "date": day(note.date),
        "period": ws.period_of(note.date).label,
        "title": note.title,
        "source": getattr(note, "source", None),
        "confidentiality": note.confidentiality,
        "body": body,
        "key": fts_key(note.path),
    }


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_Fields = tuple[dict[str, str], frozenset[str], frozenset[str], set[str]]
_FIELDS_OF: dict[type[Note], _Fields] = {}


def _model_fields(model: type[Note]) -> _Fields:
    """Aliases to names, every field's name, the fields that are never None, and the set
    every restored note of ``model`` shares as the fields it was given (all of them).

    One set for all: the notes are frozen, so nothing adds to it (a copy gets its own, see
    ``BaseModel.__copy__``), and a set of 20 names in each note was a third of its memory.
    """
    fields = model.__pydantic_fields__
    names = {(f.alias or name): name for name, f in fields.items()}
    never_none = frozenset(
        name
        for name, f in fields.items()
        if type(None) not in get_args(f.annotation) and (f.is_required() or f.default is not None)
    )
    return names, frozenset(fields), never_none, set(fields)


#: Fields whose values repeat across notes (a vocabulary or a short list of names).
_SHARED = frozenset(
    (
        "kind",
        "areas",
        "partnership",
        "source",
        "lens",
        "agencies",
        "scrutineers",
        "tags",
        "confidentiality",
        "status",
        "owner",
        "category",
        "judgement",
        "for_",
        "consent",
        "shows",
        "lead",
        "by",
        "group",
        "decision",
    )
)


def restore(
    model: type[Note], values: dict[str, Any], body: str, origin: Origin, *, share: bool = False
) -> Note:
    """Rebuild a note from fields this program validated and dumped (by alias) itself.

    What ``model.model_construct`` does for such complete data, without its per-field
    bookkeeping: loading thousands of notes from the index is five times faster.
    ``share`` makes the values of :data:`_SHARED` fields one string each across notes, for
    a refresh, which keeps the ledger's notes while it reads the rest (it would cost a
    command a fifth of its reading).
    """
    known = _FIELDS_OF.get(model)
    if known is None:
        known = _FIELDS_OF[model] = _model_fields(model)
    names, all_fields, never_none, given = known
    data: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in values.items():
        name = names.get(key)
        if name is None:
            extra[key] = value
        elif value is None and name in never_none:
            raise DamagedRow(f"{origin.path}: {key} is null")
        elif share and name in _SHARED and value:
            # Thousands of notes name the same few areas, kinds and agencies: one string
            # each, not one per note (a third of a loaded note's memory).
            if isinstance(value, str):
                data[name] = intern(value)
            elif isinstance(value, list):
                data[name] = [intern(v) if isinstance(v, str) else v for v in value]
            else:
                data[name] = value
        else:
            data[name] = value
    data["body"] = body
    data["origin"] = origin
    if len(data) != len(all_fields):
        fields = model.__pydantic_fields__
        if any(fields[name].is_required() for name in all_fields - data.keys()):
            raise DamagedRow(f"{origin.path}: a required field is missing")
        # Not what this version dumps (an older cache?): let pydantic fill the gaps.
        return model.model_construct(**values, body=body, origin=origin)
    note = model.__new__(model)
    object.__setattr__(note, "__dict__", data)
    object.__setattr__(note, "__pydantic_fields_set__", given)
    object.__setattr__(note, "__pydantic_extra__", extra)
    object.__setattr__(note, "__pydantic_private__", None)
    return note
