"""Commands that read only what they need answer as if they had read everything."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from test_report_helpers import copy_demo

from scrutiny import corpus as corpus_module
from scrutiny.api import Scrutiny
from scrutiny.queries import Audience, NoteQuery
from scrutiny.reviews import overdue_clocks

VOICES = {
    "evidence/2025-26/2026-01-06-voice-withdrawn.md": """---
kind: voice
id: VOICE-WITHDRAWN
date: 2026-01-06
title: A young carer on school
areas: [children-families]
consent: publish
group: [young carers]
---
School did not know I was a carer; the lanterns helped.
""",
    "evidence/2025-26/2026-02-01-voice-withdrawal.md": """---
kind: voice
id: VOICE-WITHDRAWAL
date: 2026-02-01
title: Consent withdrawn for the young carer's words
areas: [children-families]
consent: internal
withdraws: [VOICE-WITHDRAWN]
---
The young carer asked that their words not be used.
""",
    "evidence/2025-26/2026-02-02-broken.md": "---\nkind: finding\ntitle: [unclosed\n---\nx\n",
    # A finding that cites a recommendation: part of that item's timeline.
    "evidence/2025-26/2026-03-03-finding-on-rec-01.md": """---
kind: finding
id: FIND-ON-REC-01
date: 2026-03-03
title: The dataset now carries the health measures asked for
areas: [quality-assurance]
evidence: [REC-01]
---
The quarterly dataset now includes the health measures the recommendation asked for.
""",
}


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("partial") / "demo")
    for rel, text in VOICES.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def full(ws: Path) -> corpus_module.Corpus:
    """Every note parsed and checked again, without the index."""
    return corpus_module.load(Scrutiny.open(ws).workspace)


@pytest.mark.parametrize("words", ["training", "front door", "lanterns", "exploitation", "zzzz"])
def test_search_reads_its_hits_and_answers_as_a_full_read(ws: Path, run, words: str) -> None:
    code, out, err = run(ws, "notes", "--search", words, "--format", "json")
    assert code == 0, err
    scrutiny = Scrutiny.open(ws)
    scrutiny.refresh()
    everything = scrutiny.read()
    expected = scrutiny.ranked(everything, NoteQuery(None, None, (), Audience.OWN), words)
    assert [row["id"] for row in json.loads(out)] == [n.id for n in expected]
    assert "1 note has errors and is left out" in err  # the stored problems are all known


def test_a_withdrawn_voice_stays_withdrawn_when_only_it_is_read(ws: Path) -> None:
    scrutiny = Scrutiny.open(ws)
    scrutiny.refresh()
    hits = scrutiny.search("lanterns")
    assert hits == ["evidence/2025-26/2026-01-06-voice-withdrawn.md"]
    (voice,) = scrutiny.read(paths=hits).corpus.notes
    assert voice.id == "VOICE-WITHDRAWN" and voice.restricted  # its withdrawal was not a hit
    assert scrutiny.read(paths=[]).corpus.notes == []


def test_check_prints_the_stored_problems_a_full_build_finds(ws: Path, run) -> None:
    code, out, _ = run(ws, "check", "--format", "json")
    loaded = full(ws)
    late = overdue_clocks(loaded.notes, loaded.workspace.settings.clocks, dt.date.today())
    expected = sorted({*loaded.problems, *late}, key=lambda p: (p.path, p.line, p.column))
    found = json.loads(out)
    assert code == 1 and found
    assert [(p["path"], p["line"], p["message"]) for p in found] == [
        (p.path, p.line, p.message) for p in expected
    ]


@pytest.mark.parametrize("period", [None, "2023-24", "2024-25", "2025-26", "2019-20"])
def test_coverage_reads_one_period_and_counts_as_a_full_read(ws: Path, run, period) -> None:
    from scrutiny.coverage import coverage

    args = ("--period", period) if period else ()
    code, out, err = run(ws, "coverage", *args, "--format", "json")
    assert code == 0, err
    loaded = full(ws)
    chosen = loaded.workspace.parse_period(period) if period else loaded.newest_period()
    expected = [row.as_row() for row in coverage(loaded, chosen).rows]
    assert json.loads(out) == json.loads(json.dumps(expected, default=str))


def _every_item(ws: Path) -> list[str]:
    scrutiny = Scrutiny.open(ws)
    scrutiny.refresh()
    return sorted(scrutiny.read().ledger.items)


@pytest.mark.parametrize("as_of", ["2024-10-15", "2026-06-30"])
def test_trace_reads_one_chain_and_answers_as_a_full_read(ws: Path, run, as_of: str) -> None:
    from scrutiny.ledger import fold, linked_actions
    from scrutiny.queries import visible

    loaded = full(ws)
    day = dt.date.fromisoformat(as_of)
    public = visible(loaded.notes, Audience.PUBLISHED)
    ledger = fold(public, day, loaded.workspace.start_month)
    ids = _every_item(ws)
    assert len(ids) > 15
    for item_id in ids:
        code, out, err = run(ws, "trace", item_id, "--as-of", as_of, "--format", "json")
        item = ledger.items.get(item_id)
        if item is None:  # raised after the date: said so, from a full read
            assert code == 1 and "was raised on" in err, (item_id, err)
            continue
        assert code == 0, err
        found = json.loads(out)
        assert found["status"] == item.status and found["due"] == (
            item.due.isoformat() if item.due else None
        )
        assert [(e["date"], e["type"], e["note"], e["text"]) for e in found["events"]] == [
            (e.date.isoformat(), e.type, e.note, e.text) for e in item.events
        ], item_id
        actions = linked_actions(ledger, public, item)
        assert [(a["id"], a["status"]) for a in found["actions"]] == [
            (a.id, a.status) for a in actions
        ]


def test_trace_of_what_is_not_an_item_still_says_what_it_is(ws: Path, run) -> None:
    code, _, err = run(ws, "trace", "REC-1")
    assert code == 1 and "did you mean" in err.lower()
    code, _, err = run(ws, "trace", "PRI-01")
    assert code == 1 and "is a priority" in err


@pytest.mark.parametrize(
    ("meeting", "since"),
    [("2026-06-09", "2026-04-01"), ("2025-03-11", None), ("2025-10-07", "2025-06-01")],
)
def test_the_pack_reads_what_it_needs_and_says_what_a_full_read_says(
    ws: Path, run, meeting: str, since: str | None
) -> None:
    from scrutiny.cli.pack import DEFAULT_GAP
    from scrutiny.meetings.pack import Pack
    from scrutiny.report.markdown import render

    args = ("--since", since) if since else ()
    code, out, err = run(ws, "pack", "--meeting", meeting, *args, "--allow-flagged")
    assert code == 0, err
    day = dt.date.fromisoformat(meeting)
    start = dt.date.fromisoformat(since) if since else day - dt.timedelta(days=DEFAULT_GAP)
    expected = render(Pack(full(ws), day, start, day + dt.timedelta(days=DEFAULT_GAP)).build())
    assert out.strip() == expected.strip()


@pytest.mark.parametrize("what", ["recs", "risks", "actions"])
@pytest.mark.parametrize("as_of", ["2025-06-30", "2026-06-30"])
def test_the_export_reads_the_ledgers_notes_and_writes_what_a_full_read_writes(
    ws: Path, run, tmp_path: Path, what: str, as_of: str
) -> None:
    from scrutiny import export as tracker_module

    out = tmp_path / f"{what}.csv"
    code, _, err = run(ws, "export", what, "-o", str(out), "--as-of", as_of)
    assert code == 0, err
    kind = tracker_module.KINDS[what]
    expected = tracker_module.build(full(ws), kind, dt.date.fromisoformat(as_of))
    assert expected.items and expected.timeline
    if what == "recs" and as_of > "2026":  # evidence either way, from notes of other kinds
        assert ("REC-01", "FIND-ON-REC-01") in {(e["id"], e["note"]) for e in expected.timeline}
    assert out.read_bytes() == tracker_module.to_csv(expected.items, expected.columns)
    timeline = out.with_name(f"{what}-timeline.csv")
    assert timeline.read_bytes() == tracker_module.to_csv(
        expected.timeline, tracker_module.TIMELINE
    )


def test_the_export_reads_fewer_notes_than_there_are(ws: Path) -> None:
    scrutiny = Scrutiny.open(ws)
    scrutiny.refresh()
    tracked = scrutiny.tracked()
    everything = scrutiny.read().corpus.notes
    kinds = {n.kind for n in everything if n.path in set(tracked)}
    assert {"recommendation", "risk", "action", "response"} <= kinds
    assert len(tracked) < len(everything)


@pytest.mark.parametrize(
    ("period", "as_of"),
    [(None, None), ("2025-26", "2026-03-31"), ("2024-25", None), ("2023-24", None)],
)
@pytest.mark.parametrize("draft", [False, True])
def test_the_report_reads_one_period_and_says_what_a_full_read_says(
    ws: Path, run, period: str | None, as_of: str | None, draft: bool
) -> None:
    from scrutiny.report.build import build
    from scrutiny.report.markdown import render

    args = [*(("--period", period) if period else ()), *(("--as-of", as_of) if as_of else ())]
    code, out, err = run(ws, "report", *args, *(["--draft"] if draft else []), "--allow-flagged")
    assert code == 0, err
    loaded = full(ws)
    chosen = loaded.workspace.parse_period(period) if period else loaded.newest_period()
    day = dt.date.fromisoformat(as_of) if as_of else None
    expected = render(build(loaded, chosen, draft=draft, as_of=day))
    assert len(expected) > 500 and out.strip() == expected.strip()


def test_the_report_reads_fewer_notes_than_there_are(ws: Path) -> None:
    from scrutiny.ledger import TRACKED_KINDS

    scrutiny = Scrutiny.open(ws)
    scrutiny.refresh()
    period = scrutiny.newest_period()
    chosen = scrutiny.selected((*TRACKED_KINDS, "response"), period.start, period.end)
    assert 0 < len(chosen) < len(scrutiny.read().corpus.notes)


#: A note quoting restricted text, and the command that must refuse to publish it.
QUOTING = {
    "pack": (
        "kind: response\ndate: 2026-05-20\ntitle: Update\nresponds_to: [REC-02]\n"
        "status: in-progress\nby: Partnership Executive\n",
        ("pack", "--meeting", "2026-06-09", "--since", "2026-04-01"),
    ),
    "report": (
        "kind: finding\ndate: 2026-05-20\ntitle: Update\nareas: [children-families]\n",
        ("report", "--period", "2025-26"),
    ),
}


@pytest.mark.parametrize("what", sorted(QUOTING))
def test_restricted_text_quoted_from_long_ago_is_still_found(
    tmp_path: Path, run, what: str
) -> None:
    """The pack and the report read a period or two, and every restricted note."""
    root = copy_demo(tmp_path / "quoted")
    secret = "The family asked that the name of the school never be shared with anyone"
    (root / "evidence" / "2019-20").mkdir()
    (root / "evidence" / "2019-20" / "2019-11-01-secret.md").write_text(
        "---\nkind: activity\ndate: 2019-11-01\ntitle: A private conversation\n"
        "areas: [children-families]\nsource: discussion\nconfidentiality: restricted\n---\n"
        f"{secret}.\n",
        encoding="utf-8",
    )
    front, args = QUOTING[what]
    (root / "evidence" / "2025-26" / "2026-05-20-quote.md").write_text(
        f"---\n{front}---\n{secret}.\n", encoding="utf-8"
    )
    code, _, err = run(root, *args)
    assert code == 1 and "restricted text" in err, err


@pytest.mark.parametrize(
    "args",
    [
        ("recs", "--as-of", "2026-06-30", "--format", "json"),
        ("recs", "--status", "open", "--format", "csv"),
        ("risks", "--as-of", "2025-06-30", "--format", "json"),
        ("coverage", "--period", "2024-25", "--format", "json"),
        ("check", "--format", "json"),
        ("notes", "--format", "json"),
        ("notes", "--period", "2024-25", "--kind", "finding", "--format", "json"),
        ("notes", "--all", "--area", "training", "--format", "csv"),
        ("notes", "--search", "training", "--format", "json"),
    ],
)
def test_commands_that_print_no_text_read_none_and_answer_the_same(
    ws: Path, run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """Each command, reading no text (and, where it can, one period), answers as it does
    reading every note with its text."""
    asked: list[bool] = []
    chosen: list[Any] = []
    real = Scrutiny.read

    def read(self: Scrutiny, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(kwargs.get("bodies", True))
        chosen.append(kwargs.get("paths"))
        reading = real(self, **kwargs)
        if not kwargs.get("bodies", True):
            assert all(n.body == "" for n in reading.corpus.notes)
        return reading

    monkeypatch.setattr(Scrutiny, "read", read)
    lean = run(ws, *args)
    assert asked == [False] and lean[1]
    if args[0] in ("coverage", "notes") and "--all" not in args:
        assert chosen[0] is not None and len(chosen[0]) < len(full(ws).notes)

    def with_text(self: Scrutiny, **kwargs):  # type: ignore[no-untyped-def]
        return real(self, **{**kwargs, "bodies": True, "paths": None})

    monkeypatch.setattr(Scrutiny, "read", with_text)
    assert run(ws, *args) == lean
