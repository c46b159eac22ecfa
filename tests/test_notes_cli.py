"""`scrutiny notes`: filters, stable JSON/CSV, and tables that fit 80 columns."""

from __future__ import annotations

import csv
import io
import json

import pytest

NOTE_KEYS = [
    "id",
    "kind",
    "date",
    "period",
    "title",
    "areas",
    "source",
    "lens",
    "confidentiality",
    "path",
]


def note(kind: str, day: str, title: str, areas: str, extra: str = "") -> str:
    return f"---\nkind: {kind}\ndate: {day}\ntitle: {title}\nareas: {areas}\n{extra}---\nBody.\n"


NOTES = {
    # 2019-20
    "evidence/2019-20/old-board.md": note(
        "activity", "2020-03-01", "Old board meeting", "[core-partners]", "source: meeting\n"
    ),
    "evidence/2019-20/old-finding.md": note("finding", "2020-09-30", "Old finding", "[training]"),
    # 2020-21 (the newest)
    "evidence/2020-21/board.md": note(
        "activity",
        "2020-10-01",
        "Board meeting",
        "[core-partners, training]",
        "source: meeting\nlens: [leadership]\n",
    ),
    "evidence/2020-21/training-visit.md": note(
        "activity", "2021-02-01", "Training visit", "training", "source: training\n"
    ),
    "evidence/2020-21/qa-finding.md": note(
        "finding", "2021-03-01", "Audit finding", "[quality-assurance]"
    ),
    "evidence/2020-21/rec.md": note(
        "recommendation", "2021-04-01", "Train more staff", "[training]", "id: REC-01\n"
    ),
}


@pytest.fixture
def ws(make_workspace):
    return make_workspace(NOTES)


def ids(run, ws, *args):
    code, out, err = run(ws, "notes", "--format", "json", *args)
    assert code == 0, err
    return [row["id"] for row in json.loads(out)]


def test_default_is_the_newest_period(run, ws):
    assert ids(run, ws) == ["board", "training-visit", "qa-finding", "REC-01"]


def test_all_periods_in_date_order(run, ws):
    assert ids(run, ws, "--all") == [
        "old-board",
        "old-finding",
        "board",
        "training-visit",
        "qa-finding",
        "REC-01",
    ]


@pytest.mark.parametrize("label", ["2019-20", "2019/20", "2019-2020"])
def test_period_filter(run, ws, label):
    assert ids(run, ws, "--period", label) == ["old-board", "old-finding"]


def test_period_with_no_notes_is_empty(run, ws):
    assert ids(run, ws, "--period", "2015-16") == []
    code, out, _ = run(ws, "notes", "--period", "2015-16")
    assert code == 0
    assert "no notes match" in out


def test_bad_period_is_a_usage_error(run, ws):
    code, out, err = run(ws, "notes", "--period", "2020-22")
    assert code == 2
    assert out == ""
    assert "2020-22" in err
    assert "Traceback" not in err


def test_area_filter(run, ws):
    assert ids(run, ws, "--area", "training") == ["board", "training-visit", "REC-01"]
    assert ids(run, ws, "--all", "--area", "training") == [
        "old-finding",
        "board",
        "training-visit",
        "REC-01",
    ]


def test_kind_filter_is_repeatable(run, ws):
    assert ids(run, ws, "--kind", "finding") == ["qa-finding"]
    assert ids(run, ws, "--all", "--kind", "finding", "--kind", "recommendation") == [
        "old-finding",
        "qa-finding",
        "REC-01",
    ]


def test_filters_combine(run, ws):
    assert ids(run, ws, "--all", "--kind", "activity", "--area", "core-partners") == [
        "old-board",
        "board",
    ]


def test_json_rows_have_the_stable_keys(run, ws):
    code, out, _ = run(ws, "notes", "--all", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert rows
    for row in rows:
        assert list(row) == NOTE_KEYS
    board = next(r for r in rows if r["id"] == "board")
    assert board == {
        "id": "board",
        "kind": "activity",
        "date": "2020-10-01",
        "period": "2020-21",
        "title": "Board meeting",
        "areas": ["core-partners", "training"],
        "source": "meeting",
        "lens": ["leadership"],
        "confidentiality": "public",
        "path": "evidence/2020-21/board.md",
    }
    finding = next(r for r in rows if r["id"] == "old-finding")
    assert finding["source"] is None
    assert finding["period"] == "2019-20"


def test_csv_has_a_header_and_a_row_per_note(run, ws):
    code, out, _ = run(ws, "notes", "--all", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ",".join(NOTE_KEYS)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6
    board = next(r for r in rows if r["id"] == "board")
    assert board["areas"] == "core-partners; training"
    assert board["date"] == "2020-10-01"


def test_table_lists_titles(run, ws):
    code, out, _ = run(ws, "notes")
    assert code == 0
    assert "Board meeting" in out
    assert "Old board meeting" not in out


def test_table_fits_80_columns_with_a_long_title(make_workspace, run):
    long_title = ("A very long title about multi-agency safeguarding " * 5)[:200]
    assert len(long_title) == 200
    ws = make_workspace(
        {
            "evidence/long.md": note(
                "finding",
                "2021-01-10",
                long_title,
                "[core-partners, wider-partners, children-families, quality-assurance]",
            ),
            "evidence/short.md": note("finding", "2021-01-11", "Short", "[training]"),
        }
    )

    code, out, err = run(ws, "notes", env={"COLUMNS": "80"})

    assert code == 0, err
    assert "Short" in out
    assert "A very long title" in out
    too_wide = [line for line in out.splitlines() if len(line) > 80]
    assert too_wide == [], "\n".join(too_wide)


def test_json_is_not_truncated(make_workspace, run):
    long_title = "x" * 200
    ws = make_workspace({"evidence/long.md": note("finding", "2021-01-10", long_title, "training")})
    code, out, _ = run(ws, "notes", "--format", "json", env={"COLUMNS": "80"})
    assert code == 0
    assert json.loads(out)[0]["title"] == long_title


def test_bad_area_is_a_usage_error_with_did_you_mean(run, ws):
    code, out, err = run(ws, "notes", "--area", "quality")
    assert code == 2
    assert out == ""
    assert "unknown area 'quality'" in err
    assert "did you mean 'quality-assurance'?" in err


def test_bad_kind_is_a_usage_error_with_did_you_mean(run, ws):
    code, _, err = run(ws, "notes", "--kind", "findings")
    assert code == 2
    assert "unknown kind 'findings'" in err
    assert "did you mean 'finding'?" in err


def test_restricted_notes_are_listed_for_the_scrutineer(make_workspace, run):
    ws = make_workspace(
        {
            "evidence/secret.md": note(
                "finding", "2021-01-10", "Secret", "training", "confidentiality: restricted\n"
            )
        }
    )
    code, out, _ = run(ws, "notes", "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["confidentiality"] == "restricted"


def test_empty_workspace_lists_nothing(make_workspace, run):
    ws = make_workspace()
    code, out, _ = run(ws, "notes", "--format", "json")
    assert code == 0
    assert json.loads(out) == []
