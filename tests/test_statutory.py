"""Priorities and the case-review register: their fields, links, errors and clocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from scrutiny.clocks import Clock, add_months, add_working_days, is_working_day

Run = Callable[..., tuple[int, str, str]]

PRIORITY = """\
    ---
    kind: priority
    id: PRI-01
    date: 2025-10-01
    title: Hear the voices of children and families
    areas: [children-families]
    lead: Chair of the Executive
    ---
    The partnership will make what children and families say shape its decisions.
    """
REVIEW = """\
    ---
    kind: review
    id: REV-01
    date: 2025-04-17
    title: Rapid review after a serious injury to a baby
    rapid_review: 2025-05-13
    decision: local
    decided: 2025-05-20
    published: 2025-11-14
    ---
    A baby was seriously injured; the partners held a rapid review.
    """
REC = """\
    ---
    kind: recommendation
    id: REC-01
    date: 2025-11-01
    title: Share learning on infant safety
    areas: [case-reviews]
    review: REV-01
    priorities: [PRI-01]
    ---
    The partnership should share the learning.
    """


def test_priority_and_review_notes_are_valid_and_linked(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    ws = make_workspace(
        {"evidence/p.md": PRIORITY, "evidence/r.md": REVIEW, "evidence/rec.md": REC}
    )
    code, out, err = run(ws, "check")
    assert (code, out) == (0, ""), err
    code, out, _ = run(ws, "notes", "--all", "--format", "json")
    import json

    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["REV-01"]["areas"] == ["case-reviews"]  # the default area of a review
    assert rows["PRI-01"]["kind"] == "priority"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PRIORITY.replace("    id: PRI-01\n", ""), "p.md:1:1: error: missing required field 'id'"),
        (PRIORITY.replace("2025-10-01", "2025-13-01"), "p.md:4:7: error:"),
        (
            REVIEW.replace("decision: local", "decision: locally"),
            "r.md:7:11: error: unknown decision 'locally'",
        ),
        (REVIEW.replace("decided: 2025-05-20", "decided: soon"), "r.md:8:10: error:"),
        (
            REC.replace("review: REV-01", "review: REV-9"),
            "rec.md:7:9: error: review: no note has id 'REV-9'",
        ),
        (
            REC.replace("priorities: [PRI-01]", "priorities: [PRI-01, REV-01]"),
            "rec.md:8:22: error: priorities: 'REV-01' is a review, not a priority",
        ),
        (
            REC.replace("review: REV-01", "review: PRI-01"),
            "rec.md:7:9: error: review: 'PRI-01' is a priority, not a review",
        ),
    ],
)
def test_bad_fields_and_links_are_precise(
    make_workspace: Callable[..., Path], run: Run, text: str, expected: str
) -> None:
    notes = {"evidence/p.md": PRIORITY, "evidence/r.md": REVIEW, "evidence/rec.md": REC}
    name = {"PRIORITY": "p", "REVIEW": "r"}
    target = (
        "evidence/p.md"
        if "kind: priority" in text
        else "evidence/r.md"
        if "kind: review" in text
        else "evidence/rec.md"
    )
    notes[target] = text
    ws = make_workspace(notes)
    code, out, _ = run(ws, "check")
    assert code == 1
    assert any(line.startswith(f"evidence/{expected}") for line in out.splitlines()), out
    del name


# -- clocks --------------------------------------------------------------------------------------


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    thursday = dt.date(2025, 4, 17)  # before Good Friday and Easter Monday
    assert not is_working_day(dt.date(2025, 4, 18)) and not is_working_day(dt.date(2025, 4, 21))
    assert add_working_days(thursday, 1) == dt.date(2025, 4, 22)
    # 15 working days: 22 Apr … 2 May (9), May Day 5 May skipped, 6 … 13 May (6).
    assert add_working_days(thursday, 15) == dt.date(2025, 5, 13)
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("done", "state"), [(dt.date(2025, 5, 13), "met"), (dt.date(2025, 5, 14), "missed")]
)
def test_a_rapid_review_on_the_15th_working_day_is_on_time_and_the_16th_is_late(
    done: dt.date, state: str
) -> None:
    notified = dt.date(2025, 4, 17)
    clock = Clock(
        "rapid review", notified, add_working_days(notified, 15), done, dt.date(2025, 6, 1)
    )
    assert clock.state == state
    assert clock.late_by == (1 if state == "missed" else 0)


@pytest.mark.parametrize(("rapid", "late"), [("2025-05-13", False), ("2025-05-14", True)])
def test_check_and_reviews_report_the_rapid_review_clock(
    make_workspace: Callable[..., Path], run: Run, rapid: str, late: bool
) -> None:
    ws = make_workspace({"evidence/r.md": REVIEW.replace("2025-05-13", rapid)})
    code, out, _ = run(ws, "check")
    assert code == 0
    said = "rapid review on 2025-05-14 was 1 working day after its due date, 2025-05-13"
    assert (said in out) == late
    code, out, _ = run(ws, "reviews", "--format", "json")
    import json

    [row] = json.loads(out)
    assert row["rapid_review_due"] == "2025-05-13"
    assert row["rapid_review_clock"] == ("missed" if late else "met")
    assert row["publication_due"] == "2025-11-20"


def test_a_review_not_published_on_time_is_a_warning_in_check(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    ws = make_workspace({"evidence/r.md": REVIEW.replace("    published: 2025-11-14\n", "")})
    code, out, _ = run(ws, "check")
    assert code == 0
    assert out == (
        "evidence/r.md:8:10: warning: publication was due on 2025-11-20 and is not recorded "
        "(add 'published:' when it is done)\n"
    )


def test_the_clocks_are_settings(make_workspace: Callable[..., Path], run: Run) -> None:
    from tests.conftest import settings_text

    ws = make_workspace(
        {"evidence/r.md": REVIEW.replace("2025-05-13", "2025-05-14")},
        settings=settings_text()
        + "\n[clocks]\nrapid_review_working_days = 16\npractice_review_months = 3\n",
    )
    _code, out, _ = run(ws, "reviews", "--format", "json")
    import json

    [row] = json.loads(out)
    assert (row["rapid_review_due"], row["rapid_review_clock"]) == ("2025-05-14", "met")
    assert row["publication_due"] == "2025-08-20"


# -- priorities ----------------------------------------------------------------------------------


def _note(kind: str, note_id: str, date: str, extra: str, body: str = "Text.") -> str:
    return f"---\nkind: {kind}\nid: {note_id}\ndate: {date}\ntitle: {note_id} title\n{extra}---\n{body}\n"


def test_priorities_show_their_evidence_and_flag_the_ones_with_none(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    import json

    ws = make_workspace(
        {
            "evidence/p1.md": _note("priority", "PRI-01", "2024-10-01", "lead: Executive\n"),
            "evidence/p2.md": _note("priority", "PRI-02", "2024-10-01", ""),
            "evidence/p3.md": _note("priority", "PRI-03", "2024-10-01", ""),
            "evidence/p4.md": _note("priority", "PRI-04", "2020-10-01", "until: 2021-09-30\n"),
            "evidence/a1.md": _note(
                "action", "ACT-1", "2024-10-05", "priorities: [PRI-01]\ndue: 2025-06-30\n"
            ),
            "evidence/r1.md": (
                "---\nkind: response\ndate: 2025-02-01\ntitle: Started\nresponds_to: [ACT-1]\n"
                "status: in-progress\nby: Business Unit\n---\nWork began.\n"
            ),
            "evidence/f2.md": _note(
                "finding",
                "F-2",
                "2025-03-01",
                "areas: [core-partners]\njudgement: concern\npriorities: [PRI-02]\n",
            ),
        }
    )
    code, out, err = run(ws, "priorities", "--period", "2024-25", "--format", "json")
    assert code == 0, err
    rows = {r["id"]: r for r in json.loads(out)}
    assert list(rows) == ["PRI-01", "PRI-02", "PRI-03"]  # PRI-04 ended in 2021
    assert rows["PRI-01"]["moved"] == ["ACT-1"] and not rows["PRI-01"]["flagged"]
    assert rows["PRI-01"]["latest_response"] == "2025-02-01"
    assert rows["PRI-02"]["flagged"] and rows["PRI-02"]["why"].startswith("little evidence")
    assert rows["PRI-03"]["flagged"] and rows["PRI-03"]["why"].startswith("nothing is linked")
    code, table, _ = run(ws, "priorities", "--period", "2024-25")
    assert "little or no evidence of progress" in table


# -- voices ----------------------------------------------------------------------------------------

VOICE = """\
    ---
    kind: voice
    id: VOICE-01
    date: 2021-02-10
    title: Young carers on being asked
    areas: [children-families]
    consent: anonymised
    group: [young carers]
    collected: Young carers' forum
    ---
    Ask us what we need before you decide for us.
    """


def test_a_consented_anonymised_voice_is_quoted_in_the_report(
    make_workspace: Callable[..., Path], run: Run, minimal_notes: dict[str, str]
) -> None:
    ws = make_workspace({"evidence/a.md": minimal_notes["activity"], "evidence/v.md": VOICE})
    code, out, err = run(ws, "report", "--period", "2020-21", "--section", "6")
    assert code == 0, err
    assert "### What children and families told us" in out
    assert "> Ask us what we need before you decide for us." in out
    assert "(young carers)" in out and "forum" not in out  # anonymised: the group only
    ws3 = make_workspace(
        {
            "evidence/v.md": VOICE,
            "evidence/rec.md": REC.replace("    review: REV-01\n    priorities: [PRI-01]\n", "")
            .replace("2025-11-01", "2021-01-01")
            .replace("case-reviews", "children-families"),
            "evidence/r.md": (
                "---\nkind: response\ndate: 2021-03-01\ntitle: Reply\nresponds_to: [REC-01]\n"
                "by: Partnership Executive\nevidence: [VOICE-01]\n---\nWe now ask carers first.\n"
            ),
        }
    )
    code, out, err = run(ws3, "report", "--period", "2020-21", "--section", "6")
    assert code == 0, err
    assert "What was done: 1 March 2021, Partnership Executive: We now ask carers first." in out
    ws2 = make_workspace({"evidence/v.md": VOICE.replace("anonymised", "publish")})
    code, out, _ = run(ws2, "report", "--period", "2020-21", "--section", "6")
    assert "(young carers, Young carers' forum)" in out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("    consent: anonymised\n", ""), "v.md:1:1: error: missing required field 'consent'"),
        (("consent: anonymised", "consent: public"), "v.md:7:10: error: unknown consent 'public'"),
        (
            ("    areas: [children-families]\n", ""),
            "v.md:1:1: error: missing required field 'areas'",
        ),
        (
            ("group: [young carers]", "withdraws: [VOICE-9]"),
            "v.md:8:13: error: withdraws: no note has id 'VOICE-9'",
        ),
    ],
)
def test_voice_fields_are_checked(
    make_workspace: Callable[..., Path], run: Run, change: tuple[str, str], expected: str
) -> None:
    ws = make_workspace({"evidence/v.md": VOICE.replace(*change)})
    code, out, _ = run(ws, "check")
    assert code == 1
    assert any(line.startswith(f"evidence/{expected}") for line in out.splitlines()), out


# -- the readiness check ------------------------------------------------------------------------


def test_the_demo_shows_one_honest_gap_and_filling_it_makes_it_ready(
    run: Run, tmp_path: Path
) -> None:
    import json

    from test_report_helpers import copy_demo

    ws = copy_demo(tmp_path / "demo")
    code, out, _ = run(ws, "check", "--yearly-report", "--period", "2025-26")
    assert code == 1
    crosses = [line for line in out.splitlines() if line.startswith("✗")]
    assert crosses == [next(line for line in out.splitlines() if "feedback from children" in line)]
    assert "no response or action cites one" in crosses[0]
    code, out, _ = run(ws, "check", "--yearly-report", "--period", "2025-26", "--format", "json")
    data = json.loads(out)
    assert data["ready"] is False
    assert [c["key"] for c in data["checks"] if not c["ok"] and c["required"]] == ["voices"]
    # Reviews notified in the period, or still open from before it (REV-02 was decided).
    assert next(c for c in data["checks"] if c["key"] == "reviews")["notes"] == ["REV-03"]
    (ws / "evidence" / "2025-26" / "2026-06-30-you-said-we-did.md").write_text(
        "---\nkind: response\ndate: 2026-06-30\ntitle: Reply to the Youth Voice Forum\n"
        "responds_to: [REC-02]\nby: Partnership Executive\nevidence: [VOICE-01]\n---\n"
        "The Executive wrote to the forum setting out the three changes made after its survey.\n",
        encoding="utf-8",
    )
    code, out, _ = run(ws, "check", "--yearly-report", "--period", "2025-26")
    assert code == 0, out
    assert not any(line.startswith("✗") for line in out.splitlines())


# -- footprints ------------------------------------------------------------------------------------


def test_each_partnership_answers_for_its_own_footprint(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    import json

    def rec(rid: str, partnership: str) -> str:
        line = f"partnership: [{partnership}]\n" if partnership else ""
        return (
            f"---\nkind: recommendation\nid: {rid}\ndate: 2021-01-12\ntitle: {rid} title\n"
            f"areas: [core-partners]\n{line}---\nThe partners should act on {rid}.\n"
        )

    ws = make_workspace(
        {
            "evidence/shared.md": (
                "---\nkind: activity\ndate: 2021-01-10\ntitle: Joint board of both boroughs\n"
                "areas: [core-partners]\nsource: meeting\n---\nSHARED-EVIDENCE was heard.\n"
            ),
            "evidence/rn.md": rec("REC-N", "north"),
            "evidence/re.md": rec("REC-E", "east"),
            "evidence/rs.md": rec("REC-S", ""),
            "evidence/resp.md": (
                "---\nkind: response\ndate: 2021-02-01\ntitle: East accepts\nresponds_to: [REC-S]\n"
                "status: accepted\npartnership: [east]\n---\nEast accepted it.\n"
            ),
        },
        partnerships={
            "north": "Northfield Safeguarding Children Partnership",
            "east": "Eastvale Safeguarding Children Partnership",
        },
    )
    status = {}
    for p in ("north", "east"):
        code, out, err = run(ws, "recs", "--partnership", p, "--format", "json")
        assert code == 0, err
        status[p] = {r["id"]: r["status"] for r in json.loads(out)}
    assert status["north"] == {"REC-N": "open", "REC-S": "open"}
    assert status["east"] == {"REC-E": "open", "REC-S": "accepted"}
    code, north, _ = run(ws, "report", "--period", "2020-21", "--partnership", "north")
    code, east, _ = run(ws, "report", "--period", "2020-21", "--partnership", "east")
    assert "Northfield Safeguarding Children Partnership's" in north and "REC-N" in north
    assert "REC-E" not in north and "REC-E" in east and "Eastvale" in east
    assert "SHARED-EVIDENCE" in north and "SHARED-EVIDENCE" in east
    code, out, _ = run(
        ws, "coverage", "--period", "2020-21", "--partnership", "east", "--format", "json"
    )
    assert next(r for r in json.loads(out) if r["area"] == "core-partners")["recommendation"] == 2
    code, out, _ = run(ws, "notes", "--all", "--partnership", "north", "--format", "json")
    assert {r["id"] for r in json.loads(out)} == {"shared", "rn", "REC-N", "rs", "REC-S"} & {
        r["id"] for r in json.loads(out)
    }
    assert "REC-E" not in out
    code, _, err = run(ws, "recs", "--partnership", "nort")
    assert code == 2 and "did you mean 'north'" in err


def test_the_report_can_open_with_findings_by_area_and_lens(run: Run, tmp_path: Path) -> None:
    from test_report_helpers import copy_demo, parse_markdown

    ws = copy_demo(tmp_path / "demo")
    code, plain, _ = run(ws, "report", "--period", "2025-26", "--section", "6")
    assert "| Area | Children and families |" not in plain
    settings = ws / "scrutiny.toml"
    settings.write_text(
        settings.read_text().replace(
            "risks_section = 7", "risks_section = 7\njudgement_table = true"
        )
    )
    code, out, err = run(ws, "report", "--period", "2025-26", "--section", "6")
    assert code == 0, err
    rows = {r[0][:4]: r for r in parse_markdown(out).tables[""]}
    assert rows["Area"] == ["Area", "Children and families", "Practitioners", "Leadership"]
    assert rows["6.3."][1:] == ["1 concern", "—", "1 concern"]
    assert rows["6.6."][2] == "1 strength, 1 mixed"
