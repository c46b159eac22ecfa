"""``scrutiny import-plan``: a business plan's table (CSV or Excel) becomes action notes.

The fixtures under ``tests/fixtures/plan/`` transcribe the Havering business plan 2020-23
(seeds), with its repeated header rows, continuation rows and objective headings; the
published progress column is empty, so a few progress updates and timescales were added
to exercise the messy cases.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from scrutiny import plan
from scrutiny.corpus import load
from scrutiny.workspace import Workspace

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plan"
CSV = FIXTURES / "business-plan-2020-23.csv"
XLSX = FIXTURES / "business-plan-2020-23.xlsx"

Run = Callable[..., tuple[int, str, str]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08/04/2021", (dt.date(2021, 4, 8), True)),  # day first, as in the UK
        ("2/11/20", (dt.date(2020, 11, 2), True)),
        ("2021-06-30", (dt.date(2021, 6, 30), True)),
        ("31st March 2022", (dt.date(2022, 3, 31), True)),
        ("March 2022", (dt.date(2022, 3, 31), False)),
        ("End of March 2022", (dt.date(2022, 3, 31), False)),
        ("Sept 2021", (dt.date(2021, 9, 30), False)),
        ("Spring 2021", (dt.date(2021, 5, 31), False)),
        ("Winter 2021", (dt.date(2022, 2, 28), False)),
        ("Summer term 2021", (dt.date(2021, 7, 31), False)),
        ("End of Q2 2021/22", (dt.date(2021, 9, 30), False)),
        ("Q4 2020/21", (dt.date(2021, 3, 31), False)),
        ("Q1 2021", (dt.date(2021, 3, 31), False)),
        ("2021/22", (dt.date(2022, 3, 31), False)),
        ("Ongoing", (None, False)),
        ("TBC", (None, False)),
        ("Completed", (None, False)),
        ("New process implemented", (None, False)),
        ("31/02/2021", (None, True)),  # no such day: no date, rather than a wrong one
        ("", (None, False)),
    ],
)
def test_by_when_cells_are_read_as_dates_where_they_can_be(
    text: str, expected: tuple[dt.date | None, bool]
) -> None:
    assert plan.parse_when(text) == expected


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Completed", "completed"),
        ("Completed. Audit report presented in April 2021.", "completed"),
        ("New process implemented", "completed"),
        ("Delivered in Safeguarding Week", "completed"),
        ("Strategy drafted; toolkit to be completed in the summer.", "in-progress"),
        ("Not yet completed", "in-progress"),
        ("Ongoing", "in-progress"),
        ("Not yet started: waiting for the audit", "planned"),
        ("TBC", "planned"),
        ("Dropped: superseded by the recovery plan", "dropped"),
        ("", None),
    ],
)
def test_status_is_inferred_from_progress_text(text: str, status: str | None) -> None:
    assert plan.infer_status(text) == status


def test_title_is_the_first_sentence_on_one_line() -> None:
    assert plan.title_of("Do this. Then that.") == "Do this"
    long = "Develop " + "a very long action " * 20
    title = plan.title_of(long)
    assert len(title) <= 101 and title.endswith("…") and "\n" not in title
    assert plan.title_of("Consider a programme (e.g. the one at x.org/y) now.") == (
        "Consider a programme (e.g. the one at x.org/y) now"
    )


# -- reading the table ---------------------------------------------------------------------------


def by_number(rows: plan.PlanRows) -> dict[str, plan.PlanAction]:
    return {a.number: a for a in rows.actions}


def test_the_csv_table_is_read_with_its_messy_rows() -> None:
    rows = plan.read_plan(CSV)
    actions = by_number(rows)
    assert len(actions) == 42 and rows.skipped == []
    assert list(actions)[:3] == ["1.1", "1.2", "1.3"] and "4.10" in actions
    # An action's text runs on past a repeated header into a row with no number.
    assert actions["1.7"].action.endswith(
        "below the threshold for perinatal mental health services."
    )
    assert actions["4.4"].owner.endswith("Havering Schools and multi-agency partners")
    # The objective heading names the objective; its statement runs on into a later row.
    assert actions["2.3"].objective.startswith("Objective 2: Maximise direct professional access")
    assert actions["2.1"].objective.endswith("to indicators of persistent neglect.")
    assert (
        actions["6.6"].objective
        == "Objective 6: Improve the recognition, and response to, sexual abuse."
    )
    assert actions["5.4"].owner == ""
    assert "<i>" not in actions["1.1"].action


def test_the_xlsx_table_reads_the_same_as_the_csv() -> None:
    from_csv = plan.read_plan(CSV)
    from_xlsx = plan.read_plan(XLSX)  # a cover sheet first, numbers as numbers, real dates
    assert [a.number for a in from_xlsx.actions] == [a.number for a in from_csv.actions]
    for a, b in zip(from_csv.actions, from_xlsx.actions, strict=True):
        assert (a.action, a.owner, a.progress, a.objective) == (
            b.action,
            b.owner,
            b.progress,
            b.objective,
        )
    assert by_number(from_xlsx)["3.6"].when_date == dt.date(2021, 4, 8)


def test_a_table_without_a_header_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "plan.csv"
    bad.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(plan.PlanError, match="no header row"):
        plan.read_plan(bad)
    with pytest.raises(plan.PlanError, match=r"\.csv or \.xlsx"):
        plan.read_plan(tmp_path / "plan.docx")


def test_a_windows_csv_with_semicolons_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(
        "No.;Action;By Whom;By When\n1.1;Review the children’s pathway.;Ann;TBC\n".encode("cp1252")
    )
    (action,) = plan.read_plan(path).actions
    assert action.action == "Review the children’s pathway." and action.when == "TBC"


def test_bad_and_repeated_numbers_are_skipped_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "No.,Action\n1.1,First.\n1.1,Again.\n(a),Odd.\n1.2,\n",
        encoding="utf-8",
    )
    rows = plan.read_plan(path)
    assert [a.number for a in rows.actions] == ["1.1"]
    reasons = " | ".join(f"{w}: {r}" for w, r in rows.skipped)
    assert "ACT-1.1: row 3: number also on row 2" in reasons
    assert "cannot be part of an id" in reasons
    assert "ACT-1.2: row 5: no action text" in reasons


# -- importing -----------------------------------------------------------------------------------


def notes_of(ws: Path) -> dict[str, object]:
    corpus = load(Workspace.open(ws))
    assert corpus.errors == []
    return dict(corpus.by_id)


@pytest.mark.parametrize("source", [CSV, XLSX], ids=["csv", "xlsx"])
def test_import_creates_one_action_note_per_action(
    make_workspace: Callable[..., Path], run: Run, source: Path
) -> None:
    ws = make_workspace()
    code, out, err = run(ws, "import-plan", str(source), "--date", "2021-04-01")
    assert code == 0, err
    assert out.strip().endswith("42 created, 0 updated, 0 skipped")
    assert "created  ACT-3.6" in out
    by_id = notes_of(ws)
    assert len(by_id) == 42
    act = by_id["ACT-3.6"]
    assert act.kind == "action" and act.number == "3.6"  # type: ignore[attr-defined]
    assert act.due == dt.date(2021, 4, 8)  # type: ignore[attr-defined]
    assert act.title.startswith("Partnership to clarify what arrangements are in place")
    assert act.owner.startswith("Jane Carroll, Pippa Ward (NELFT)")  # type: ignore[attr-defined]
    assert act.objective.startswith("Objective 3: Understand how effectively")  # type: ignore[attr-defined]
    tbc = by_id["ACT-2.5"]
    assert tbc.due is None  # type: ignore[attr-defined]
    assert "By when (as written in the plan): TBC" in tbc.body
    spring = by_id["ACT-2.4"]
    assert spring.due == dt.date(2021, 5, 31)  # type: ignore[attr-defined]
    assert "Spring 2021" in spring.body and "## Progress update" in spring.body
    code, out, _ = run(ws, "check")
    assert code == 0, out


def test_import_infers_each_actions_status(make_workspace: Callable[..., Path], run: Run) -> None:
    ws = make_workspace()
    run(ws, "import-plan", str(CSV), "--date", "2021-04-01")
    code, _, _ = run(
        ws, "export", "actions", "-o", str(ws.parent / "t.csv"), "--as-of", "2021-04-01"
    )
    assert code == 0
    rows = {r["ID"]: r for r in csv.DictReader((ws.parent / "t.csv").open(encoding="utf-8-sig"))}
    assert rows["ACT-4.1"]["Status"] == "completed"  # By When: "Completed"
    assert rows["ACT-4.2"]["Status"] == "completed"  # "New process implemented"
    assert rows["ACT-1.2"]["Status"] == "completed"  # progress: "Completed. ..."
    assert rows["ACT-5.4"]["Status"] == "dropped"
    assert rows["ACT-1.3"]["Status"] == "planned"  # "Not yet started"
    assert rows["ACT-2.1"]["Status"] == "in-progress"  # "Ongoing"
    assert rows["ACT-2.5"]["Status"] == "planned"  # "TBC"


def test_reimporting_the_same_plan_changes_nothing(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    ws = make_workspace()
    run(ws, "import-plan", str(CSV), "--date", "2021-04-01")
    before = {p: p.read_bytes() for p in ws.rglob("*.md")}
    for source in (CSV, XLSX):
        code, out, _ = run(ws, "import-plan", str(source), "--date", "2021-06-01")
        assert code == 0
        assert out.strip().endswith("0 created, 0 updated, 42 skipped"), out
        assert "skipped  ACT-1.1    unchanged since the last import" in out
    assert {p: p.read_bytes() for p in ws.rglob("*.md")} == before


def _changed_plan(tmp_path: Path) -> Path:
    rows = list(csv.reader(CSV.open(encoding="utf-8", newline="")))
    for row in rows:
        if row[1] == "1.1":
            row[5] = "Completed: the pathway went live in June 2021."
        if row[1] == "2.5":
            row[4] = "End of Q2 2021/22"
        if row[1] == "6.6":
            row[5] = "Principles drafted with the supervision leads."
    path = tmp_path / "plan-june.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_changed_progress_becomes_a_dated_response(
    make_workspace: Callable[..., Path], run: Run, tmp_path: Path
) -> None:
    ws = make_workspace()
    run(ws, "import-plan", str(CSV), "--date", "2021-04-01")
    originals = {p: p.read_bytes() for p in ws.rglob("*.md")}
    code, out, _ = run(ws, "import-plan", str(_changed_plan(tmp_path)), "--date", "2021-07-01")
    assert code == 0
    assert out.strip().endswith("0 created, 3 updated, 39 skipped"), out
    assert "updated  ACT-1.1    respond: progress; status completed" in out
    assert "updated  ACT-2.5    respond: due none → 2021-09-30" in out
    # The notes already written are untouched; the changes are new response notes.
    assert all(p.read_bytes() == data for p, data in originals.items())
    trace = json.loads(run(ws, "trace", "ACT-1.1", "--format", "json", "--as-of", "2021-07-01")[1])
    assert trace["status"] == "completed"
    assert trace["events"][-1]["date"] == "2021-07-01"
    trace = json.loads(run(ws, "trace", "ACT-2.5", "--format", "json", "--as-of", "2021-07-01")[1])
    assert trace["due"] == "2021-09-30" and trace["status"] == "planned"
    trace = json.loads(run(ws, "trace", "ACT-6.6", "--format", "json", "--as-of", "2021-07-01")[1])
    assert trace["status"] == "in-progress"
    assert run(ws, "check")[0] == 0
    # And the changed plan imported again is now unchanged.
    out = run(ws, "import-plan", str(_changed_plan(tmp_path)), "--date", "2021-08-01")[1]
    assert out.strip().endswith("0 created, 0 updated, 42 skipped")


def test_dry_run_writes_nothing(make_workspace: Callable[..., Path], run: Run) -> None:
    ws = make_workspace()
    code, out, _ = run(ws, "import-plan", str(XLSX), "--dry-run", "--date", "2021-04-01")
    assert code == 0
    assert "would be created  ACT-1.1" in out
    assert "dry run, nothing written: 42 created" in out
    assert list(ws.rglob("*.md")) == []


def test_an_id_taken_by_another_kind_is_skipped(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    ws = make_workspace(
        {
            "evidence/mine.md": """\
            ---
            kind: recommendation
            id: ACT-1.1
            date: 2021-01-12
            title: A recommendation someone numbered oddly
            areas: [core-partners]
            ---
            Text.
            """
        }
    )
    code, out, _ = run(ws, "import-plan", str(CSV), "--date", "2021-04-01")
    assert code == 0
    assert "skipped  ACT-1.1    ACT-1.1 is already a recommendation (evidence/mine.md)" in out
    assert out.strip().endswith("41 created, 0 updated, 1 skipped")


def test_a_date_before_the_first_import_is_skipped(
    make_workspace: Callable[..., Path], run: Run, tmp_path: Path
) -> None:
    ws = make_workspace()
    run(ws, "import-plan", str(CSV), "--date", "2021-04-01")
    out = run(ws, "import-plan", str(_changed_plan(tmp_path)), "--date", "2021-03-01")[1]
    assert "--date 2021-03-01 is before ACT-1.1 was raised (2021-04-01)" in out


def test_json_output_and_bad_files(
    make_workspace: Callable[..., Path], run: Run, tmp_path: Path
) -> None:
    ws = make_workspace()
    code, out, _ = run(ws, "import-plan", str(CSV), "--dry-run", "--format", "json")
    rows = json.loads(out)
    assert rows[0] == {"what": "created", "id": "ACT-1.1", "detail": rows[0]["detail"], "path": ""}
    bad = tmp_path / "notes.csv"
    bad.write_text("just,some,cells\n")
    code, _, err = run(ws, "import-plan", str(bad))
    assert code == 1 and "no header row" in err
    code, _, err = run(ws, "import-plan", str(tmp_path / "missing.csv"))
    assert code == 2


def test_imported_actions_link_to_the_priority_their_objective_names(
    make_workspace: Callable[..., Path], run: Run, tmp_path: Path
) -> None:
    priority = (
        "---\nkind: priority\nid: PRI-07\ndate: 2020-09-01\n"
        "title: Mitigate the impact of the Covid-19 outbreak on the physical and psychological "
        "wellbeing of children and families by addressing known impact and seeking to prevent "
        "any further negative impact\n---\nText.\n"
    )
    ws = make_workspace({"evidence/p.md": priority})
    code, out, err = run(ws, "import-plan", str(CSV), "--date", "2021-04-01")
    assert code == 0, err
    written = {
        p.name.split("-act-")[1][:3]: p.read_text() for p in ws.glob("evidence/*/*-act-*.md")
    }
    assert "priorities: [PRI-07]" in written["1-1"]
    assert "priorities" not in written["2-1"]
    code, out, err = run(ws, "check")
    assert code == 0, out + err
