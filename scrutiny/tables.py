"""The index's tables, as SQLModel classes: the one definition of its schema.

Imported only when the index is created or written (``sqlmodel`` takes about 0.4 s to
import); reading an up-to-date SQLite index needs nothing but :mod:`sqlite3`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Index, Text
from sqlmodel import Field, SQLModel


class MetaRow(SQLModel, table=True):
    """Key/value facts about the index itself (schema version, last refresh)."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class FileRow(SQLModel, table=True):
    """One note file as last seen, with its cached parse result.

    The parse result is split so that loading it is cheap: ``fields`` (the note's front
    matter as JSON), ``origin`` (positions as JSON, decoded only when a problem needs
    one), ``problems`` and ``partial`` (JSON, for notes with errors), and ``blank``. The
    text is stored once, in ``notes.body``: a note that is not valid has no text here,
    and its text is read from its file again if it becomes valid.
    """

    __tablename__ = "files"
    # What a refresh compares with the disk, readable without touching the large rows.
    __table_args__ = (Index("files_stat", "path", "size", "mtime_ns", "digest"),)
    path: str = Field(primary_key=True)
    # Nanosecond times overflow a 32-bit INTEGER (PostgreSQL's); SQLite does not mind.
    size: int = Field(sa_type=BigInteger)
    mtime_ns: int = Field(sa_type=BigInteger)
    digest: str
    kind: str | None = None
    problems: str = Field(sa_type=Text)
    fields: str | None = Field(default=None, sa_type=Text)
    origin: str | None = Field(default=None, sa_type=Text)
    partial: str | None = Field(default=None, sa_type=Text)
    #: The body is empty or only white space (all the checks need to know of it).
    blank: bool = False
    #: The note's id and date (ISO): what the checks of other notes need of it, readable
    #: without decoding ``fields``.
    note_id: str | None = None
    note_date: str | None = None


class NoteRow(SQLModel, table=True):
    """A valid note, for queries and for BI tools reading the index."""

    __tablename__ = "notes"
    path: str = Field(primary_key=True)
    id: str = Field(index=True)
    kind: str = Field(index=True)
    date: dt.date = Field(index=True)
    period: str = Field(index=True)
    title: str
    source: str | None = None
    confidentiality: str
    body: str = Field(sa_type=Text)
    #: The note's row in the full-text index (SQLite), which reads its text from here:
    #: a stable hash of the path, so an edit keeps it (see ``store.rows.fts_key``).
    key: int = Field(sa_type=BigInteger, index=True)


class AreaRow(SQLModel, table=True):
    """A note's framework area."""

    __tablename__ = "note_areas"
    path: str = Field(primary_key=True)
    area: str = Field(primary_key=True, index=True)


class LinkRow(SQLModel, table=True):
    """A reference from one note to another (evidence, responds_to, actions)."""

    __tablename__ = "note_links"
    path: str = Field(primary_key=True)
    field: str = Field(primary_key=True)
    target: str = Field(primary_key=True, index=True)


class ItemRow(SQLModel, table=True):
    """A recommendation, risk or action with its state as of the last refresh."""

    __tablename__ = "items"
    id: str = Field(primary_key=True)
    kind: str = Field(index=True)
    title: str
    status: str = Field(index=True)
    raised: dt.date
    due: dt.date | None = None
    overdue: bool
    last_response: dt.date | None = None
    as_of: dt.date
    path: str


METADATA = SQLModel.metadata


def table(model: type[SQLModel]) -> Any:
    """The SQLAlchemy table of a SQLModel class, for fast Core inserts."""
    return model.__table__  # type: ignore[attr-defined]
