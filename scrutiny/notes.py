"""Notes: the six kinds as pydantic models, and parsing of Markdown files with front matter."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SkipValidation,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from scrutiny import yamlfile
from scrutiny.problems import Problem, did_you_mean, one_of

Kind = Literal["activity", "finding", "recommendation", "risk", "response", "action"]
KINDS: tuple[str, ...] = get_args(Kind)
Source = Literal[
    "meeting",
    "document",
    "discussion",
    "observation",
    "training",
    "audit",
    "review",
    "data",
    "consultation",
    "visit",
    "other",
]
SOURCES: tuple[str, ...] = get_args(Source)
Lens = Literal["children-families", "practitioners", "leadership"]
LENSES: tuple[str, ...] = get_args(Lens)
Confidentiality = Literal["public", "restricted"]
Judgement = Literal["strength", "concern", "mixed", "neutral"]
Audience = Literal["partnership", "scrutiny"]
Category = Literal["strategic", "operational"]

RecommendationStatus = Literal[
    "open", "accepted", "in-progress", "implemented", "closed", "not-accepted", "superseded"
]
RiskStatus = Literal["monitoring", "escalated", "realised", "mitigated", "closed"]
ActionStatus = Literal["planned", "in-progress", "completed", "dropped"]

#: The statuses each trackable kind can take, in lifecycle order; the first is the initial one.
STATUSES: dict[str, tuple[str, ...]] = {
    "recommendation": get_args(RecommendationStatus),
    "risk": get_args(RiskStatus),
    "action": get_args(ActionStatus),
}
ALL_STATUSES: tuple[str, ...] = tuple(dict.fromkeys(s for v in STATUSES.values() for s in v))
Status = Literal[
    "open",
    "accepted",
    "in-progress",
    "implemented",
    "closed",
    "not-accepted",
    "superseded",
    "monitoring",
    "escalated",
    "realised",
    "mitigated",
    "planned",
    "completed",
    "dropped",
]

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: Largest note file read; bigger files are reported, not loaded.
MAX_NOTE_BYTES = 5 * 1024 * 1024
#: Keys the program uses for itself; a note may not set them.
RESERVED_KEYS = frozenset({"body", "origin"})


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or value is None:
        return value
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise PydanticCustomError(
                "bad_date", "invalid date '{value}' (expected YYYY-MM-DD)", {"value": value}
            )
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise PydanticCustomError(
                "bad_date", "invalid date '{value}': {why}", {"value": value, "why": str(exc)}
            ) from None
    raise PydanticCustomError(
        "bad_date",
        "invalid date '{value}' (expected YYYY-MM-DD)",
        {"value": value},
    )


def _text(value: Any) -> Any:
    # YAML reads `title: 2021` as a number; the writer meant text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _one_line(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str):
        value = value.strip()
        if "\n" in value:
            raise PydanticCustomError("one_line", "must be a single line", {})
        if not value:
            raise PydanticCustomError("empty_text", "must not be empty", {})
    return value


def _list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [_text(value)]
    if isinstance(value, list):
        return [_text(item) for item in value]
    return value


def _note_id(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and not ID_PATTERN.match(value):
        raise PydanticCustomError(
            "bad_id",
            "invalid id '{value}': use letters, digits, '.', '_' and '-', starting with a "
            "letter or digit",
            {"value": value},
        )
    return value


Date = Annotated[dt.date, BeforeValidator(_date)]
Text = Annotated[str, BeforeValidator(_text)]
OneLine = Annotated[str, BeforeValidator(_one_line)]
TextList = Annotated[list[Text], BeforeValidator(_list)]
NoteId = Annotated[str, BeforeValidator(_note_id)]
IdList = Annotated[list[NoteId], BeforeValidator(_list)]
LensList = Annotated[list[Lens], BeforeValidator(_list)]


Positions = dict[str, tuple[int, int]]


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
        return json.dumps({"keys": self._keys, "values": self._values, "items": self._items})

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
    areas: TextList = []
    partnership: TextList = []
    scrutineers: TextList = []
    lens: LensList = []
    agencies: TextList = []
    tags: TextList = []
    evidence: IdList = []
    actions: IdList = []
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
        return [("evidence", i) for i in self.evidence] + [("actions", i) for i in self.actions]


def _require_areas(note: Note) -> Note:
    if "areas" not in note.model_fields_set:
        raise PydanticCustomError(
            "missing_areas",
            "missing required field 'areas' for {kind} (the framework areas it is about)",
            {"field": "areas", "kind": _a(note.kind)},
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

    _areas = model_validator(mode="after")(_require_areas)


class Recommendation(Note):
    """A recommendation for the partnership, or for ongoing scrutiny."""

    id_required: ClassVar[bool] = True
    for_: Audience = Field(default="partnership", alias="for")
    owner: Text | None = None
    due: Date | None = None

    _areas = model_validator(mode="after")(_require_areas)


class Risk(Note):
    """A risk that scrutiny will monitor in the next reporting year."""

    id_required: ClassVar[bool] = True
    category: Category
    owner: Text | None = None
    monitor_until: Date | None = None


class Response(Note):
    """What the partnership (or scrutiny) said or did about recommendations, risks or actions."""

    responds_to: Annotated[list[NoteId], BeforeValidator(_list), Field(min_length=1)]
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


MODELS: dict[str, type[Note]] = {
    "activity": Activity,
    "finding": Finding,
    "recommendation": Recommendation,
    "risk": Risk,
    "response": Response,
    "action": Action,
}

AnyNote = Activity | Finding | Recommendation | Risk | Response | Action

#: Every front-matter key some kind of note knows, as written in a file.
KNOWN_KEYS: frozenset[str] = frozenset(
    (f.alias or name)
    for model in MODELS.values()
    for name, f in model.model_fields.items()
    if name not in ("body", "origin")
)
#: How a misspelt key starts its message; the publication check refuses while one is left.
MISSPELT_KEY = "misspelt field"


def misspelt_key(key: str) -> str | None:
    """The known key that ``key`` was surely meant to be (case, '-', a typo), or None.

    Such a key fails closed: ``Confidentiality: restricted`` would otherwise be an unknown
    field kept aside, and the note, meant to be restricted, would be published.
    """
    if key in KNOWN_KEYS:
        return None
    folded = key.strip().casefold().replace("-", "_").replace(" ", "_")
    for known in KNOWN_KEYS:
        if known.casefold() == folded:
            return known
    if len(folded) < 4:
        return None
    close = difflib.get_close_matches(folded, sorted(KNOWN_KEYS), n=1, cutoff=0.8)
    return close[0] if close else None


@dataclass
class Parsed:
    """The outcome of reading one file: a note when it is valid, and any problems."""

    path: str
    note: Note | None
    problems: list[Problem]
    #: For a file whose front matter was read but did not validate: its id and areas as
    #: written, and where they were, so workspace checks can still speak about them.
    partial: tuple[str, list[str], Origin] | None = None


# -- reading files -------------------------------------------------------------------------


def read_file(path: Path, rel: str) -> Parsed:
    """Read and parse the note at ``path`` (``rel`` is how problems name it)."""
    try:
        size = path.stat().st_size
        if size > MAX_NOTE_BYTES:
            return _fail(
                rel,
                1,
                f"file is {size / 1_048_576:.1f} MB; notes are limited to "
                f"{MAX_NOTE_BYTES // 1_048_576} MB (split it, or move attachments out of evidence/)",
            )
        raw = path.read_bytes()
    except PermissionError:
        return _fail(rel, 1, "cannot read file: permission denied (check its permissions)")
    except OSError as exc:
        return _fail(rel, 1, f"cannot read file: {exc.strerror or exc}")
    return parse_bytes(raw, rel, Path(rel).stem)


def _fail(path: str, line: int, message: str, column: int = 1) -> Parsed:
    return Parsed(path, None, [Problem(path, line, column, "error", message)])


def decode(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (with or without a BOM) and normalise line endings to ``\\n``."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(path, 1, 1, "error", "file is UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(
            path,
            line,
            column,
            "error",
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def split_front_matter(text: str, path: str) -> tuple[str, str, int] | Problem:
    """Split ``text`` into (front matter, body, body's first line) or say what is wrong."""
    if not text.strip():
        return Problem(path, 1, 1, "error", "empty file: a note needs front matter and a body")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return Problem(
            path,
            1,
            1,
            "error",
            "missing front matter: a note starts with a '---' line, then 'kind:', 'date:', "
            "'title:' ..., then another '---'",
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    return Problem(path, 1, 1, "error", "unclosed front matter: no closing '---' line")


def parse_bytes(raw: bytes, path: str, stem: str) -> Parsed:
    """Parse a note's bytes. ``stem`` is the default id."""
    if not raw.strip():
        return _fail(path, 1, "empty file: a note needs front matter and a body")
    text, problem = decode(raw, path)
    if problem is not None or text is None:
        return Parsed(path, None, [problem] if problem else [])
    return parse_text(text, path, stem)


def parse_text(text: str, path: str, stem: str) -> Parsed:
    """Parse decoded note text into a model, reporting every problem found."""
    if "\x00" in text:
        # Checked here, not in decode(): a note about to be written must fail the same way.
        line = text.count("\n", 0, text.index("\x00")) + 1
        return _fail(path, line, "file contains NUL bytes: not a text note")
    split = split_front_matter(text, path)
    if isinstance(split, Problem):
        return Parsed(path, None, [split])
    front, body, body_line = split
    try:
        located = yamlfile.load(front, line_offset=1)
    except yamlfile.YamlError as exc:
        return _fail(path, exc.line, exc.message, exc.column)
    if located.data is None:
        return _fail(path, 1, "empty front matter: a note needs at least kind, date and title")
    if not isinstance(located.data, dict):
        return _fail(path, 2, "front matter must be 'key: value' lines")
    problems = [
        Problem(path, *later, "error", f"duplicate key {key!r} (first at line {first[0]})")
        for key, first, later in located.duplicates
    ]
    data: dict[str, Any] = {str(k): v for k, v in located.data.items()}
    for key in sorted(RESERVED_KEYS & data.keys()):
        problems.append(
            Problem(path, *located.keys[key], "error", f"{key!r} is reserved; rename this key")
        )
        del data[key]
    origin = Origin(path, 1, body_line, located.keys, located.values, located.items)
    for key in data:
        meant = misspelt_key(key)
        if meant is not None:
            problems.append(
                Problem(
                    path,
                    *located.keys.get(key, (1, 1)),
                    "error",
                    f"{MISSPELT_KEY} {key!r}: did you mean {meant!r}? The note is left out "
                    "of everything generated until the key is written as the field's name",
                )
            )

    kind = data.get("kind")
    if kind is None:
        problems.append(
            Problem(path, 1, 1, "error", f"missing required field 'kind' (one of {one_of(KINDS)})")
        )
        return Parsed(path, None, problems)
    if not isinstance(kind, str) or kind not in MODELS:
        problems.append(
            Problem(
                path,
                *origin.where("kind"),
                "error",
                f"unknown kind {kind!r}{did_you_mean(str(kind), KINDS)}; expected {one_of(KINDS)}",
            )
        )
        return Parsed(path, None, problems)
    model = MODELS[kind]
    if "id" not in data and not model.id_required:
        data["id"] = stem
        origin = Origin(
            path, 1, body_line, located.keys, located.values, located.items, id_from_stem=True
        )
    try:
        note = model.model_validate({**data, "body": body.strip("\n"), "origin": origin})
    except ValidationError as exc:
        problems.extend(_explain(exc, origin, model))
        areas = data.get("areas")
        areas = [areas] if isinstance(areas, str) else areas
        written = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []
        return Parsed(path, None, problems, (str(data.get("id") or stem), written, origin))
    return Parsed(path, None if problems else note, problems)


def _explain(exc: ValidationError, origin: Origin, model: type[Note]) -> list[Problem]:
    """Turn pydantic's errors into one precise, human problem each."""
    problems = []
    for error in exc.errors():
        loc = error["loc"]
        key = str(loc[0]) if loc else (error.get("ctx") or {}).get("field")
        item = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        line, column = origin.where(key, item)
        problems.append(
            Problem(origin.path, line, column, "error", _message(error, key, model, origin))
        )
    return problems


_CHOICES: dict[str, tuple[str, ...]] = {
    "kind": KINDS,
    "source": SOURCES,
    "lens": LENSES,
    "confidentiality": get_args(Confidentiality),
    "judgement": get_args(Judgement),
    "for": get_args(Audience),
    "category": get_args(Category),
}


def _message(error: Any, key: str | None, model: type[Note], origin: Origin) -> str:
    kind = error["type"]
    value = error.get("input")
    name = key or "front matter"
    if kind == "missing":
        hint = f" (one of {one_of(_CHOICES[name])})" if name in _CHOICES else ""
        if name == "date":
            hint = " (YYYY-MM-DD)"
        return f"missing required field {name!r} for {_a(model.__name__.lower())}{hint}"
    if kind == "literal_error":
        choices = _status_choices(model) if name == "status" else _CHOICES.get(name, ())
        label = {"for": "audience"}.get(name, name)
        return f"unknown {label} {value!r}{did_you_mean(str(value), choices)}; expected {one_of(choices)}"
    if name == "id" and origin.id_from_stem and kind == "bad_id":
        return (
            f"file name {value!r} is not a usable note id; add an 'id:' field "
            "or rename the file (letters, digits, '.', '_', '-')"
        )
    if kind in ("bad_date", "bad_id", "one_line", "empty_text", "no_areas", "missing_areas"):
        message = str(error["msg"])
        plain = ("bad_date", "bad_id", "no_areas", "missing_areas")
        return message if kind in plain else f"{name} {message}"
    if kind in ("string_type",):
        return f"{name} must be text, not {_type_name(value)}"
    if kind == "list_type":
        return f"{name} must be a list (or a single value), not {_type_name(value)}"
    if kind == "too_short":
        return f"{name} must name at least one id"
    return f"{name}: {error['msg']}"


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _status_choices(model: type[Note]) -> tuple[str, ...]:
    return STATUSES["action"] if model is Action else ALL_STATUSES


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    return type(value).__name__


_FIELDS_OF: dict[type[Note], tuple[dict[str, str], frozenset[str]]] = {}


def restore(model: type[Note], values: dict[str, Any], body: str, origin: Origin) -> Note:
    """Rebuild a note from fields this program validated and dumped (by alias) itself.

    What ``model.model_construct`` does for such complete data, without its per-field
    bookkeeping: loading thousands of notes from the index is five times faster.
    """
    known = _FIELDS_OF.get(model)
    if known is None:
        fields = model.__pydantic_fields__
        names = {(f.alias or name): name for name, f in fields.items()}
        known = _FIELDS_OF[model] = (names, frozenset(fields))
    names, all_fields = known
    data: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in values.items():
        name = names.get(key)
        if name is None:
            extra[key] = value
        else:
            data[name] = value
    data["body"] = body
    data["origin"] = origin
    if len(data) != len(all_fields):
        # Not what this version dumps (an older cache?): let pydantic fill the gaps.
        return model.model_construct(**values, body=body, origin=origin)
    note = model.__new__(model)
    object.__setattr__(note, "__dict__", data)
    object.__setattr__(note, "__pydantic_fields_set__", set(data))
    object.__setattr__(note, "__pydantic_extra__", extra)
    object.__setattr__(note, "__pydantic_private__", None)
    return note
