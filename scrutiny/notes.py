"""Notes: the nine kinds as pydantic models, where each field was written, and rebuilding them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SkipValidation,
    model_validator,
)
from pydantic_core import PydanticCustomError

from scrutiny.fields import Date, IdList, LensList, NoteId, OneLine, Text, TextList, as_list
from scrutiny.problems import Problem
from scrutiny.vocabulary import (  # noqa: F401 - the vocabulary, re-exported
    ALL_STATUSES,
    ID_PATTERN,
    KINDS,
    LENSES,
    MAX_NOTE_BYTES,
    RESERVED_KEYS,
    SHOWS,
    SOURCES,
    STATUSES,
    ActionStatus,
    Audience,
    Category,
    Confidentiality,
    Consent,
    Judgement,
    Kind,
    Lens,
    RecommendationStatus,
    ReviewDecision,
    RiskStatus,
    Shows,
    Source,
    Status,
)
from scrutiny.words import article

Positions = dict[str, tuple[int, int]]


#: JSON without spaces, and without the check for a list that holds itself (positions
#: are plain numbers): a quarter faster, for every note indexed.
_COMPACT = json.JSONEncoder(check_circular=False, separators=(",", ":")).encode


class Origin:
    """Where a note came from: its file, and the 1-based position of every front-matter key.

    Positions read back from the index stay as JSON text until something asks for one
    (only problems do), so loading thousands of cached notes does not decode them all.
    """

    __slots__ = ("_items", "_keys", "_raw", "_values", "body_line", "id_from_stem", "line", "path")

    def __init__(
        self,
        path: str,
        line: int = 1,
        body_line: int = 1,
        keys: Positions | None = None,
        values: Positions | None = None,
        items: dict[str, list[tuple[int, int]]] | None = None,
        id_from_stem: bool = False,
        *,
        raw: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.body_line = body_line
        self.id_from_stem = id_from_stem
        self._keys = keys if keys is not None else {}
        self._values = values if values is not None else {}
        self._items = items if items is not None else {}
        self._raw = raw

    @classmethod
    def stored(cls, path: str, header: str) -> Origin:
        """An origin read back from the index: ``line,body_line,id_from_stem|positions``."""
        origin = cls.__new__(cls)
        head, origin._raw = header.split("|", 1)
        line, body_line, from_stem = head.split(",")
        origin.path = path
        origin.line = int(line)
        origin.body_line = int(body_line)
        origin.id_from_stem = from_stem == "1"
        return origin

    def _decode(self) -> None:
        if self._raw is not None:
            data = json.loads(self._raw)
            self._keys, self._values, self._items = data["keys"], data["values"], data["items"]
            self._raw = None

    @property
    def keys(self) -> Positions:
        self._decode()
        return self._keys

    @property
    def values(self) -> Positions:
        self._decode()
        return self._values

    @property
    def items(self) -> dict[str, list[tuple[int, int]]]:
        self._decode()
        return self._items

    def positions_json(self) -> str:
        """The positions as JSON, for the index (see ``raw``)."""
        if self._raw is not None:
            return self._raw
        return _COMPACT({"keys": self._keys, "values": self._values, "items": self._items})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Origin):
            return NotImplemented
        return (self.path, self.line, self.body_line, self.id_from_stem) == (
            other.path,
            other.line,
            other.body_line,
            other.id_from_stem,
        ) and json.loads(self.positions_json()) == json.loads(other.positions_json())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Origin({self.path!r}, line={self.line}, body_line={self.body_line})"

    def where(self, key: str | None = None, item: int | None = None) -> tuple[int, int]:
        """The line and column of ``key`` (and of its ``item``-th list entry)."""
        if key is not None and item is not None and key in self.items:
            positions = self.items[key]
            if 0 <= item < len(positions):
                line, column = positions[item]
                return (line, column)
        for table in (self.values, self.keys):
            if key is not None and key in table:
                line, column = table[key]  # a list when read back from the index
                return (line, column)
        return (self.line, 1)


class Note(BaseModel):
    """Fields common to every kind of note (SPEC §4)."""

    model_config = ConfigDict(
        extra="allow", frozen=True, populate_by_name=True, arbitrary_types_allowed=True
    )

    #: Kinds whose notes must carry an explicit ``id``.
    id_required: ClassVar[bool] = False

    kind: Kind
    date: Date
    title: OneLine
    id: NoteId
    areas: TextList = Field(default_factory=list)
    partnership: TextList = Field(default_factory=list)
    scrutineers: TextList = Field(default_factory=list)
    lens: LensList = Field(default_factory=list)
    agencies: TextList = Field(default_factory=list)
    tags: TextList = Field(default_factory=list)
    evidence: IdList = Field(default_factory=list)
    actions: IdList = Field(default_factory=list)
    priorities: IdList = Field(default_factory=list)
    confidentiality: Confidentiality = "public"
    body: str = Field(default="", exclude=True)
    # Not re-validated: the parser builds it, and validating copies every position.
    origin: SkipValidation[Origin] = Field(default_factory=lambda: Origin(""), exclude=True)

    @property
    def path(self) -> str:
        """The note's path relative to the workspace."""
        return self.origin.path

    @property
    def restricted(self) -> bool:
        return self.confidentiality == "restricted"

    @property
    def unknown_fields(self) -> dict[str, Any]:
        """Front-matter keys this version does not know; kept, and reported by ``--strict``."""
        return dict(self.__pydantic_extra__ or {})

    def links(self) -> list[tuple[str, str]]:
        """Every (field, id) this note refers to."""
        return (
            [("evidence", i) for i in self.evidence]
            + [("actions", i) for i in self.actions]
            + [("priorities", i) for i in self.priorities]
        )


