"""`scrutiny check`: every kind of problem gets a precise `path:line:col: error: message`."""

from __future__ import annotations

import json
import re

import pytest

from scrutiny import corpus
from scrutiny.workspace import Workspace

LINE = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+)$"
)

REC = """\
---
kind: recommendation
id: REC-01
date: 2021-01-12
title: Share the cost of the business unit fairly
areas: [core-partners]
---
The partners should agree a funding formula.
"""

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


def problems(stdout: str) -> list[dict[str, str]]:
    """Parse check's table output; every non-empty line must be a problem line."""
    rows = []
    for text in stdout.splitlines():
        if not text.strip():
            continue
        match = LINE.match(text)
        assert match, f"not a problem line: {text!r}"
        rows.append(match.groupdict())
    return rows


def for_path(rows: list[dict[str, str]], path: str) -> list[dict[str, str]]:
    return [r for r in rows if r["path"] == path]


# (case id, note text or bytes, line, column or None, words the message must contain,
#  extra notes the case needs)
CASES = [
    (
        "missing-kind",
        "---\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nBody\n",
        1,
        None,
        ["missing required field", "'kind'"],
        {},
    ),
    (
        "missing-date",
        "---\nkind: finding\ntitle: T\nareas: [training]\n---\nBody\n",
        1,
        None,
        ["missing required field", "'date'"],
        {},
    ),
    (
        "missing-title",
        "---\nkind: finding\ndate: 2021-01-10\nareas: [training]\n---\nBody\n",
        1,
        None,
        ["missing required field", "'title'"],
        {},
    ),
    (
        "missing-id-recommendation",
        "---\nkind: recommendation\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nBody\n",
        1,
        None,
        ["missing required field", "'id'", "recommendation"],
        {},
    ),
    (
        "missing-id-risk",
        "---\nkind: risk\ndate: 2021-01-10\ntitle: T\ncategory: strategic\n---\nBody\n",
        1,
        None,
        ["missing required field", "'id'", "risk"],
        {},
    ),
    (
        "missing-id-action",
        "---\nkind: action\ndate: 2021-01-10\ntitle: T\n---\nBody\n",
        1,
        None,
        ["missing required field", "'id'", "action"],
        {},
    ),
    (
        "missing-areas-activity",
        "---\nkind: activity\ndate: 2021-01-10\ntitle: T\nsource: meeting\n---\nBody\n",
        1,
        None,
        ["areas"],
        {},
    ),
    (
        "missing-areas-finding",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\n---\nBody\n",
        1,
        None,
        ["areas"],
        {},
    ),
    (
        "missing-areas-recommendation",
        "---\nkind: recommendation\nid: REC-09\ndate: 2021-01-10\ntitle: T\n---\nBody\n",
        1,
        None,
        ["areas"],
        {},
    ),
    (
        "missing-source",
        "---\nkind: activity\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nBody\n",
        1,
        None,
        ["missing required field", "'source'", "'meeting'"],
        {},
    ),
    (
        "missing-category",
        "---\nkind: risk\nid: RISK-09\ndate: 2021-01-10\ntitle: T\n---\nBody\n",
        1,
        None,
        ["missing required field", "'category'", "'strategic'", "'operational'"],
        {},
    ),
    (
        "missing-responds-to",
        "---\nkind: response\ndate: 2021-01-10\ntitle: T\nstatus: accepted\n---\nBody\n",
        1,
        None,
        ["missing required field", "'responds_to'"],
        {},
    ),
    (
        "title-as-list",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: [one, two]\nareas: [training]\n---\nB\n",
        4,
        8,
        ["title", "must be text", "list"],
        {},
    ),
    (
        "areas-as-mapping",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: {training: 1}\n---\nB\n",
        5,
        8,
        ["areas", "must be a list", "mapping"],
        {},
    ),
    (
        "impossible-date",
        "---\nkind: finding\ndate: 2021-02-30\ntitle: T\nareas: [training]\n---\nB\n",
        3,
        7,
        ["invalid date", "'2021-02-30'"],
        {},
    ),
    (
        "word-date",
        "---\nkind: finding\ndate: yesterday\ntitle: T\nareas: [training]\n---\nB\n",
        3,
        7,
        ["invalid date", "'yesterday'", "YYYY-MM-DD"],
        {},
    ),
    (
        "unknown-kind",
        "---\nkind: findng\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nB\n",
        2,
        7,
        ["unknown kind", "'findng'", "did you mean 'finding'?"],
        {},
    ),
    (
        "unknown-status",
        "---\nkind: response\ndate: 2021-02-01\ntitle: T\nresponds_to: [REC-01]\n"
        "status: donee\n---\nB\n",
        6,
        9,
        ["unknown status", "'donee'"],
        {"evidence/rec.md": REC},
    ),
    (
        "unknown-source",
        "---\nkind: activity\ndate: 2021-01-10\ntitle: T\nareas: [training]\n"
        "source: meetin\n---\nB\n",
        6,
        9,
        ["unknown source", "'meetin'", "did you mean 'meeting'?"],
        {},
    ),
    (
        "unknown-lens",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\n"
        "lens: [practitioners, kids]\n---\nB\n",
        6,
        None,
        ["unknown lens", "'kids'", "'children-families'"],
        {},
    ),
    (
        "unknown-category",
        "---\nkind: risk\nid: RISK-09\ndate: 2021-01-10\ntitle: T\ncategory: strategc\n---\nB\n",
        6,
        11,
        ["unknown category", "'strategc'", "did you mean 'strategic'?"],
        {},
    ),
    (
        "unknown-area",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training, quality]\n---\nB\n",
        5,
        19,
        ["unknown area", "'quality'", "(did you mean 'quality-assurance'?)"],
        {},
    ),
    (
        "unresolved-evidence",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\n"
        "evidence: [no-such-note]\n---\nB\n",
        6,
        12,
        ["evidence", "no note has id", "'no-such-note'"],
        {},
    ),
    (
        "unresolved-responds-to",
        "---\nkind: response\ndate: 2021-02-01\ntitle: T\nresponds_to: [REC-99]\n---\nB\n",
        5,
        15,
        ["responds_to", "no note has id", "'REC-99'"],
        {},
    ),
    (
        "response-before-target",
        "---\nkind: response\ndate: 2021-01-01\ntitle: T\nresponds_to: [REC-01]\n---\nB\n",
        3,
        7,
        ["before", "'REC-01'", "2021-01-12"],
        {"evidence/rec.md": REC},
    ),
    (
        "status-of-wrong-kind",
        "---\nkind: response\ndate: 2021-02-01\ntitle: T\nresponds_to: [REC-01]\n"
        "status: mitigated\n---\nB\n",
        6,
        9,
        ["'mitigated'", "not a recommendation status", "'accepted'"],
        {"evidence/rec.md": REC},
    ),
    (
        "bad-yaml",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\n  areas: [training]\n---\nB\n",
        5,
        None,
        ["invalid YAML"],
        {},
    ),
    (
        "latin-1-byte",
        b"---\nkind: finding\ndate: 2021-01-10\ntitle: Caf\xe9 visit\nareas: [training]\n---\nB\n",
        4,
        11,
        ["not UTF-8", "0xe9", "save it as UTF-8"],
        {},
    ),
    (
        "utf-16",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nB\n".encode(
            "utf-16"
        ),
        1,
        1,
        ["UTF-16", "UTF-8"],
        {},
    ),
    ("empty-file", b"", 1, 1, ["empty file"], {}),
    (
        "missing-front-matter",
        "kind: finding\ndate: 2021-01-10\ntitle: T\n\nJust text.\n",
        1,
        1,
        ["missing front matter", "---"],
        {},
    ),
    (
        "unclosed-front-matter",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\nBody\n",
        1,
        1,
        ["unclosed front matter"],
        {},
    ),
    (
        "duplicate-key",
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\ntitle: U\n---\nB\n",
        6,
        1,
        ["duplicate key", "'title'", "line 4"],
        {},
    ),
    (
        "revised-due-without-reason",
        "---\nkind: response\ndate: 2021-02-01\ntitle: T\nresponds_to: [REC-01]\n"
        "status: in-progress\ndue: 2021-06-30\n---\n",
        7,
        6,
        ["revised due date", "why"],
        {"evidence/rec.md": REC},
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "words", "extra"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_each_problem_is_reported_precisely(make_workspace, run, text, line, column, words, extra):
    ws = make_workspace({"evidence/broken.md": text, **extra})

    code, out, err = run(ws, "check")

    assert code == 1, (out, err)
    rows = for_path(problems(out), "evidence/broken.md")
    assert rows, f"no problem for evidence/broken.md in:\n{out}"
    matching = [r for r in rows if all(w in r["msg"] for w in words)]
    assert matching, f"no message with {words} in:\n{out}"
    row = matching[0]
    assert row["sev"] == "error"
    assert int(row["line"]) == line, out
    if column is not None:
        assert int(row["col"]) == column, out
    # The supporting notes are fine: only the broken file is named.
    assert {r["path"] for r in problems(out)} == {"evidence/broken.md"}, out


def test_clean_workspace_is_silent_and_exits_0(make_workspace, run, minimal_notes):
    ws = make_workspace({f"evidence/{kind}.md": text for kind, text in minimal_notes.items()})

    code, out, err = run(ws, "check")

    assert (code, out) == (0, ""), err


def test_empty_workspace_is_clean(make_workspace, run):
    code, out, _ = run(make_workspace(), "check")
    assert (code, out) == (0, "")


def test_duplicate_id_names_both_files(make_workspace, run):
    first = "---\nkind: finding\nid: F-1\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nB\n"
    second = "---\nkind: finding\ndate: 2021-01-11\nid: F-1\ntitle: U\nareas: [training]\n---\nB\n"
    ws = make_workspace({"evidence/one.md": first, "evidence/sub/two.md": second})

    code, out, _ = run(ws, "check")

    assert code == 1
    rows = problems(out)
    one = [r for r in rows if r["path"] == "evidence/one.md" and "duplicate id 'F-1'" in r["msg"]]
    two = [
        r for r in rows if r["path"] == "evidence/sub/two.md" and "duplicate id 'F-1'" in r["msg"]
    ]
    assert len(one) == 1 and len(two) == 1, out
    assert "evidence/sub/two.md" in one[0]["msg"]
    assert "evidence/one.md" in two[0]["msg"]
    assert int(one[0]["line"]) == 3 and int(two[0]["line"]) == 4


def test_duplicate_id_from_file_stem(make_workspace, run):
    """An activity's id defaults to its file stem, so it can clash with an explicit id."""
    by_stem = "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nB\n"
    explicit = (
        "---\nkind: finding\nid: visit\ndate: 2021-01-11\ntitle: U\nareas: [training]\n---\nB\n"
    )
    ws = make_workspace({"evidence/visit.md": by_stem, "evidence/other.md": explicit})

    code, out, _ = run(ws, "check")

    assert code == 1
    assert "duplicate id 'visit'" in out
    assert {r["path"] for r in problems(out)} == {"evidence/visit.md", "evidence/other.md"}


def test_all_problems_are_reported_in_one_run(make_workspace, run):
    ws = make_workspace(
        {
            "evidence/a.md": "---\nkind: findng\ndate: 2021-01-10\ntitle: T\n---\nB\n",
            "evidence/b.md": "---\nkind: finding\ndate: 2021-02-30\ntitle: T\nareas: [training]\n---\n",
            "evidence/c.md": "no front matter here\n",
            "evidence/d.md": "---\nkind: activity\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\n",
            "evidence/e.md": "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [qualty]\n---\n",
            "evidence/good.md": "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nB\n",
        }
    )

    code, out, _ = run(ws, "check")

    assert code == 1
    rows = problems(out)
    assert len(rows) >= 5
    assert {r["path"] for r in rows} == {f"evidence/{x}.md" for x in "abcde"}


def test_several_problems_in_one_note_are_all_reported(make_workspace, run):
    text = (
        "---\nkind: activity\ndate: 2021-02-30\ntitle: [a, b]\nareas: [quality]\n"
        "source: meetin\n---\nB\n"
    )
    ws = make_workspace({"evidence/many.md": text})

    code, out, _ = run(ws, "check")

    assert code == 1
    messages = [r["msg"] for r in problems(out)]
    assert any("invalid date" in m for m in messages)
    assert any("title must be text" in m for m in messages)
    assert any("unknown source 'meetin'" in m for m in messages)
    # The area is still checked although the note failed for other reasons.
    assert any("unknown area 'quality'" in m for m in messages)


def test_json_rows_have_the_stable_keys(make_workspace, run):
    ws = make_workspace(
        {
            "evidence/a.md": "---\nkind: findng\ndate: 2021-01-10\ntitle: T\n---\nB\n",
            "evidence/b.md": "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [quality]\n---\nB\n",
        }
    )

    code, out, _ = run(ws, "check", "--format", "json")

    assert code == 1
    rows = json.loads(out)
    assert len(rows) == 2
    for row in rows:
        assert set(row) == {"path", "line", "column", "severity", "message"}
        assert isinstance(row["line"], int) and isinstance(row["column"], int)
        assert row["severity"] == "error"
    assert rows[1]["path"] == "evidence/b.md"
    assert (rows[1]["line"], rows[1]["column"]) == (5, 9)
    assert "did you mean 'quality-assurance'?" in rows[1]["message"]


def test_json_of_a_clean_workspace_is_an_empty_list(make_workspace, run, minimal_notes):
    ws = make_workspace({"evidence/f.md": minimal_notes["finding"]})
    code, out, _ = run(ws, "check", "--format", "json")
    assert code == 0
    assert json.loads(out) == []


def test_csv_has_a_header_and_one_row_per_problem(make_workspace, run):
    ws = make_workspace({"evidence/a.md": "---\nkind: findng\ndate: 2021-01-10\ntitle: T\n---\n"})
    code, out, _ = run(ws, "check", "--format", "csv")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "path,line,column,severity,message"
    assert len(lines) == 2
    assert lines[1].startswith("evidence/a.md,2,7,error,")


def test_a_broken_note_is_left_out_and_the_others_still_list(make_workspace, run, minimal_notes):
    ws = make_workspace(
        {
            "evidence/good.md": minimal_notes["finding"],
            "evidence/act.md": minimal_notes["activity"],
            "evidence/bad.md": "---\nkind: finding\ndate: 2021-01-12\ntitle: Bad\nareas: [quality]\n---\n",
        }
    )

    code, out, _err = run(ws, "notes", "--all", "--format", "json")

    assert code == 0
    ids = {row["id"] for row in json.loads(out)}
    assert ids == {"good", "act"}


def test_notes_says_that_broken_notes_were_left_out(make_workspace, run, minimal_notes):
    ws = make_workspace(
        {
            "evidence/good.md": minimal_notes["finding"],
            "evidence/bad.md": "---\nkind: finding\ndate: 2021-01-12\ntitle: Bad\nareas: [quality]\n---\n",
        }
    )
    code, _, err = run(ws, "notes", "--all", "--format", "json")
    assert code == 0
    assert "left out" in err and "scrutiny check" in err


def test_left_out_message_agrees_in_number(make_workspace, run, minimal_notes):
    ws = make_workspace(
        {
            "evidence/good.md": minimal_notes["finding"],
            "evidence/bad.md": "---\nkind: finding\ndate: 2021-01-12\ntitle: Bad\nareas: [quality]\n---\n",
        }
    )
    _, _, err = run(ws, "notes", "--all")
    assert "1 note has errors and is left out" in err


def test_unknown_field_is_silent_without_strict(make_workspace, run):
    text = (
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\nmood: sunny\n---\nB\n"
    )
    ws = make_workspace({"evidence/f.md": text})

    code, out, _ = run(ws, "check")
    assert (code, out) == (0, "")

    code, out, _ = run(ws, "notes", "--all", "--format", "json")
    assert [row["id"] for row in json.loads(out)] == ["f"]


def test_strict_reports_unknown_field_as_a_warning_and_fails(make_workspace, run):
    text = (
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\nmood: sunny\n---\nB\n"
    )
    ws = make_workspace({"evidence/f.md": text})

    code, out, _ = run(ws, "check", "--strict")

    assert code == 1
    rows = problems(out)
    assert len(rows) == 1
    assert rows[0]["path"] == "evidence/f.md"
    assert (rows[0]["line"], rows[0]["sev"]) == ("6", "warning")
    assert "unknown field 'mood'" in rows[0]["msg"]


def test_bom_and_crlf_notes_parse(make_workspace, run):
    bom = "\ufeff---\nkind: finding\ndate: 2021-01-10\ntitle: With BOM\nareas: [training]\n---\nB\n"
    crlf = "---\r\nkind: finding\r\ndate: 2021-01-11\r\ntitle: With CRLF\r\nareas: [training]\r\n---\r\nB\r\n"
    ws = make_workspace({"evidence/bom.md": bom, "evidence/crlf.md": crlf})

    code, out, _ = run(ws, "check")
    assert (code, out) == (0, "")

    loaded = corpus.load(Workspace.open(ws))
    titles = {n.id: n.title for n in loaded.notes}
    assert titles == {"bom": "With BOM", "crlf": "With CRLF"}
    assert loaded.by_id["crlf"].body == "B"


def test_crlf_positions_are_still_right(make_workspace, run):
    text = "---\r\nkind: finding\r\ndate: 2021-01-10\r\ntitle: T\r\nareas: [quality]\r\n---\r\n"
    ws = make_workspace({"evidence/crlf.md": text})
    code, out, _ = run(ws, "check")
    assert code == 1
    assert out.startswith("evidence/crlf.md:5:9: error: unknown area 'quality'")


def test_a_single_area_string_is_a_list(make_workspace, run):
    text = "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: training\n---\nB\n"
    ws = make_workspace({"evidence/f.md": text})

    code, out, _ = run(ws, "check")
    assert (code, out) == (0, "")
    loaded = corpus.load(Workspace.open(ws))
    assert loaded.by_id["f"].areas == ["training"]


def test_unknown_fields_are_kept_on_the_note(make_workspace):
    text = (
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\nmood: sunny\n"
        "rating: 4\n---\nB\n"
    )
    ws = make_workspace({"evidence/f.md": text})

    loaded = corpus.load(Workspace.open(ws))

    assert loaded.problems == []
    assert loaded.by_id["f"].unknown_fields == {
        "mood": "sunny",
        "rating": "4",
    }  # as written: no field is a number


def test_check_never_rewrites_a_broken_file(make_workspace, run):
    raw = b"---\r\nkind: findng\r\ndate: 2021-02-30\r\ntitle: Caf\xc3\xa9\r\n---\r\n"
    ws = make_workspace({"evidence/x.md": raw})
    before = (ws / "evidence/x.md").stat().st_mtime_ns
    run(ws, "check")
    assert (ws / "evidence/x.md").read_bytes() == raw
    assert (ws / "evidence/x.md").stat().st_mtime_ns == before
