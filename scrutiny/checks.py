"""Every workspace-level validation rule, as plain functions over parsed notes.

Rules that need one file only (YAML, types, required fields) live in :mod:`scrutiny.notes`;
the rules here need the whole workspace: the framework, other notes, settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from scrutiny.frameworks import Framework
from scrutiny.notes import STATUSES, Note, Parsed, Response
from scrutiny.problems import ORDER, Problem, did_you_mean, one_of
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


class Checker:
    """Every workspace-level check, over notes read twice and held once each.

    First each parse result is learnt (:meth:`learn`, or :meth:`know` for a note already
    parsed): a note's :class:`Bone`, and the problems of files that hold no note. Then each
    note is checked against those, one at a time (:meth:`check`). :meth:`finish` names
    the duplicate ids, and leaves out the responses to notes left out; :meth:`left_out`
    then warns of a valid note's other links to them. A workspace of 250,000 notes needs
    its bones in memory, never its notes.
    """

    def __init__(self, framework: Framework, settings: Settings) -> None:
        self.framework = framework
        self.settings = settings
        #: The first note of each id.
        self.by_id: dict[str, Bone] = {}
        #: Ids of files that failed to parse, with their paths (for clearer messages).
        self.broken: dict[str, str] = {}
        self.problems: list[Problem] = []
        #: Paths of the notes left out.
        self.bad: set[str] = set()
        #: The ids of valid notes (known when :meth:`finish` has run).
        self.good_ids: set[str] = set()
        self._twins: dict[str, list[str]] = {}
        self._places: dict[str, tuple[int, int]] = {}
        self._excluded: dict[str, str] = {}
        self._answers: list[tuple[str, str, tuple[str, ...]]] = []

    def learn(self, result: Parsed) -> None:
        """The first pass, over parse results."""
        self.problems.extend(result.problems)
        if result.partial is not None:
            self.broken[result.partial[0]] = result.path
            self.problems.extend(_partial_areas([result], self.framework))
        note = result.note
        if note is not None:
            self.know(note.path, note.id, note.kind, note.date)

    def know(self, path: str, note_id: str, kind: str, date: dt.date) -> None:
        """The first pass, for a parsed note: what other notes' checks need of it."""
        first = self.by_id.setdefault(note_id, Bone(path, kind, date))
        if first.path != path:
            self._twins.setdefault(note_id, [first.path]).append(path)

    def check(self, note: Note) -> bool:
        """The second pass: check one note against the others; whether it has no error."""
        one = [note]
        found = [p for rule in RULES for p in rule(one, self.by_id, self.framework, self.settings)]
        found.extend(links(one, self.by_id, self.framework, self.settings, self.broken))
        self.problems.extend(found)
        twin = note.id in self._twins
        if twin:
            self._places[note.path] = note.origin.where("id")
        if twin or any(p.is_error for p in found):
            self.bad.add(note.path)
            self._excluded[note.id] = note.path
            return False
        if isinstance(note, Response) and note.responds_to:
            self._answers.append((note.path, note.id, tuple(note.responds_to)))
        return True

    def finish(self, locate: Callable[[Collection[str]], Mapping[str, Note]]) -> dict[str, Note]:
        """Duplicate ids, then the responses left out because what they answer was left out
        (and so on): those responses, found with ``locate`` (paths to notes)."""
        for note_id, paths in self._twins.items():
            self.problems.extend(duplicate_ids(note_id, [(p, *self._places[p]) for p in paths]))
        self.good_ids = {i for i, bone in self.by_id.items() if bone.path not in self.bad}
        left: dict[str, Note] = {}
        while True:
            newly = [
                (path, i, target)
                for path, _, targets in self._answers
                if path not in left
                for i, target in enumerate(targets)
                if target not in self.good_ids and target in self._excluded
            ]
            if not newly:
                break
            notes = locate({path for path, _, _ in newly})
            for path, i, target in newly:
                self.problems.append(
                    _at(
                        notes[path],
                        "error",
                        f"responds_to: {target!r} has errors and is left out "
                        f"(see {self._excluded[target]}); so is this response",
                        "responds_to",
                        i,
                    )
                )
            for path in {path for path, _, _ in newly}:
                note = left[path] = notes[path]
                self.bad.add(path)
                self._excluded[note.id] = path
                self.good_ids.discard(note.id)
        return left

    @property
    def left_ids(self) -> set[str]:
        """Ids no valid note has (after :meth:`finish`)."""
        return self.by_id.keys() - self.good_ids

    def left_out(self, note: Note) -> None:
        """Warn of a valid note's links (other than ``responds_to``) to notes left out."""
        # Each (field, id) once: a note with 100k links costs one pass, not one per link.
        named = dict.fromkeys((k, t) for k, t in note.links() if k != "responds_to")
        for key, target_id in named:
            if target_id not in self.good_ids and target_id in self.by_id:
                self.problems.append(
                    _at(
                        note,
                        "warning",
                        f"{key}: {target_id!r} has errors and is left out of the report",
                        key,
                        _index(note, key, target_id),
                    )
                )

    def sorted_problems(self) -> list[Problem]:
        """Every problem found, once each, in the order they are printed."""
        return sorted(set(self.problems), key=ORDER)


def validate(
    parsed: Sequence[Parsed], framework: Framework, settings: Settings
) -> tuple[list[Note], list[Problem]]:
    """Run every rule; return the notes with no error, and all problems.

    A note with an error is left out, and so is a response whose target was left out:
    the ledger must never fold a response into nothing. Other links to a left-out note
    become warnings, so one bad note does not take its neighbours down with it.
    """
    checker = Checker(framework, settings)
    for result in parsed:
        checker.learn(result)
    candidates = {r.note.path: r.note for r in parsed if r.note is not None}
    good = [n for n in candidates.values() if checker.check(n)]
    left = checker.finish(lambda paths: {p: candidates[p] for p in paths})
    good = [n for n in good if n.path not in left]
    for note in good:
        checker.left_out(note)
    return good, checker.sorted_problems()


def _index(note: Note, key: str, target_id: str) -> int | None:
    """The place of ``target_id`` in the list field ``key`` (None for a single id)."""
    value = getattr(note, key, None)
    return value.index(target_id) if isinstance(value, list) and target_id in value else None
