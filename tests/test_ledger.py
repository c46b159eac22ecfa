"""The ledger as a library: ``fold`` over parsed notes, as of any date (SPEC §2.2, §4)."""

from __future__ import annotations

import random
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest

from scrutiny import corpus as corpus_module
from scrutiny.corpus import Corpus
from scrutiny.ledger import Ledger, carried_forward, fold
from scrutiny.notes import Note
from scrutiny.periods import Period
from scrutiny.reader import parse_text
from scrutiny.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]


# -- helpers ------------------------------------------------------------------------------------


def note(text: str, stem: str) -> Note:
    """Parse one note's text (dedented) as if it were ``evidence/<stem>.md``."""
    parsed = parse_text(textwrap.dedent(text), f"evidence/{stem}.md", stem)
    assert parsed.note is not None, parsed.problems
    return parsed.note


def rec(
    rid: str = "REC-01", day: str = "2021-01-12", due: str | None = None, evidence: str = "[]"
) -> Note:
    due_line = f"due: {due}\n" if due else ""
    return note(
        f"---\nkind: recommendation\nid: {rid}\ndate: {day}\ntitle: Recommendation {rid}\n"
        f"areas: [core-partners]\n{due_line}evidence: {evidence}\n---\nThe partners should act.\n",
        rid.lower(),
    )


def response(
    stem: str,
    day: str,
    to: str = "REC-01",
    status: str | None = None,
    due: str | None = None,
    note_id: str | None = None,
    body: str = "Why the date moved.",
) -> Note:
    lines = [
        "---",
        "kind: response",
        f"date: {day}",
        f"title: Response {stem}",
        f"responds_to: [{to}]",
    ]
    if status:
        lines.append(f"status: {status}")
    if due:
        lines.append(f"due: {due}")
    if note_id:
        lines.append(f"id: {note_id}")
    return note("\n".join([*lines, "---", body, ""]), stem)


def state(ledger: Ledger, item_id: str) -> tuple[str, date | None, bool]:
    item = ledger.items[item_id]
    return item.status, item.due, item.overdue


