"""Reading a note file: bytes to text, front matter to a model, and every problem in words for people."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, get_args

from pydantic import (
    ValidationError,
)

from scrutiny import yamlfile
from scrutiny.notes import MODELS, Action, Note, Origin, Parsed, with_article
from scrutiny.problems import Problem, did_you_mean, one_of
from scrutiny.vocabulary import (
    ALL_STATUSES,
    KINDS,
    LENSES,
    MAX_NOTE_BYTES,
    RESERVED_KEYS,
    SOURCES,
    STATUSES,
    Audience,
    Category,
    Confidentiality,
    Consent,
    Judgement,
    ReviewDecision,
    Shows,
)

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
        if path.is_dir():
            raise PermissionError(path)
        raw = path.read_bytes()
    except PermissionError:
        if path.is_dir():  # listed only when it cannot be read (see Workspace.note_stats)
            return _fail(
                rel,
                1,
                "cannot read folder: permission denied, so its notes are left out "
                "(give yourself read access to it: chmod u+rx)",
            )
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
    problems.extend(_control_characters(path, body, body_line))
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


#: Controls a body may not hold (tab and line ends are fine): they break Word and Excel
#: output and can drive a terminal.
_BODY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_characters(path: str, body: str, body_line: int) -> list[Problem]:
    """An error at the line and column of the first control character in the body."""
    found = _BODY_CONTROL.search(body)
    if found is None:
        return []
    before = body[: found.start()]
    line = body_line + before.count("\n")
    column = found.start() - (before.rfind("\n") + 1) + 1
    code = f"U+{ord(found.group()):04X}"
    return [
        Problem(
            path,
            line,
            column,
            "error",
            f"the text holds a control character ({code}); delete it (it breaks Word and "
            "Excel output and can drive a terminal)",
            "body",
        )
    ]


def _explain(exc: ValidationError, origin: Origin, model: type[Note]) -> list[Problem]:
    """Turn pydantic's errors into one precise, human problem each."""
    problems = []
    for error in exc.errors():
        loc = error["loc"]
        key = str(loc[0]) if loc else (error.get("ctx") or {}).get("field")
        item = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        line, column = origin.where(key, item)
        problems.append(
            Problem(origin.path, line, column, "error", _message(error, key, model, origin), key)
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
    "decision": get_args(ReviewDecision),
    "consent": get_args(Consent),
    "shows": get_args(Shows),
}


def _message(error: Any, key: str | None, model: type[Note], origin: Origin) -> str:
    kind = error["type"]
    value = error.get("input")
    name = key or "front matter"
    if kind == "missing":
        hint = f" (one of {one_of(_CHOICES[name])})" if name in _CHOICES else ""
        if name == "date":
            hint = " (YYYY-MM-DD)"
        return f"missing required field {name!r} for {with_article(model.__name__.lower())}{hint}"
    if kind == "literal_error":
        choices = _status_choices(model) if name == "status" else _CHOICES.get(name, ())
        label = {"for": "audience"}.get(name, name)
        return f"unknown {label} {value!r}{did_you_mean(str(value), choices)}; expected {one_of(choices)}"
    if name == "id" and origin.id_from_stem and kind == "bad_id":
        return (
            f"file name {value!r} is not a usable note id; add an 'id:' field "
            "or rename the file (letters, digits, '.', '_', '-')"
        )
    if kind in (
        "bad_date",
        "bad_id",
        "one_line",
        "empty_text",
        "hidden_char",
        "no_areas",
        "missing_areas",
    ):
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