with_article = article  # the name older callers use


def _require_areas(note: Note) -> Note:
    if "areas" not in note.model_fields_set:
        raise PydanticCustomError(
            "missing_areas",
            "missing required field 'areas' for {kind} (the framework areas it is about)",
            {"field": "areas", "kind": with_article(note.kind)},
        )
    if not note.areas:
        raise PydanticCustomError(
            "no_areas", "areas must name at least one framework area", {"field": "areas"}
        )
    return note


class Activity(Note):
    """What scrutiny did: a meeting attended, a document read, a discussion held."""

    source: Source

    _areas = model_validator(mode="after")(_require_areas)


class Finding(Note):
    """What scrutiny found."""

    judgement: Judgement | None = None
    impact: Text | None = None
    #: how-much, how-well or difference: what kind of evidence this finding is.
    shows: Shows | None = None

    _areas = model_validator(mode="after")(_require_areas)


class Recommendation(Note):
    """A recommendation for the partnership, or for ongoing scrutiny."""

    id_required: ClassVar[bool] = True
    for_: Audience = Field(default="partnership", alias="for")
    owner: Text | None = None
    due: Date | None = None
    #: The case review (rapid review or practice review) this recommendation came from.
    review: NoteId | None = None
    #: Where an imported recommendation was published: file, heading or page, line.
    source_ref: OneLine | None = None

    _areas = model_validator(mode="after")(_require_areas)

    def links(self) -> list[tuple[str, str]]:
        return super().links() + ([("review", self.review)] if self.review else [])


class Risk(Note):
    """A risk that scrutiny will monitor in the next reporting year."""

    id_required: ClassVar[bool] = True
    category: Category
    owner: Text | None = None
    monitor_until: Date | None = None
    #: Where an imported risk was published: file, heading or page, line.
    source_ref: OneLine | None = None


class Response(Note):
    """What the partnership (or scrutiny) said or did about recommendations, risks or actions."""

    responds_to: Annotated[list[NoteId], BeforeValidator(as_list), Field(min_length=1)]
    status: Status | None = None
    by: Text | None = None
    due: Date | None = None

    def links(self) -> list[tuple[str, str]]:
        return [("responds_to", i) for i in self.responds_to] + super().links()


class Action(Note):
    """A business-plan action: objective, number, owner, due; its progress comes by response."""

    id_required: ClassVar[bool] = True
    objective: Text | None = None
    number: Text | None = None
    owner: Text | None = None
    due: Date | None = None
    status: ActionStatus | None = None


class Priority(Note):
    """One of the partnership's priorities, from ``date`` (and ``until`` when it ends)."""

    id_required: ClassVar[bool] = True
    until: Date | None = None
    lead: Text | None = None


def _review_areas(note: Review) -> Review:
    """A review is about the case reviews area unless it says otherwise."""
    if "areas" not in note.model_fields_set:
        object.__setattr__(note, "areas", ["case-reviews"])
    return note


class Review(Note):
    """A rapid review and what came of it: the decision, and a local review's publication.

    ``date`` is when the serious incident was notified unless ``notified`` says otherwise.
    """

    id_required: ClassVar[bool] = True
    notified: Date | None = None
    rapid_review: Date | None = None
    decision: ReviewDecision | None = None
    decided: Date | None = None
    published: Date | None = None

    _areas = model_validator(mode="after")(_review_areas)

    @property
    def notified_on(self) -> Any:
        """The day the statutory clock starts: ``notified``, else the note's date."""
        return self.notified or self.date


class Voice(Note):
    """What a child, young person or family said, and their consent to its publication.

    Only ``publish`` and ``anonymised`` voices can reach a published output; an
    ``internal`` one is kept like a restricted note, whatever its confidentiality. Consent
    is withdrawn by a later voice note that ``withdraws`` this one (the ledger of what was
    said stays append-only); the corpus then treats this one as internal.
    """

    consent: Consent
    #: Who said it, as a group (care-experienced young people, young carers, fathers...).
    group: TextList = Field(default_factory=list)
    #: How it was collected (a forum, a survey, a conversation at a visit...).
    collected: Text | None = None
    withdraws: IdList = Field(default_factory=list)

    _areas = model_validator(mode="after")(_require_areas)

    @property
    def restricted(self) -> bool:
        return self.confidentiality == "restricted" or self.consent == "internal"

    def links(self) -> list[tuple[str, str]]:
        return super().links() + [("withdraws", i) for i in self.withdraws]


MODELS: dict[str, type[Note]] = {
    "activity": Activity,
    "finding": Finding,
    "recommendation": Recommendation,
    "risk": Risk,
    "response": Response,
    "action": Action,
    "priority": Priority,
    "review": Review,
    "voice": Voice,
}


@dataclass
class Parsed:
    """The outcome of reading one file: a note when it is valid, and any problems."""

    path: str
    note: Note | None
    problems: list[Problem]
    #: For a file whose front matter was read but did not validate: its id and areas as
    #: written, and where they were, so workspace checks can still speak about them.
    partial: tuple[str, list[str], Origin] | None = None
