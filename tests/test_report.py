"""Acceptance tests for ``scrutiny report``: structure of sections 6 and 7 for both demo periods."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from test_report_helpers import REPO, collapse, copy_demo, demo_notes, parse_markdown
from typer.testing import CliRunner

from scrutiny.cli import app
from scrutiny.report.wording import activity_sentence, join_list

OPEN = {"open", "accepted", "in-progress", "implemented"}
PERIODS = {"2024-25": dt.date(2024, 10, 1), "2025-26": dt.date(2025, 10, 1)}


def invoke(ws: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-w", str(ws), "report", *args], env={"NO_COLOR": "1"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


def area_titles() -> list[tuple[str, str]]:
    data = yaml.safe_load((REPO / "frameworks" / "six-steps.yaml").read_text(encoding="utf-8"))
    return [(a["id"], a["title"]) for a in data["areas"]]


def in_period(note: dict, start: dt.date) -> bool:
    return start <= note["date"] < start.replace(year=start.year + 1)


OPEN_RISK = {"monitoring", "escalated", "realised"}


def status_at(notes: list[dict], item: dict, day: dt.date) -> str:
    """An item's status on ``day``, from the raw front matter of its responses."""
    responses = sorted(
        (r["date"], r["id"], r["status"])
        for r in notes
        if r["kind"] == "response"
        and item["id"] in r["responds_to"]
        and r.get("status")
        and r["date"] <= day
        and r.get("confidentiality") != "restricted"
    )
    return responses[-1][2] if responses else ("open" if item["kind"] != "risk" else "monitoring")


def expected_progress(notes: list[dict], start: dt.date, kind: str = "recommendation") -> list[str]:
    """Items carried into the period (open the day before it began), then those raised in it
    and no longer open at its end, in the order raised."""
    still_open = OPEN if kind == "recommendation" else OPEN_RISK
    end = start.replace(year=start.year + 1) - dt.timedelta(days=1)
    before = start - dt.timedelta(days=1)
    rows = []
    for item in notes:
        if item["kind"] != kind or item.get("confidentiality") == "restricted":
            continue
        carried = item["date"] < start and status_at(notes, item, before) in still_open
        ended = in_period(item, start) and status_at(notes, item, end) not in still_open
        if carried or ended:
            rows.append(item)
    return [i["id"] for i in sorted(rows, key=lambda i: (i["date"], i["id"]))]


def expected_carried(notes: list[dict], start: dt.date) -> list[str]:
    """Recommendations raised before ``start`` whose latest status before it leaves them open."""
    before = start - dt.timedelta(days=1)
    return [
        n["id"]
        for n in sorted(notes, key=lambda n: (n["date"], n["id"]))
        if n["kind"] == "recommendation"
        and n["date"] < start
        and n.get("confidentiality") != "restricted"
        and status_at(notes, n, before) in OPEN
    ]


