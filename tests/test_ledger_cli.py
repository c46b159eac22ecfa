"""The ledger through the command line: recs, risks, trace, coverage and respond (SPEC §4, §6).

Expected answers are computed here independently of ``scrutiny.ledger``: the demo notes
are read with PyYAML and folded by the rules of SPEC §4 written out again below. Every
run works on a copy of the demo under ``tmp_path``; nothing is written into the repository.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from scrutiny.cli import app

REPO = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 22)
EARLIER = date(2025, 6, 30)

SIX_STEPS = (
    "core-partners",
    "wider-partners",
    "children-families",
    "quality-assurance",
    "case-reviews",
    "training",
)
REC_KEYS = [
    "id",
    "title",
    "status",
    "areas",
    "for",
    "owner",
    "raised",
    "period",
    "due",
    "overdue",
    "last_response",
    "path",
]
RISK_KEYS = [
    "id",
    "title",
    "status",
    "category",
    "areas",
    "raised",
    "period",
    "monitor_until",
    "last_response",
    "path",
]
REC_OPEN = {"open", "accepted", "in-progress", "implemented"}
REC_LATE = {"open", "accepted", "in-progress"}
RISK_OPEN = {"monitoring", "escalated", "realised"}
#: Written by hand from the demo notes: in progress or open, with a due date that has passed.
OVERDUE_ON_2026_11_22 = ["REC-02", "REC-05", "REC-06"]


# -- helpers ----------------------------------------------------------------------------------


def copy_demo(target: Path) -> Path:
    """A copy of the repository's demo workspace (settings and evidence only)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "scrutiny.toml", target / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", target / "evidence")
    return target


