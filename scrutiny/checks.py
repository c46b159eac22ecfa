"""Every workspace-level validation rule, as plain functions over parsed notes.

Rules that need one file only (YAML, types, required fields) live in :mod:`scrutiny.notes`;
the rules here need the whole workspace: the framework, other notes, settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from scrutiny.frameworks import Framework
from scrutiny.notes import STATUSES, Note, Parsed, Response
from scrutiny.problems import Problem, did_you_mean, one_of
from scrutiny.reviews import missed_clocks
from scrutiny.words import article
from scrutiny.workspace import Settings

#: Kinds a response may respond to.
TRACKED = ("recommendation", "risk", "action")
#: Links that must name a note of one kind.
LINKED_KIND = {
    "actions": "action",
    "priorities": "priority",
    "review": "review",
    "withdraws": "voice",
}


@dataclass(frozen=True, slots=True)
class Bone:
    """What the checks of other notes need to know of a note: its place, kind and date."""

    path: str
    kind: str
    date: dt.date


#: A rule's notes, and the first note of each id in the workspace.
Rule = Callable[[Sequence[Note], Mapping[str, Bone], Framework, Settings], Iterable[Problem]]

#: Other places a duplicate-id message names; the rest are counted.
NAMED = 3

#: Unknown link targets of one note that get a "did you mean" (each costs a pass over
#: every id): a note with 100,000 unknown links must not cost 100,000 passes.
SUGGESTED = 10


def _at(
    note: Note, severity: str, message: str, key: str | None = None, item: int | None = None
) -> Problem:
    line, column = note.origin.where(key, item)
    return Problem(note.path, line, column, severity, message, key)  # type: ignore[arg-type]


def unknown_areas(
    notes: Sequence[Note], by_id: Mapping[str, Bone], framework: Framework, settings: Settings
) -> Iterable[Problem]:
    """Every area a note names must exist in the workspace's framework."""
    known = framework.area_ids
    for note in notes:
        for i, area in enumerate(note.areas):
            if area not in known:
                yield _at(
                    note,
                    "error",
                    f"unknown area {area!r}{did_you_mean(area, known)}; "
                    f"the {framework.id} framework has {one_of(known)}",
                    "areas",
                    i,
                )


def unknown_partnerships(
    notes: Sequence[Note], by_id: Mapping[str, Bone], framework: Framework, settings: Settings
) -> Iterable[Problem]:
    """``partnership`` ids must be declared in ``scrutiny.toml`` when any are declared.

    A note with no ``partnership`` belongs to every partnership of the workspace (evidence
    shared across a footprint, such as a tri-borough meeting).
    """
    known = list(settings.partnerships)
    if not known:
        return
    for note in notes:
        for i, pid in enumerate(note.partnership):
            if pid not in known:
                yield _at(
                    note,
                    "error",
                    f"unknown partnership {pid!r}{did_you_mean(pid, known)}; "
                    f"scrutiny.toml declares {one_of(known)}",
                    "partnership",
                    i,
                )


def duplicate_ids(note_id: str, group: Sequence[tuple[str, int, int]]) -> Iterator[Problem]:
    """Ids are unique in the workspace; both places are named.

    ``group`` is the path, line and column of the id of each note that has ``note_id``.
    Each message names at most :data:`NAMED` of the other places (and how many more), so
    that 10,000 notes sharing an id give 10,000 short messages, not 10^8 paths.
    """
    places = [f"{path}:{line}" for path, line, _ in group[: NAMED + 1]]
    for i, (path, line, column) in enumerate(group):
        named = [p for j, p in enumerate(places) if j != i][:NAMED]
        more = len(group) - 1 - len(named)
        others = ", ".join(named) + (f" and {more:,} more" if more else "")
        message = f"duplicate id {note_id!r} (also in {others})"
        yield Problem(path, line, column, "error", message, "id")