@pytest.fixture(scope="module")
def demo_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("ledger-demo")
    shutil.copy2(REPO / "scrutiny.toml", root / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", root / "evidence")
    loaded = corpus_module.load(Workspace.open(root))
    assert loaded.problems == []
    return loaded


# -- statuses ---------------------------------------------------------------------------------


def test_a_recommendation_without_responses_is_open() -> None:
    ledger = fold([rec(due="2021-06-30")], date(2021, 3, 1))
    item = ledger.items["REC-01"]
    assert (item.status, item.is_open, item.overdue, item.last_response) == (
        "open",
        True,
        False,
        None,
    )
    assert [e.type for e in item.events] == ["raised"]


def test_responses_apply_in_date_order_whatever_the_list_order() -> None:
    notes = [
        response("r3", "2021-05-01", status="implemented"),
        rec(),
        response("r1", "2021-02-01", status="accepted"),
        response("r2", "2021-03-01", status="in-progress"),
    ]
    assert fold(notes, date(2021, 2, 15)).items["REC-01"].status == "accepted"
    assert fold(notes, date(2021, 3, 1)).items["REC-01"].status == "in-progress"
    assert fold(notes, date(2021, 12, 31)).items["REC-01"].status == "implemented"
    for _ in range(5):
        random.shuffle(notes)
        assert fold(notes, date(2021, 12, 31)).items["REC-01"].status == "implemented"


def test_same_day_responses_apply_in_id_order() -> None:
    """``2025-03-01-a`` comes before ``2025-03-01-b`` whatever order the files were found in."""
    notes = [
        rec(),
        response("2021-03-01-b", "2021-03-01", status="accepted"),
        response("2021-03-01-a", "2021-03-01", status="implemented"),
    ]
    for order in (notes, notes[::-1]):
        item = fold(order, date(2021, 3, 1)).items["REC-01"]
        assert item.status == "accepted"
        steps = [(e.note, e.type) for e in item.events]
        assert steps == [
            ("REC-01", "raised"),
            ("2021-03-01-a", "status"),
            ("2021-03-01-b", "reopened"),
        ]


def test_an_explicit_id_orders_same_day_responses() -> None:
    notes = [
        rec(),
        response("aaa-file", "2021-03-01", status="implemented", note_id="z-second"),
        response("zzz-file", "2021-03-01", status="accepted", note_id="a-first"),
    ]
    assert fold(notes, date(2021, 3, 2)).items["REC-01"].status == "implemented"


def test_only_notes_up_to_the_as_of_date_count() -> None:
    notes = [rec(day="2021-01-12"), response("r1", "2021-02-01", status="accepted")]
    assert "REC-01" not in fold(notes, date(2021, 1, 11)).items
    assert fold(notes, date(2021, 1, 12)).items["REC-01"].status == "open"
    assert fold(notes, date(2021, 1, 31)).items["REC-01"].status == "open"
    assert fold(notes, date(2021, 2, 1)).items["REC-01"].status == "accepted"


def test_a_response_dated_before_its_target_is_ignored() -> None:
    notes = [rec(day="2021-01-12"), response("early", "2021-01-01", status="closed")]
    item = fold(notes, date(2021, 6, 1)).items["REC-01"]
    assert item.status == "open"
    assert item.responses == []


def test_a_response_without_status_keeps_it() -> None:
    notes = [
        rec(),
        response("r1", "2021-02-01", status="accepted"),
        response("r2", "2021-03-01", body="An update, nothing changes."),
    ]
    item = fold(notes, date(2021, 4, 1)).items["REC-01"]
    assert item.status == "accepted"
    assert item.last_response is not None and item.last_response.note == "r2"
    assert item.events[-1].type == "response"
    assert "still accepted" in item.events[-1].change


def test_a_response_naming_its_target_twice_counts_once() -> None:
    notes = [rec(), response("twice", "2021-02-01", to="REC-01, REC-01", status="accepted")]
    item = fold(notes, date(2021, 4, 1)).items["REC-01"]
    assert item.status == "accepted"
    assert [e.note for e in item.events] == ["REC-01", "twice"]


def test_a_status_of_another_kind_is_ignored() -> None:
    notes = [rec(), response("r1", "2021-02-01", status="mitigated")]
    assert fold(notes, date(2021, 4, 1)).items["REC-01"].status == "open"


def test_a_response_to_several_items_moves_each() -> None:
    notes = [
        rec("REC-01"),
        rec("REC-02"),
        response("both", "2021-02-01", to="REC-01, REC-02", status="accepted"),
    ]
    ledger = fold(notes, date(2021, 4, 1))
    assert ledger.items["REC-01"].status == ledger.items["REC-02"].status == "accepted"


@pytest.mark.parametrize(
    ("status", "is_open"),
    [
        ("open", True),
        ("accepted", True),
        ("in-progress", True),
        ("implemented", True),
        ("closed", False),
        ("not-accepted", False),
        ("superseded", False),
    ],
)
def test_which_recommendation_statuses_are_open(status: str, is_open: bool) -> None:
    notes = [rec(), response("r", "2021-02-01", status=status)]
    assert fold(notes, date(2021, 3, 1)).items["REC-01"].is_open is is_open


def test_reopening_is_shown_as_such() -> None:
    notes = [
        rec(),
        response("r1", "2021-02-01", status="implemented"),
        response("r2", "2021-03-01", status="closed"),
        response("r3", "2021-04-01", status="in-progress"),
    ]
    item = fold(notes, date(2021, 5, 1)).items["REC-01"]
    assert [e.type for e in item.events] == ["raised", "status", "status", "reopened"]
    assert item.reopened
    assert item.events[-1].previous_status == "closed"
    assert item.events[-1].change == "reopened: closed → in-progress"
    assert not fold(notes, date(2021, 3, 15)).items["REC-01"].reopened


# -- due dates and overdue ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "as_of", "overdue"),
    [
        (None, "2021-06-29", False),
        (None, "2021-06-30", False),  # due today is not yet late
        (None, "2021-07-01", True),
        ("accepted", "2021-07-01", True),
        ("in-progress", "2021-07-01", True),
        ("implemented", "2021-07-01", False),  # awaits scrutiny's closure, not late
        ("closed", "2021-07-01", False),
        ("not-accepted", "2021-07-01", False),
        ("superseded", "2021-07-01", False),
    ],
)
def test_overdue(status: str | None, as_of: str, overdue: bool) -> None:
    notes = [rec(due="2021-06-30")]
    if status:
        notes.append(response("r", "2021-02-01", status=status))
    assert fold(notes, date.fromisoformat(as_of)).items["REC-01"].overdue is overdue


def test_no_due_date_is_never_overdue() -> None:
    assert not fold([rec()], date(2030, 1, 1)).items["REC-01"].overdue


def test_the_latest_revised_due_date_counts() -> None:
    notes = [
        rec(due="2021-06-30"),
        response("r1", "2021-02-01", status="accepted"),
        response("r2", "2021-05-01", due="2021-12-31"),
        response("r3", "2021-11-01", status="in-progress", due="2022-03-31"),
    ]
    assert state(fold(notes, date(2021, 4, 30)), "REC-01") == ("accepted", date(2021, 6, 30), False)
    assert state(fold(notes, date(2021, 5, 1)), "REC-01") == ("accepted", date(2021, 12, 31), False)
    assert state(fold(notes, date(2021, 10, 31)), "REC-01") == (
        "accepted",
        date(2021, 12, 31),
        False,
    )
    assert state(fold(notes, date(2022, 1, 1)), "REC-01") == (
        "in-progress",
        date(2022, 3, 31),
        False,
    )
    assert state(fold(notes, date(2022, 4, 1)), "REC-01") == (
        "in-progress",
        date(2022, 3, 31),
        True,
    )
    due_event = next(
        e for e in fold(notes, date(2022, 4, 1)).items["REC-01"].events if e.note == "r2"
    )
    assert (due_event.type, due_event.previous_due, due_event.due) == (
        "due",
        date(2021, 6, 30),
        date(2021, 12, 31),
    )
    assert due_event.change == "due: 2021-06-30 → 2021-12-31"


