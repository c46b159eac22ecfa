"""Properties of the ledger fold over random response histories (SPEC §2.2, §4).

The expected state is computed here from the rules as SPEC §4 words them, not from
``scrutiny.ledger``: responses on or before the as-of date (and on or after the item
was raised) apply in (date, id) order; the last one with a status sets it, the last one
with a due date revises it.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from scrutiny.ledger import fold
from scrutiny.notes import STATUSES, Note
from scrutiny.reader import parse_text

RAISED = date(2024, 1, 15)
INITIAL = {"recommendation": "open", "risk": "monitoring", "action": "planned"}
LATE = {
    "recommendation": {"open", "accepted", "in-progress"},
    "risk": set(),
    "action": {"planned", "in-progress"},
}
OPEN = {
    "recommendation": {"open", "accepted", "in-progress", "implemented"},
    "risk": {"monitoring", "escalated", "realised"},
    "action": {"planned", "in-progress"},
}
#: How far along its lifecycle each status is (SPEC §4); going down is a reopening.
STAGE = {
    "recommendation": {
        "open": 0,
        "accepted": 1,
        "in-progress": 2,
        "implemented": 3,
        "closed": 4,
        "not-accepted": 4,
        "superseded": 4,
    },
    "risk": {"monitoring": 0, "escalated": 0, "realised": 0, "mitigated": 1, "closed": 2},
    "action": {"planned": 0, "in-progress": 1, "completed": 2, "dropped": 2},
}
TARGETS = {"recommendation": "REC-1", "risk": "RISK-1", "action": "ACT-1"}

# Hypothesis keeps caches in ./.hypothesis by default; the tests never write into the repo.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "scrutiny-tests-hypothesis")
SETTINGS = settings(max_examples=200, deadline=None, database=None)


@dataclass(frozen=True)
class Step:
    """One generated response."""

    id: str
    day: date
    status: str | None
    due: date | None


def parse(text: str, stem: str) -> Note:
    parsed = parse_text(text, f"evidence/{stem}.md", stem)
    assert parsed.note is not None, parsed.problems
    return parsed.note


def target_note(kind: str, due: date | None) -> Note:
    item_id = TARGETS[kind]
    lines = ["---", f"kind: {kind}", f"id: {item_id}", f"date: {RAISED}", f"title: The {kind}"]
    if kind == "recommendation":
        lines.append("areas: [training]")
    if kind == "risk":
        lines.append("category: strategic")
    if due is not None and kind != "risk":
        lines.append(f"due: {due}")
    return parse("\n".join([*lines, "---", f"The {kind}.", ""]), item_id.lower())


def response_note(step: Step, target: str) -> Note:
    lines = [
        "---",
        "kind: response",
        f"date: {step.day}",
        f"title: Response {step.id}",
        f"responds_to: [{target}]",
    ]
    if step.status is not None:
        lines.append(f"status: {step.status}")
    if step.due is not None:
        lines.append(f"due: {step.due}")
    return parse("\n".join([*lines, "---", "Said why.", ""]), step.id)


def days(low: int, high: int) -> st.SearchStrategy[date]:
    """Dates near RAISED; a small range so that same-day responses are common."""
    return st.integers(low, high).map(lambda n: RAISED + timedelta(days=n))


@st.composite
def histories(draw: st.DrawFn, kind: str, prefix: str) -> tuple[date | None, list[Step]]:
    """An item's own due date and a list of responses to it, with unique ids."""
    due = draw(st.none() | days(0, 90))
    ids = draw(
        st.lists(
            st.text("abcxyz019", min_size=1, max_size=3).map(lambda s: f"{prefix}{s}"),
            unique=True,
            max_size=10,
        )
    )
    statuses = st.none() | st.sampled_from(STATUSES[kind])
    steps = [
        Step(i, draw(days(-5, 60)), draw(statuses), draw(st.none() | days(0, 120))) for i in ids
    ]
    return due, steps


def expected(kind: str, due: date | None, steps: list[Step], as_of: date) -> dict[str, object]:
    """The state by SPEC §4, from the generated history alone."""
    seen = sorted((s for s in steps if RAISED <= s.day <= as_of), key=lambda s: (s.day, s.id))
    status = INITIAL[kind]
    stages = [status]
    for step in seen:
        if step.status is not None:
            status = step.status
        if step.due is not None and kind != "risk":
            due = step.due
        stages.append(status)
    if kind == "risk":
        due = None
    overdue = status in LATE[kind] and due is not None and due < as_of
    reopenings = sum(STAGE[kind][after] < STAGE[kind][before] for before, after in pairwise(stages))
    return {
        "status": status,
        "due": due,
        "overdue": overdue,
        "responses": [s.id for s in seen],
        "reopenings": reopenings,
        "open": status in OPEN[kind],
    }


