"""The checks run over a whole workspace: each note learnt, then checked against the others.

The rules are in :mod:`scrutiny.checks`. Here they are run so that no more than one note
need be held at a time: a first pass learns what other notes' checks need of each note
(its :class:`~scrutiny.checks.Bone`), a second checks each note as it comes, and a last
step leaves out what rests on notes left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence

from scrutiny.checks import RULES, Bone, _at, _partial_areas, duplicate_ids, links
from scrutiny.frameworks import Framework
from scrutiny.notes import Note, Parsed, Response
from scrutiny.problems import ORDER, Problem
from scrutiny.workspace import Settings


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