def cli(ws: Path, *args: str, columns: int = 80, stdin: str | None = None) -> Any:
    """Run ``scrutiny -w ws ARGS``; a crash (anything but an exit) fails the test."""
    env: dict[str, str | None] = {
        "COLUMNS": str(columns),
        "LINES": "24",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "SCRUTINY_WORKSPACE": None,
        "SCRUTINY_DATABASE_URL": None,
    }
    result = CliRunner().invoke(app, ["-w", str(ws), *args], input=stdin, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def as_json(result: Any) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def read_notes(ws: Path) -> list[dict[str, Any]]:
    """Every note's front matter, read with PyYAML; ``id`` defaults to the file stem."""
    notes = []
    for path in sorted((ws / "evidence").rglob("*.md")):
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        assert text.startswith("---\n"), path
        front, sep, body = text[4:].partition("\n---\n")
        assert sep, path
        data = yaml.safe_load(front)
        data.setdefault("id", path.stem)
        data["_path"] = path.relative_to(ws).as_posix()
        data["_body"] = body
        notes.append(data)
    return notes


def expected_states(
    notes: list[dict[str, Any]], kind: str, as_of: date
) -> dict[str, dict[str, Any]]:
    """Each ``kind`` item's status and due date as of ``as_of`` by SPEC §4, from the raw notes."""
    initial = {"recommendation": "open", "risk": "monitoring", "action": "planned"}[kind]
    states = {}
    for item in notes:
        if item["kind"] != kind or item["date"] > as_of:
            continue
        responses = sorted(
            (
                n
                for n in notes
                if n["kind"] == "response"
                and item["id"] in as_list(n.get("responds_to"))
                and item["date"] <= n["date"] <= as_of
            ),
            key=lambda n: (n["date"], str(n["id"])),
        )
        status, due = item.get("status") or initial, item.get("due")
        for response in responses:
            if response.get("status"):
                status = response["status"]
            if response.get("due") and kind != "risk":
                due = response["due"]
        overdue = kind != "risk" and status in REC_LATE and due is not None and due < as_of
        states[item["id"]] = {
            "status": status,
            "due": due,
            "overdue": overdue,
            "responses": [r["id"] for r in responses],
        }
    return states


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo copy shared by the read-only tests of this module."""
    return copy_demo(tmp_path_factory.mktemp("demo") / "ws")


@pytest.fixture
def fresh_demo(tmp_path: Path) -> Path:
    """A demo copy of its own, for tests that write notes."""
    return copy_demo(tmp_path / "ws")


@pytest.fixture(scope="module")
def demo_notes(demo: Path) -> list[dict[str, Any]]:
    return read_notes(demo)


# -- recs ---------------------------------------------------------------------------------------


def test_the_demo_is_clean(demo: Path) -> None:
    """The expectations below assume every demo note is valid (nothing is left out)."""
    result = cli(demo, "check", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout) == []


def test_recs_open_as_of_matches_an_independent_fold(
    demo: Path, demo_notes: list[dict[str, Any]]
) -> None:
    rows = as_json(
        cli(demo, "recs", "--status", "open", "--format", "json", "--as-of", "2026-11-22")
    )
    expected = expected_states(demo_notes, "recommendation", AS_OF)
    open_ids = {i for i, s in expected.items() if s["status"] in REC_OPEN}
    assert {r["id"] for r in rows} == open_ids
    assert len(rows) == len(open_ids)
    for row in rows:
        assert row["status"] == expected[row["id"]]["status"]
        assert row["status"] in REC_OPEN
    # The demo exercises more than one open status and at least one closed-off one.
    assert len({r["status"] for r in rows}) >= 3
    assert set(expected) - open_ids


@pytest.mark.parametrize("as_of", [AS_OF, EARLIER, date(2026, 1, 20), date(2025, 12, 31)])
def test_every_rec_status_due_and_overdue_match(
    demo: Path, demo_notes: list[dict[str, Any]], as_of: date
) -> None:
    rows = as_json(cli(demo, "recs", "--format", "json", "--as-of", as_of.isoformat()))
    expected = expected_states(demo_notes, "recommendation", as_of)
    assert [r["id"] for r in rows] == sorted(
        expected, key=lambda i: (next(n["date"] for n in demo_notes if n["id"] == i), i)
    )
    for row in rows:
        want = expected[row["id"]]
        assert row["status"] == want["status"], row["id"]
        assert row["due"] == (want["due"].isoformat() if want["due"] else None), row["id"]
        assert row["overdue"] is want["overdue"], row["id"]


def test_recs_as_of_an_earlier_date_gives_the_earlier_states(
    demo: Path, demo_notes: list[dict[str, Any]]
) -> None:
    early = as_json(cli(demo, "recs", "--format", "json", "--as-of", EARLIER.isoformat()))
    late = as_json(cli(demo, "recs", "--format", "json", "--as-of", AS_OF.isoformat()))
    expected = expected_states(demo_notes, "recommendation", EARLIER)
    assert {r["id"]: r["status"] for r in early} == {i: s["status"] for i, s in expected.items()}
    # Recommendations raised after the as-of date do not exist yet.
    assert all(date.fromisoformat(r["raised"]) <= EARLIER for r in early)
    assert {r["id"] for r in early} < {r["id"] for r in late}
    before = {r["id"]: r["status"] for r in early}
    after = {r["id"]: r["status"] for r in late}
    changed = {i for i in before if before[i] != after[i]}
    assert changed, "no recommendation changed status between the two dates"
    assert before["REC-01"] == "accepted" and after["REC-01"] == "closed"


def test_recs_open_as_of_earlier_date(demo: Path, demo_notes: list[dict[str, Any]]) -> None:
    rows = as_json(
        cli(demo, "recs", "--status", "open", "--format", "json", "--as-of", "2025-06-30")
    )
    expected = expected_states(demo_notes, "recommendation", EARLIER)
    assert {r["id"] for r in rows} == {i for i, s in expected.items() if s["status"] in REC_OPEN}


def test_overdue_recs_are_the_hand_written_list(
    demo: Path, demo_notes: list[dict[str, Any]]
) -> None:
    rows = as_json(cli(demo, "recs", "--overdue", "--as-of", "2026-11-22", "--format", "json"))
    assert [r["id"] for r in rows] == OVERDUE_ON_2026_11_22
    assert all(r["overdue"] is True for r in rows)
    expected = expected_states(demo_notes, "recommendation", AS_OF)
    assert sorted(i for i, s in expected.items() if s["overdue"]) == OVERDUE_ON_2026_11_22


def test_revised_due_date_replaces_the_original(demo: Path) -> None:
    """REC-04 was due 2026-03-31, revised to 2026-12-31: not overdue in November 2026."""
    rows = as_json(cli(demo, "recs", "--format", "json", "--as-of", "2026-11-22"))
    rec04 = next(r for r in rows if r["id"] == "REC-04")
    assert rec04["due"] == "2026-12-31"
    assert rec04["overdue"] is False
    # Before the revision it was overdue on the original date.
    rows = as_json(cli(demo, "recs", "--format", "json", "--as-of", "2026-02-16"))
    rec04 = next(r for r in rows if r["id"] == "REC-04")
    assert (rec04["due"], rec04["overdue"]) == ("2026-03-31", False)
    rows = as_json(cli(demo, "recs", "--format", "json", "--as-of", "2026-02-17"))
    rec04 = next(r for r in rows if r["id"] == "REC-04")
    assert rec04["due"] == "2026-12-31"


def test_recs_json_rows_have_exactly_the_spec_keys(demo: Path) -> None:
    rows = as_json(cli(demo, "recs", "--format", "json", "--as-of", "2026-11-22"))
    assert rows
    for row in rows:
        assert list(row) == REC_KEYS
    rec02 = next(r for r in rows if r["id"] == "REC-02")
    assert rec02["for"] == "partnership"
    assert rec02["period"] == "2024-25"
    assert rec02["raised"] == "2025-03-25"
    assert rec02["last_response"].startswith("2026-05-19")
    assert rec02["path"] == "evidence/2024-25/2025-03-25-rec-02-youth-consultation.md"
    rec03 = next(r for r in rows if r["id"] == "REC-03")
    assert rec03["for"] == "scrutiny"
    assert rec03["last_response"] is None


def test_recs_csv_has_the_same_keys(demo: Path) -> None:
    result = cli(demo, "recs", "--format", "csv", "--as-of", "2026-11-22")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ",".join(REC_KEYS)


def test_risks_match_an_independent_fold(demo: Path, demo_notes: list[dict[str, Any]]) -> None:
    rows = as_json(cli(demo, "risks", "--format", "json", "--as-of", "2026-11-22"))
    expected = expected_states(demo_notes, "risk", AS_OF)
    assert {r["id"]: r["status"] for r in rows} == {i: s["status"] for i, s in expected.items()}
    for row in rows:
        assert list(row) == RISK_KEYS
    open_rows = as_json(
        cli(demo, "risks", "--status", "open", "--format", "json", "--as-of", "2026-11-22")
    )
    assert {r["id"] for r in open_rows} == {
        i for i, s in expected.items() if s["status"] in RISK_OPEN
    }
    assert {r["id"] for r in open_rows} != {r["id"] for r in rows}


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--status", "closed"), ["REC-01"]),
        (("--status", "not-accepted"), ["REC-07"]),
        (("--area", "wider-partners"), ["REC-03", "REC-06", "REC-10"]),
        (("--period", "2025-26"), ["REC-07", "REC-08", "REC-09", "REC-10"]),
        (("--owner", "case review"), ["REC-05"]),
        (("--overdue", "--area", "wider-partners"), ["REC-06"]),
        (("--status", "open", "--period", "2025-26"), ["REC-08", "REC-09", "REC-10"]),
    ],
)
def test_recs_filters(demo: Path, args: tuple[str, ...], ids: list[str]) -> None:
    rows = as_json(cli(demo, "recs", *args, "--format", "json", "--as-of", "2026-11-22"))
    assert [r["id"] for r in rows] == ids


def test_recs_before_anything_was_raised(demo: Path) -> None:
    assert as_json(cli(demo, "recs", "--format", "json", "--as-of", "2020-01-01")) == []
    table = cli(demo, "recs", "--as-of", "2020-01-01")
    assert table.exit_code == 0
    assert "no recommendations match" in table.stdout


def test_risks_filters(demo: Path) -> None:
    rows = as_json(
        cli(demo, "risks", "--category", "operational", "--format", "json", "--as-of", "2026-11-22")
    )
    assert [r["id"] for r in rows] == ["RISK-04", "RISK-05"]
    assert cli(demo, "risks", "--category", "strategy").exit_code == 2
    assert cli(demo, "risks", "--status", "accepted").exit_code == 2


def test_trace_an_action(demo: Path) -> None:
    data = as_json(cli(demo, "trace", "ACT-1.1", "--as-of", "2026-11-22", "--format", "json"))
    assert (data["kind"], data["status"]) == ("action", "completed")
    assert [e["type"] for e in data["events"] if e["type"] != "evidence"] == ["raised", "status"]


def test_recs_unknown_status_is_a_usage_error(demo: Path) -> None:
    result = cli(demo, "recs", "--status", "acepted")
    assert result.exit_code == 2
    assert "did you mean 'accepted'" in result.stderr


def test_recs_bad_as_of_is_a_usage_error(demo: Path) -> None:
    result = cli(demo, "recs", "--as-of", "22/11/2026")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr


# -- trace ----------------------------------------------------------------------------------------


def _positions(text: str, needles: list[str]) -> list[int]:
    positions = [text.find(n) for n in needles]
    assert -1 not in positions, (needles, text)
    return positions


def test_trace_reopened_rec_table(demo: Path) -> None:
    result = cli(demo, "trace", "REC-02", "--as-of", "2026-11-22")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    steps = ["2025-03-25", "2025-05-13", "2025-12-16", "2026-05-19"]
    positions = _positions(out, steps)
    assert positions == sorted(positions)
    assert "reopened" in out
    for word in ("accepted", "implemented", "in-progre"):
        assert word in out


def test_trace_reopened_rec_json(demo: Path) -> None:
    data = as_json(cli(demo, "trace", "REC-02", "--as-of", "2026-11-22", "--format", "json"))
    assert {"id", "kind", "status", "events"} <= set(data)
    assert (data["id"], data["kind"], data["status"]) == ("REC-02", "recommendation", "in-progress")
    events = data["events"]
    for event in events:
        assert {"date", "type", "status", "note", "title"} <= set(event)
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    steps = [(e["date"], e["type"], e["status"]) for e in events if e["type"] != "evidence"]
    assert steps == [
        ("2025-03-25", "raised", "open"),
        ("2025-05-13", "status", "accepted"),
        ("2025-12-16", "status", "implemented"),
        ("2026-05-19", "reopened", "in-progress"),
    ]
    reopened = next(e for e in events if e["type"] == "reopened")
    assert reopened["previous_status"] == "implemented"
    assert reopened["note"] == "2026-05-19-response-rec-02-reopened"
    assert reopened["title"] == "Youth consultation recommendation reopened"


def test_trace_revised_due_date(demo: Path) -> None:
    data = as_json(cli(demo, "trace", "REC-04", "--as-of", "2026-11-22", "--format", "json"))
    events = data["events"]
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    moved = [e for e in events if e.get("due") != e.get("previous_due") and e["type"] != "raised"]
    moved = [e for e in moved if e["previous_due"] is not None]
    assert len(moved) == 1
    assert moved[0]["previous_due"] == "2026-03-31"
    assert moved[0]["due"] == "2026-12-31"
    assert moved[0]["date"] == "2026-02-17"
    assert data["due"] == "2026-12-31"
    table = cli(demo, "trace", "REC-04", "--as-of", "2026-11-22", columns=120).stdout
    positions = _positions(table, ["2025-06-03", "2025-10-14", "2026-02-17"])
    assert positions == sorted(positions)
    assert "2026-03-31 → 2026-12-31" in table


def test_trace_as_of_hides_later_steps(demo: Path) -> None:
    data = as_json(cli(demo, "trace", "REC-02", "--as-of", "2025-12-31", "--format", "json"))
    assert data["status"] == "implemented"
    assert all(e["date"] <= "2025-12-31" for e in data["events"])
    assert not any(e["type"] == "reopened" for e in data["events"])


def test_trace_unknown_id(demo: Path) -> None:
    result = cli(demo, "trace", "NOPE")
    assert result.exit_code == 1
    assert "'NOPE'" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    near = cli(demo, "trace", "REC-2")
    assert near.exit_code == 1
    assert "did you mean 'REC-02'" in near.stderr
    assert "Traceback" not in near.stdout + near.stderr


def test_trace_of_a_note_that_is_not_tracked(demo: Path) -> None:
    result = cli(demo, "trace", "2025-03-04-youth-voice-not-reaching-strategy")
    assert result.exit_code == 1
    assert "finding" in result.stderr


def test_trace_before_it_was_raised(demo: Path) -> None:
    result = cli(demo, "trace", "REC-10", "--as-of", "2025-01-01")
    assert result.exit_code == 1
    assert "2026-07-28" in result.stderr


# -- respond --------------------------------------------------------------------------------------


def evidence_files(ws: Path) -> list[Path]:
    return sorted((ws / "evidence").rglob("*.md"))


def test_a_hand_written_response_moves_the_ledger(fresh_demo: Path) -> None:
    """The response `respond` would write, written by hand: the ledger follows it."""
    (fresh_demo / "evidence" / "2025-26" / "2026-11-01-rec-03-accepted.md").write_text(
        "---\nkind: response\ndate: 2026-11-01\ntitle: 'REC-03: accepted'\n"
        "responds_to: [REC-03]\nstatus: accepted\nby: Executive\n---\nAgreed.\n"
    )
    assert cli(fresh_demo, "check").exit_code == 0
    rows = as_json(cli(fresh_demo, "recs", "--format", "json", "--as-of", "2026-11-22"))
    rec03 = next(r for r in rows if r["id"] == "REC-03")
    assert rec03["status"] == "accepted"
    assert rec03["last_response"] == "2026-11-01 2026-11-01-rec-03-accepted"
    rows = as_json(cli(fresh_demo, "recs", "--format", "json", "--as-of", "2026-10-31"))
    assert next(r for r in rows if r["id"] == "REC-03")["status"] == "open"


def test_respond_writes_a_response_and_the_ledger_follows(fresh_demo: Path) -> None:
    before = {p for p in (fresh_demo / "evidence").rglob("*.md")}
    result = cli(
        fresh_demo,
        "respond",
        "REC-03",
        "--status",
        "accepted",
        "--date",
        "2026-11-01",
        "--by",
        "Executive",
        "--body",
        "Agreed.",
    )
    assert result.exit_code == 0, result.stderr
    written = result.stdout.strip()
    path = fresh_demo / written
    assert path.is_file()
    assert {p for p in (fresh_demo / "evidence").rglob("*.md")} == before | {path}
    assert written.startswith("evidence/2026-27/")
    front = read_notes(fresh_demo)
    note = next(n for n in front if n["_path"] == written)
    assert note["kind"] == "response"
    assert note["responds_to"] == ["REC-03"]
    assert note["status"] == "accepted"
    assert note["by"] == "Executive"
    assert note["date"] == date(2026, 11, 1)
    assert "Agreed." in note["_body"]

    rows = as_json(cli(fresh_demo, "recs", "--format", "json", "--as-of", "2026-11-22"))
    rec03 = next(r for r in rows if r["id"] == "REC-03")
    assert rec03["status"] == "accepted"
    assert rec03["last_response"].startswith("2026-11-01")
    # The day before the response it was still open.
    rows = as_json(cli(fresh_demo, "recs", "--format", "json", "--as-of", "2026-10-31"))
    assert next(r for r in rows if r["id"] == "REC-03")["status"] == "open"

    check = cli(fresh_demo, "check", "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout) == []
    strict = cli(fresh_demo, "check", "--strict", "--format", "json")
    assert [p for p in json.loads(strict.stdout) if p["path"] == written] == []


def test_respond_with_a_revised_due_date_and_reason(fresh_demo: Path) -> None:
    result = cli(
        fresh_demo,
        "respond",
        "REC-06",
        "--status",
        "in-progress",
        "--date",
        "2026-11-02",
        "--due",
        "2027-03-31",
        "--body",
        "Delayed by the restructure.",
    )
    assert result.exit_code == 0, result.stderr
    rows = as_json(cli(fresh_demo, "recs", "--format", "json", "--as-of", "2026-11-22"))
    rec06 = next(r for r in rows if r["id"] == "REC-06")
    assert (rec06["status"], rec06["due"], rec06["overdue"]) == ("in-progress", "2027-03-31", False)
    assert cli(fresh_demo, "check").exit_code == 0


def test_respond_refuses_a_status_of_another_kind(fresh_demo: Path) -> None:
    before = evidence_files(fresh_demo)
    result = cli(fresh_demo, "respond", "REC-03", "--status", "mitigated")
    assert result.exit_code == 2
    for status in ("open", "accepted", "in-progress", "implemented", "closed", "not-accepted"):
        assert f"'{status}'" in result.stderr
    assert "'mitigated'" in result.stderr
    assert evidence_files(fresh_demo) == before


def test_respond_to_an_unknown_id(fresh_demo: Path) -> None:
    before = evidence_files(fresh_demo)
    result = cli(fresh_demo, "respond", "REC-99", "--status", "accepted")
    assert result.exit_code == 1
    assert "did you mean 'REC-0" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert evidence_files(fresh_demo) == before


def test_respond_due_without_body_is_refused(fresh_demo: Path) -> None:
    before = evidence_files(fresh_demo)
    result = cli(fresh_demo, "respond", "REC-03", "--due", "2027-01-01")
    assert result.exit_code != 0
    assert "--body" in result.stderr
    assert evidence_files(fresh_demo) == before


def test_respond_dated_before_the_recommendation_is_refused(fresh_demo: Path) -> None:
    before = evidence_files(fresh_demo)
    result = cli(fresh_demo, "respond", "REC-10", "--status", "accepted", "--date", "2026-01-01")
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert "before 'REC-10'" in result.stderr
    assert evidence_files(fresh_demo) == before


def test_respond_to_a_risk(fresh_demo: Path) -> None:
    result = cli(fresh_demo, "respond", "RISK-02", "--status", "closed", "--date", "2026-11-03")
    assert result.exit_code == 0, result.stderr
    rows = as_json(cli(fresh_demo, "risks", "--format", "json", "--as-of", "2026-11-22"))
    assert next(r for r in rows if r["id"] == "RISK-02")["status"] == "closed"
    assert cli(fresh_demo, "check").exit_code == 0


# -- coverage -------------------------------------------------------------------------------------


def expected_coverage(notes: list[dict[str, Any]], start: date, end: date) -> dict[str, Counter]:
    counts: dict[str, Counter] = {
        kind: Counter() for kind in ("activity", "finding", "recommendation", "risk")
    }
    for note in notes:
        if note.get("confidentiality") == "restricted":
            continue  # coverage counts what the report may print (the visibility policy)
        if note["kind"] in counts and start <= note["date"] <= end:
            counts[note["kind"]].update(dict.fromkeys(as_list(note.get("areas")), 1))
    return counts


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2025-26", date(2025, 10, 1), date(2026, 9, 30)),
        ("2024-25", date(2024, 10, 1), date(2025, 9, 30)),
    ],
)
def test_coverage_counts_match_an_independent_count(
    demo: Path, demo_notes: list[dict[str, Any]], label: str, start: date, end: date
) -> None:
    rows = as_json(cli(demo, "coverage", "--period", label, "--format", "json"))
    assert [r["area"] for r in rows] == list(SIX_STEPS)
    counts = expected_coverage(demo_notes, start, end)
    for row in rows:
        area = row["area"]
        for kind in ("activity", "finding", "recommendation", "risk"):
            assert row[kind] == counts[kind][area], (area, kind)
        assert row["gap"] is (counts["activity"][area] == 0)
        sources = sum(v for k, v in row.items() if k.startswith("source_"))
        assert sources == row["activity"]
    assert sum(r["activity"] for r in rows) > 0


GAP_MARK = re.compile(r"\(gap\)|\bGAP\b")


def gap_workspace(root: Path) -> Path:
    """Activity in core-partners and training only; a finding (not activity) in wider-partners."""
    (root / "evidence").mkdir(parents=True)
    (root / "scrutiny.toml").write_text('name = "Gap Partnership"\nframework = "six-steps"\n')
    (root / "evidence" / "board.md").write_text(
        "---\nkind: activity\ndate: 2021-01-10\ntitle: Attended the board\n"
        "areas: [core-partners, training]\nsource: meeting\n---\nAttended.\n"
    )
    (root / "evidence" / "finding.md").write_text(
        "---\nkind: finding\ndate: 2021-01-11\ntitle: Schools are absent\n"
        "areas: [wider-partners]\n---\nA finding, but no activity.\n"
    )
    return root


def test_coverage_marks_gaps(tmp_path: Path) -> None:
    ws = gap_workspace(tmp_path / "gaps")
    rows = as_json(cli(ws, "coverage", "--format", "json"))
    assert [r["area"] for r in rows] == list(SIX_STEPS)
    gaps = set(SIX_STEPS) - {"core-partners", "training"}
    assert {r["area"] for r in rows if r["gap"]} == gaps
    wider = next(r for r in rows if r["area"] == "wider-partners")
    assert (wider["finding"], wider["activity"], wider["gap"]) == (1, 0, True)
    table = cli(ws, "coverage")
    assert table.exit_code == 0
    assert GAP_MARK.search(table.stdout)
    lines = table.stdout.splitlines()
    for area in SIX_STEPS:
        line = next(line for line in lines if line.lstrip().startswith(area[:12]))
        # Every gap row carries the mark (the full word, not cut by an ellipsis); no other row does.
        assert bool(GAP_MARK.search(line)) is (area in gaps), line


def test_coverage_table_keeps_every_count_at_80_columns(demo: Path) -> None:
    out = cli(demo, "coverage", "--period", "2025-26", columns=80).stdout
    header = next(line for line in out.splitlines() if "Area" in line)
    for word in ("Act", "Find", "Rec", "Risk"):
        assert word in header, header
    row = next(line for line in out.splitlines() if line.strip().startswith("core-partners"))
    # core-partners in 2025-26: 4 activities, 1 finding, 2 recommendations, 0 risks.
    assert row.split()[1:5] == ["4", "1", "2", "0"], row


def test_coverage_table_wide_terminal_shows_every_count(demo: Path) -> None:
    out = cli(demo, "coverage", "--period", "2025-26", columns=120).stdout
    header = next(line for line in out.splitlines() if "Area" in line)
    for word in ("Act", "Find", "Rec", "Risk"):
        assert word in header, header
    row = next(line for line in out.splitlines() if line.strip().startswith("core-partners"))
    assert row.split()[1:5] == ["4", "1", "2", "0"], row


# -- tables fit 80 columns ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("recs", "--as-of", "2026-11-22"),
        ("recs", "--as-of", "2025-06-30"),
        ("risks", "--as-of", "2026-11-22"),
        ("trace", "REC-02", "--as-of", "2026-11-22"),
        ("trace", "REC-04", "--as-of", "2026-11-22"),
        pytest.param(("coverage",), marks=[]),
        pytest.param(("coverage", "--period", "2024-25"), marks=[]),
        ("notes", "--all"),
        ("notes", "--search", "home education"),
    ],
    ids=lambda a: " ".join(a),
)
def test_tables_fit_80_columns(demo: Path, args: tuple[str, ...]) -> None:
    result = cli(demo, *args, columns=80)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > 3
    too_long = [line for line in lines if len(line) > 80]
    assert not too_long, too_long