def test_a_due_date_can_be_given_by_a_response_alone() -> None:
    notes = [rec(), response("r1", "2021-02-01", status="accepted", due="2021-03-31")]
    assert state(fold(notes, date(2021, 4, 1)), "REC-01") == ("accepted", date(2021, 3, 31), True)


# -- risks and actions ------------------------------------------------------------------------------


RISK = """\
---
kind: risk
id: RISK-01
date: 2021-01-13
title: Health restructuring
category: strategic
---
A risk.
"""

ACTION = """\
---
kind: action
id: ACT-01
date: 2021-01-14
title: Publish the arrangements
due: 2021-06-30
{status}
---
An action.
"""


def test_risk_statuses_and_monitoring() -> None:
    notes = [
        note(RISK, "risk-01"),
        response("r1", "2021-03-01", to="RISK-01", status="escalated"),
        response("r2", "2021-05-01", to="RISK-01", status="mitigated"),
        response("r3", "2021-07-01", to="RISK-01", status="realised"),
    ]
    assert fold(notes, date(2021, 2, 1)).items["RISK-01"].status == "monitoring"
    assert fold(notes, date(2021, 3, 1)).items["RISK-01"].is_open
    mitigated = fold(notes, date(2021, 6, 1)).items["RISK-01"]
    assert (mitigated.status, mitigated.is_open) == ("mitigated", False)
    realised = fold(notes, date(2021, 8, 1)).items["RISK-01"]
    assert (realised.status, realised.is_open, realised.reopened) == ("realised", True, True)


def test_a_risk_has_no_due_date_and_is_never_overdue() -> None:
    notes = [note(RISK, "risk-01"), response("r1", "2021-03-01", to="RISK-01", due="2021-04-01")]
    item = fold(notes, date(2025, 1, 1)).items["RISK-01"]
    assert (item.due, item.overdue) == (None, False)


def test_a_risk_is_monitored_until_the_end_of_the_next_period() -> None:
    item = fold([note(RISK, "risk-01")], date(2021, 2, 1)).items["RISK-01"]
    assert item.monitor_until == date(2022, 9, 30)
    explicit = note(RISK.replace("category:", "monitor_until: 2021-12-31\ncategory:"), "risk-01")
    assert fold([explicit], date(2021, 2, 1)).items["RISK-01"].monitor_until == date(2021, 12, 31)
    assert fold([rec()], date(2021, 2, 1)).items["REC-01"].monitor_until is None


@pytest.mark.parametrize(
    ("written", "initial", "late"),
    [
        ("", "planned", True),
        ("status: in-progress", "in-progress", True),
        ("status: completed", "completed", False),
    ],
)
def test_action_initial_status_and_overdue(written: str, initial: str, late: bool) -> None:
    item = fold([note(ACTION.format(status=written), "act-01")], date(2021, 7, 1)).items["ACT-01"]
    assert (item.status, item.overdue) == (initial, late)


def test_action_completed_by_a_response() -> None:
    notes = [
        note(ACTION.format(status=""), "act-01"),
        response("r1", "2021-05-01", to="ACT-01", status="completed"),
    ]
    item = fold(notes, date(2021, 7, 1)).items["ACT-01"]
    assert (item.status, item.is_open, item.overdue) == ("completed", False, False)


# -- timeline ---------------------------------------------------------------------------------------------


def test_evidence_appears_in_the_timeline_when_visible() -> None:
    finding = note(
        "---\nkind: finding\ndate: 2021-01-05\ntitle: Costs are unfair\nareas: [core-partners]\n---\nx\n",
        "costs-unfair",
    )
    later = note(
        "---\nkind: activity\ndate: 2021-03-05\ntitle: Follow-up meeting\nareas: [core-partners]\n"
        "source: meeting\nevidence: [REC-01]\n---\nx\n",
        "follow-up",
    )
    notes = [rec(evidence="[costs-unfair]"), finding, later]
    early = fold(notes, date(2021, 2, 1)).items["REC-01"]
    assert [(e.date, e.type, e.note) for e in early.events] == [
        (date(2021, 1, 5), "evidence", "costs-unfair"),
        (date(2021, 1, 12), "raised", "REC-01"),
    ]
    late = fold(notes, date(2021, 4, 1)).items["REC-01"]
    assert [e.note for e in late.events] == ["costs-unfair", "REC-01", "follow-up"]
    assert late.last_response is None