@pytest.mark.parametrize("label", list(PERIODS))
def test_markdown_structure_matches_the_notes(demo: Path, label: str) -> None:
    start = PERIODS[label]
    end = start.replace(year=start.year + 1) - dt.timedelta(days=1)
    code, out, err = invoke(demo, "--period", label)
    assert code == 0, err
    doc = parse_markdown(out)
    notes = demo_notes(demo)
    titles = dict(area_titles())
    heading_of = {aid: f"6.{i}. {t}" for i, (aid, t) in enumerate(area_titles(), start=1)}

    # Headings: section 6 then 7, areas in framework order, then progress.
    assert doc.h1[0] == (
        "6. Independent scrutiny of Northfield Safeguarding Children Partnership's "
        "multi-agency safeguarding arrangements"
    )
    section6 = [h for h in doc.h2 if h.startswith("6.")]
    assert section6 == [
        *heading_of.values(),
        f"6.{len(titles) + 1}. Progress on previous recommendations",
    ]

    # Every public recommendation raised in the period is printed in full, with its id,
    # under the first area it names and referred to under the others.
    public = [n for n in notes if n.get("confidentiality") != "restricted"]
    recs = [n for n in public if n["kind"] == "recommendation" and in_period(n, start)]
    assert recs
    for rec in recs:
        audience = rec.get("for", "partnership")
        areas = rec["areas"]
        for n, area in enumerate(areas):
            parts = [h3 for (h2, h3) in doc.bullets if h2 == heading_of[area]]
            wanted = [
                p for p in parts if p.endswith("for ongoing scrutiny") == (audience == "scrutiny")
            ]
            bullets = [b for p in wanted for b in doc.bullets[(heading_of[area], p)]]
            if n == 0:
                full = f"**{rec['id']}:** {collapse(rec['_body'])}"
                assert any(b.startswith(full) for b in bullets), (rec["id"], area)
            else:
                first = heading_of[areas[0]].split(" ")[0].rstrip(".")
                pointer = f"**{rec['id']}:** {rec['title']} (see {first})."
                assert pointer in bullets, (rec["id"], area)

    # Risks: those still open at the period's end; strategic ones as 7.x subsections,
    # operational ones under Operational activity; then the outcomes table.
    next_start = start.replace(year=start.year + 1)
    assert doc.h1[1] == (
        "7. Potential risks that independent scrutiny will monitor during the period "
        f"October {next_start.year} to September {next_start.year + 1}"
    )
    risks = [
        n
        for n in public
        if n["kind"] == "risk" and in_period(n, start) and status_at(notes, n, end) in OPEN_RISK
    ]
    strategic = [r["title"] for r in risks if r["category"] == "strategic"]
    operational = [r["title"] for r in risks if r["category"] == "operational"]
    outcomes = expected_progress(notes, start, "risk")
    section7 = [h for h in doc.h2 if h.startswith("7.")]
    operational_heading = f"7.{len(strategic) + 1}. Operational activity"
    assert section7 == [
        *(f"7.{i}. {t}" for i, t in enumerate(strategic, start=1)),
        operational_heading,
        *(
            [f"7.{len(strategic) + 2}. Progress on risks monitored during the period"]
            if outcomes
            else []
        ),
    ]
    op_bullets = doc.bullets.get((operational_heading, ""), [])
    assert [b.split(":")[0] for b in op_bullets] == operational
    if outcomes:
        assert [r[0] for r in doc.tables[section7[-1]][1:]] == outcomes

    # The progress table lists the recommendations still open at the start, and those
    # made in the period that had ended by its close.
    progress = section6[-1]
    rows = doc.tables.get(progress, [])[1:]
    assert [r[0] for r in rows] == expected_progress(notes, start)


def test_carried_forward_table_shows_status_at_period_end(demo: Path) -> None:
    code, out, _ = invoke(demo, "--period", "2025-26")
    assert code == 0
    rows = {
        r[0]: r for r in parse_markdown(out).tables["6.7. Progress on previous recommendations"]
    }
    assert rows["ID"] == ["ID", "Recommendation", "Status", "Latest response"]
    assert rows["REC-01"][2] == "Closed"
    assert rows["REC-01"][3].startswith(
        "21 April 2026, Partnership Executive: The Executive agreed"
    )
    assert rows["REC-03"][2:] == ["Open", "No response recorded"]


def test_draft_cites_notes_and_flags_empty_areas(make_workspace, minimal_notes) -> None:
    ws = make_workspace(
        {
            "evidence/a.md": minimal_notes["activity"],
            "evidence/r.md": minimal_notes["recommendation"],
        }
    )
    code, out, _ = invoke(ws, "--period", "2020-21", "--draft", "--section", "6")
    assert code == 0
    assert "attended one meeting relating to this area. [^a]" in out
    assert "[^REC-01]" in out
    assert "[^REC-01]: evidence/r.md" in out
    assert out.count("No evidence recorded for this area in the period.") == 5
    code, clean, _ = invoke(ws, "--period", "2020-21", "--section", "6")
    assert code == 0
    assert "[^" not in clean and "evidence/" not in clean and "No evidence" not in clean