def check_item(
    kind: str, due: date | None, steps: list[Step], as_of: date, notes: list[Note]
) -> None:
    ledger = fold(notes, as_of)
    item_id = TARGETS[kind]
    if as_of < RAISED:
        assert item_id not in ledger.items
        return
    item = ledger.items[item_id]
    want = expected(kind, due, steps, as_of)
    assert item.status == want["status"]
    assert item.due == want["due"]
    assert item.overdue is want["overdue"]
    assert item.is_open is want["open"]
    responses = [e.note for e in item.events if e.type not in ("raised", "evidence")]
    assert responses == want["responses"]
    last = item.last_response
    assert (last.note if last else None) == (want["responses"][-1] if want["responses"] else None)
    assert sum(e.type == "reopened" for e in item.events) == want["reopenings"]
    assert item.reopened is (want["reopenings"] > 0)
    dates = [e.date for e in item.events]
    assert dates == sorted(dates)
    assert all(e.date <= as_of for e in item.events)
    assert item.events[0].type == "raised"


@SETTINGS
@given(history=histories("recommendation", "r"), as_of=days(-10, 130))
def test_recommendation_state_follows_the_spec(
    history: tuple[date | None, list[Step]], as_of: date
) -> None:
    due, steps = history
    notes = [target_note("recommendation", due)] + [response_note(s, "REC-1") for s in steps]
    check_item("recommendation", due, steps, as_of, notes)


@SETTINGS
@given(history=histories("recommendation", "r"), as_of=days(0, 130))
def test_overdue_is_late_status_and_past_latest_due(
    history: tuple[date | None, list[Step]], as_of: date
) -> None:
    """Overdue exactly when open/accepted/in-progress and the latest due date is past."""
    due, steps = history
    notes = [target_note("recommendation", due)] + [response_note(s, "REC-1") for s in steps]
    item = fold(notes, as_of).items["REC-1"]
    visible = sorted((s for s in steps if RAISED <= s.day <= as_of), key=lambda s: (s.day, s.id))
    revised = [s.due for s in visible if s.due is not None]
    latest_due = revised[-1] if revised else due
    with_status = [s.status for s in visible if s.status is not None]
    status = with_status[-1] if with_status else "open"
    assert item.overdue == (
        status in {"open", "accepted", "in-progress"}
        and latest_due is not None
        and latest_due < as_of
    )


@SETTINGS
@given(
    rec=histories("recommendation", "r"),
    risk=histories("risk", "k"),
    action=histories("action", "a"),
    as_of=days(-10, 130),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_kind_and_any_note_order(
    rec: tuple[date | None, list[Step]],
    risk: tuple[date | None, list[Step]],
    action: tuple[date | None, list[Step]],
    as_of: date,
    seed: int,
) -> None:
    """Three items with interleaved histories: each follows the spec, in any file order."""
    histories_by_kind = {"recommendation": rec, "risk": risk, "action": action}
    notes: list[Note] = []
    for kind, (due, steps) in histories_by_kind.items():
        notes.append(target_note(kind, due))
        notes.extend(response_note(s, TARGETS[kind]) for s in steps)
    for kind, (due, steps) in histories_by_kind.items():
        check_item(kind, due, steps, as_of, notes)

    baseline = fold(notes, as_of)
    shuffled = list(notes)
    random.Random(seed).shuffle(shuffled)
    again = fold(shuffled, as_of)
    assert again.items.keys() == baseline.items.keys()
    for item_id, item in baseline.items.items():
        other = again.items[item_id]
        assert (other.status, other.due, other.overdue, other.events) == (
            item.status,
            item.due,
            item.overdue,
            item.events,
        )


@SETTINGS
@given(history=histories("recommendation", "r"), seed=st.integers(0, 2**32 - 1))
def test_state_at_each_response_date_is_that_prefix(
    history: tuple[date | None, list[Step]], seed: int
) -> None:
    """Folding as of each day gives the same status as folding only the notes up to that day."""
    due, steps = history
    notes = [target_note("recommendation", due)] + [response_note(s, "REC-1") for s in steps]
    random.Random(seed).shuffle(notes)
    for as_of in sorted({s.day for s in steps if s.day >= RAISED}):
        full = fold(notes, as_of).items["REC-1"]
        prefix = fold([n for n in notes if n.date <= as_of], as_of).items["REC-1"]
        assert (full.status, full.due, full.overdue, full.events) == (
            prefix.status,
            prefix.due,
            prefix.overdue,
            prefix.events,
        )