def test_fold_does_not_touch_its_input() -> None:
    notes = [response("r1", "2021-02-01", status="accepted"), rec()]
    before = list(notes)
    fold(notes, date(2021, 3, 1))
    assert notes == before


def test_fold_accepts_any_iterable() -> None:
    notes = [rec(), response("r1", "2021-02-01", status="accepted")]
    assert fold(iter(notes), date(2021, 3, 1)).items["REC-01"].status == "accepted"


# -- the demo -----------------------------------------------------------------------------------------------


def test_demo_rec_02_is_reopened(demo_corpus: Corpus) -> None:
    item = fold(demo_corpus.notes, date(2026, 11, 22)).items["REC-02"]
    steps = [(e.date.isoformat(), e.type, e.status) for e in item.events if e.type != "evidence"]
    assert steps == [
        ("2025-03-25", "raised", "open"),
        ("2025-05-13", "status", "accepted"),
        ("2025-12-16", "status", "implemented"),
        ("2026-05-19", "reopened", "in-progress"),
    ]
    assert item.reopened and item.overdue
    assert not fold(demo_corpus.notes, date(2026, 5, 18)).items["REC-02"].reopened


def test_demo_rec_04_due_date_moves(demo_corpus: Corpus) -> None:
    ledger = fold(demo_corpus.notes, date(2026, 11, 22))
    item = ledger.items["REC-04"]
    assert item.due == date(2026, 12, 31)
    moved = [e for e in item.events if e.previous_due and e.due != e.previous_due]
    assert [(e.previous_due, e.due) for e in moved] == [(date(2026, 3, 31), date(2026, 12, 31))]
    assert fold(demo_corpus.notes, date(2026, 2, 16)).items["REC-04"].due == date(2026, 3, 31)


def test_demo_overdue(demo_corpus: Corpus) -> None:
    ledger = fold(demo_corpus.notes, date(2026, 11, 22))
    assert sorted(i.id for i in ledger.of_kind("recommendation") if i.overdue) == [
        "REC-02",
        "REC-05",
        "REC-06",
    ]
    # ACT-1.2 was due 2026-09-30 and is still in progress.
    assert sorted(i.id for i in ledger.of_kind("action") if i.overdue) == ["ACT-1.2", "ACT-2.1"]


def test_demo_carried_forward(demo_corpus: Corpus) -> None:
    into_2025 = carried_forward(demo_corpus.notes, Period(2025, 10))
    assert [i.id for i in into_2025] == ["REC-01", "REC-02", "REC-03", "REC-04", "REC-05", "REC-06"]
    assert {i.id: i.status for i in into_2025}["REC-01"] == "in-progress"
    into_2026 = carried_forward(demo_corpus.notes, Period(2026, 10))
    assert [i.id for i in into_2026] == [
        "REC-02",
        "REC-03",
        "REC-04",
        "REC-05",
        "REC-06",
        "REC-08",
        "REC-09",
        "REC-10",
    ]
    risks = carried_forward(demo_corpus.notes, Period(2026, 10), "risk")
    assert [i.id for i in risks] == ["RISK-01", "RISK-02", "RISK-04", "RISK-03"]


def test_demo_fold_ignores_note_order(demo_corpus: Corpus) -> None:
    notes = list(demo_corpus.notes)
    expected = fold(notes, date(2026, 11, 22))
    rng = random.Random(20261122)
    for _ in range(3):
        rng.shuffle(notes)
        again = fold(notes, date(2026, 11, 22))
        for item_id, item in expected.items.items():
            other = again.items[item_id]
            assert (other.status, other.due, other.overdue, other.events) == (
                item.status,
                item.due,
                item.overdue,
                item.events,
            )


def test_status_read_back_along_a_timeline_equals_a_fold_on_that_day(tmp_path: Path) -> None:
    """What the report and the charts use instead of folding again: the same answer."""
    import datetime as dt

    from test_report_helpers import copy_demo

    from scrutiny.corpus import load
    from scrutiny.ledger import fold
    from scrutiny.workspace import Workspace

    corpus = load(Workspace.open(copy_demo(tmp_path / "demo")))
    end = dt.date(2026, 11, 30)
    last = fold(corpus.notes, end, 10)
    day = dt.date(2024, 10, 31)
    while day < end:
        then = fold(corpus.notes, day, 10)
        for item in last.items.values():
            expected = then.items[item.id].status if item.id in then.items else None
            assert item.status_on(day) == expected, (item.id, day)
        day += dt.timedelta(days=17)