def test_section_option_limits_output(demo: Path) -> None:
    _, only6, _ = invoke(demo, "--period", "2024-25", "--section", "6")
    _, only7, _ = invoke(demo, "--period", "2024-25", "--section", "7")
    assert parse_markdown(only6).h1[0].startswith("6. ") and len(parse_markdown(only6).h1) == 1
    assert parse_markdown(only7).h1 == [parse_markdown(only7).h1[0]]
    assert only7.startswith("# 7. Potential risks")


def test_section_numbers_come_from_settings(demo: Path) -> None:
    toml = (demo / "scrutiny.toml").read_text(encoding="utf-8")
    toml = toml.replace("commentary_section = 6", "commentary_section = 4").replace(
        "risks_section = 7", "risks_section = 5"
    )
    (demo / "scrutiny.toml").write_text(toml, encoding="utf-8")
    _, out, _ = invoke(demo, "--period", "2024-25")
    doc = parse_markdown(out)
    assert doc.h1[0].startswith("4. Independent scrutiny of")
    assert doc.h1[1].startswith("5. Potential risks")
    assert doc.h2[0].startswith("4.1. ")


def test_default_period_is_the_newest(demo: Path) -> None:
    _, out, _ = invoke(demo)
    assert "between October 2025 and September 2026" in out


def test_workspace_template_overrides_wording(demo: Path) -> None:
    package = REPO / "scrutiny" / "report" / "templates" / "wording.j2"
    text = package.read_text(encoding="utf-8").replace(
        "Scrutiny activity{% endmacro %}", "What scrutiny did{% endmacro %}"
    )
    (demo / "templates").mkdir()
    (demo / "templates" / "wording.j2").write_text(text, encoding="utf-8")
    _, out, _ = invoke(demo, "--period", "2024-25")
    assert "### What scrutiny did" in out
    assert "### Scrutiny activity" not in out


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"meeting": 1}, "attended one meeting"),
        ({"meeting": 2}, "attended two meetings"),
        ({"meeting": 9, "document": 1}, "attended nine meetings and reviewed one document"),
        ({"meeting": 10, "document": 12}, "attended 10 meetings and reviewed 12 documents"),
        (
            {"discussion": 3, "meeting": 9, "document": 4},
            "attended nine meetings, reviewed four documents and held three discussions",
        ),
        ({"training": 1, "data": 2}, "observed one training session and examined two data sets"),
        ({"other": 1}, "undertook one other activity"),
        ({"other": 2, "visit": 1}, "made one visit and undertook two other activities"),
        ({"review": 1, "audit": 2}, "took part in two audits and contributed to one case review"),
    ],
)
def test_activity_sentence(counts: dict[str, int], expected: str) -> None:
    sentence = activity_sentence(counts, "October 2020", "September 2021")
    assert sentence == (
        f"Between October 2020 and September 2021 the scrutineers {expected} relating to this area."
    )


def test_join_list() -> None:
    assert join_list([]) == ""
    assert join_list(["a"]) == "a"
    assert join_list(["a", "b"]) == "a and b"
    assert join_list(["a", "b", "c"]) == "a, b and c"


def test_html_is_standalone_and_printable(demo: Path) -> None:
    code, out, _ = invoke(demo, "--period", "2025-26", "--format", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")
    assert "<style>" in out and "@media print" in out
    assert "<h1>6. Independent scrutiny of Northfield" in out
    assert "<table>" in out and "<th>Latest response</th>" in out
    assert "<link" not in out and "<script" not in out
    assert 'class="src"' not in out
    _, draft, _ = invoke(demo, "--period", "2025-26", "--format", "html", "--draft")
    assert 'class="src"' in draft and 'title="REC-07"' in draft


def test_docx_needs_an_output_file(demo: Path) -> None:
    code, _, err = invoke(demo, "--format", "docx")
    assert code == 2
    assert "-o" in err


def test_writes_file_atomically_and_quietly(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.md"
    code, out, _ = invoke(demo, "--period", "2024-25", "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("# 6. ")
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]