def links(
    notes: Sequence[Note],
    by_id: Mapping[str, Bone],
    framework: Framework,
    settings: Settings,
    broken: dict[str, str] | None = None,
) -> Iterable[Problem]:
    """``evidence``, ``actions`` and ``responds_to`` must resolve to the right kinds of note.

    ``broken`` maps ids of notes that failed to parse to their paths, for a clearer message.
    """
    broken = broken or {}
    for note in notes:
        fields: dict[str, list[str]] = {}
        for key, target_id in note.links():
            fields.setdefault(key, []).append(target_id)
        suggest = SUGGESTED
        for key, targets in fields.items():
            for i, target_id in enumerate(targets):
                item = i if key != "review" else None
                target = by_id.get(target_id)
                if target is None and target_id in broken:
                    yield _at(
                        note,
                        "error" if key == "responds_to" else "warning",
                        f"{key}: {target_id!r} has errors and is left out (see {broken[target_id]})",
                        key,
                        item,
                    )
                elif target is None:
                    hint = did_you_mean(target_id, list(by_id)) if suggest > 0 else ""
                    suggest -= 1
                    yield _at(
                        note,
                        "error",
                        f"{key}: no note has id {target_id!r}{hint}",
                        key,
                        item,
                    )
                elif key == "evidence" and target_id == note.id:
                    yield _at(
                        note,
                        "warning",
                        f"evidence: {target_id!r} is this note's own id; a note is not "
                        "evidence for itself (name the notes it rests on)",
                        key,
                        item,
                    )
                elif key in LINKED_KIND and target.kind != LINKED_KIND[key]:
                    yield _at(
                        note,
                        "error",
                        f"{key}: {target_id!r} is {article(target.kind)}, not "
                        f"{article(LINKED_KIND[key])}",
                        key,
                        item,
                    )
                elif key == "responds_to" and target.kind not in TRACKED:
                    yield _at(
                        note,
                        "error",
                        f"responds_to: {target_id!r} is {article(target.kind)}; a response answers "
                        "a recommendation, risk or action",
                        key,
                        i,
                    )


def responses(
    notes: Sequence[Note], by_id: Mapping[str, Bone], framework: Framework, settings: Settings
) -> Iterable[Problem]:
    """Responses come after their targets, set statuses the targets can take, and explain due dates."""
    for note in notes:
        if not isinstance(note, Response):
            continue
        seen: set[str] = set()
        for i, target_id in enumerate(note.responds_to):
            if target_id in seen:
                yield _at(
                    note, "warning", f"responds_to names {target_id!r} twice", "responds_to", i
                )
                continue
            seen.add(target_id)
            target = by_id.get(target_id)
            if target is None or target.kind not in TRACKED:
                continue
            if note.date < target.date:
                yield _at(
                    note,
                    "error",
                    f"response dated {note.date} is before {target_id!r} ({target.date}), "
                    "which it responds to",
                    "date",
                )
            allowed = STATUSES[target.kind]
            if note.status is not None and note.status not in allowed:
                yield _at(
                    note,
                    "error",
                    f"status {note.status!r} is not a {target.kind} status ({target_id!r} is a "
                    f"{target.kind}); expected {one_of(allowed)}",
                    "status",
                )
            if note.due is not None and target.kind == "risk":
                yield _at(
                    note, "warning", f"due: {target_id!r} is a risk; risks have no due date", "due"
                )
        if note.due is not None and not note.body.strip():
            yield _at(
                note,
                "error",
                "a revised due date needs its reason: say in the body why the date moved",
                "due",
            )


#: What the body of each kind that the report prints as written must say.
BODY_SAYS = {
    "finding": "what scrutiny found, and on what evidence",
    "recommendation": "what should be done, and why",
    "risk": "what could go wrong, and what scrutiny will watch",
}


def empty_bodies(
    notes: Sequence[Note], by_id: Mapping[str, Bone], framework: Framework, settings: Settings
) -> Iterable[Problem]:
    """A finding, recommendation or risk says something: the report prints its body."""
    for note in notes:
        says = BODY_SAYS.get(note.kind)
        if says is not None and not note.body.strip():
            yield Problem(
                note.path,
                note.origin.body_line,
                1,
                "warning",
                f"empty body: a {note.kind} needs its text ({says})",
                "body",
            )


RULES: tuple[Rule, ...] = (
    unknown_areas,
    unknown_partnerships,
    responses,
    missed_clocks,
    empty_bodies,
)


def _partial_areas(parsed: Sequence[Parsed], framework: Framework) -> Iterable[Problem]:
    """Unknown areas in notes that failed for another reason: still worth saying in one run."""
    known = framework.area_ids
    for result in parsed:
        if result.partial is None:
            continue
        _, areas, origin = result.partial
        for i, area in enumerate(areas):
            if area not in known:
                line, column = origin.where("areas", i)
                yield Problem(
                    result.path,
                    line,
                    column,
                    "error",
                    f"unknown area {area!r}{did_you_mean(area, known)}; "
                    f"the {framework.id} framework has {one_of(known)}",
                    "areas",
                )


def unknown_fields(notes: Sequence[Note]) -> Iterable[Problem]:
    """Front-matter keys the program does not know (reported with ``check --strict``)."""
    for note in notes:
        for key in note.unknown_fields:
            yield _at(note, "warning", f"unknown field {key!r} is kept but not used", key)
