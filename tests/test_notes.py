"""Parsing one note: required fields per kind, default ids, and where problems point."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny import corpus
from scrutiny.notes import Activity, Recommendation, Response
from scrutiny.reader import parse_bytes, parse_text
from scrutiny.workspace import Workspace

REQUIRED = {
    "activity": ["kind", "date", "title", "areas", "source"],
    "finding": ["kind", "date", "title", "areas"],
    "recommendation": ["kind", "date", "title", "id", "areas"],
    "risk": ["kind", "date", "title", "id", "category"],
    "response": ["kind", "date", "title", "responds_to"],
    "action": ["kind", "date", "title", "id"],
}


def without(text: str, key: str) -> str:
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith(f"{key}:")
    )


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_minimal_note_of_each_kind_parses(minimal_notes, kind):
    parsed = parse_text(minimal_notes[kind], f"evidence/{kind}.md", kind)

    assert parsed.problems == []
    assert parsed.note is not None
    assert parsed.note.kind == kind
    assert parsed.note.path == f"evidence/{kind}.md"
    assert isinstance(parsed.note.date, dt.date)


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        pytest.param(kind, key, id=f"{kind}-{key}")
        for kind, keys in sorted(REQUIRED.items())
        for key in keys
    ],
)
def test_removing_a_required_field_is_a_missing_field_problem(minimal_notes, kind, key):
    text = without(minimal_notes[kind], key)

    parsed = parse_text(text, "evidence/x.md", "x")

    assert parsed.note is None
    messages = [p.message for p in parsed.problems]
    assert any("missing required field" in m and repr(key) in m for m in messages), messages
    assert all(p.severity == "error" and p.path == "evidence/x.md" for p in parsed.problems)


@pytest.mark.parametrize("kind", ["activity", "finding", "recommendation"])
def test_empty_areas_list_is_an_error(minimal_notes, kind):
    text = minimal_notes[kind].replace("areas: [core-partners]", "areas: []")
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is None
    assert any("areas" in p.message and "at least one" in p.message for p in parsed.problems)


@pytest.mark.parametrize("kind", ["activity", "action"])
def test_missing_field_message_is_good_english(minimal_notes, kind):
    key = "source" if kind == "activity" else "id"
    parsed = parse_text(without(minimal_notes[kind], key), "evidence/x.md", "x")
    assert any(f"for an {kind}" in p.message for p in parsed.problems), parsed.problems


@pytest.mark.parametrize("kind", ["activity", "finding", "response"])
def test_id_defaults_to_the_file_stem(minimal_notes, kind):
    parsed = parse_text(minimal_notes[kind], f"evidence/2021/{kind}-visit.md", f"{kind}-visit")
    assert parsed.note is not None
    assert parsed.note.id == f"{kind}-visit"


def test_id_from_the_file_stem_through_the_workspace(make_workspace, minimal_notes):
    ws = make_workspace({"evidence/2021/board-meeting.md": minimal_notes["activity"]})
    loaded = corpus.load(Workspace.open(ws))
    assert [n.id for n in loaded.notes] == ["board-meeting"]
    assert isinstance(loaded.notes[0], Activity)


def test_explicit_id_wins_over_the_stem(minimal_notes):
    text = minimal_notes["finding"].replace("kind: finding\n", "kind: finding\nid: F-7\n")
    parsed = parse_text(text, "evidence/stem.md", "stem")
    assert parsed.note is not None and parsed.note.id == "F-7"


def test_a_file_name_that_is_no_id_says_how_to_fix_it(minimal_notes):
    parsed = parse_text(minimal_notes["finding"], "evidence/my visit.md", "my visit")
    assert parsed.note is None
    (problem,) = parsed.problems
    assert "file name 'my visit'" in problem.message
    assert "id:" in problem.message


def test_invalid_explicit_id(minimal_notes):
    text = minimal_notes["recommendation"].replace("id: REC-01", "id: -REC 1")
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is None
    (problem,) = parsed.problems
    assert "invalid id '-REC 1'" in problem.message
    assert (problem.line, problem.column) == (3, 5)


def test_area_item_two_position_in_a_block_list(make_workspace, run):
    text = (
        "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas:\n"
        "  - training\n  - qualty\n---\nBody\n"
    )
    ws = make_workspace({"evidence/f.md": text})

    code, out, _ = run(ws, "check")

    assert code == 1
    assert out.startswith("evidence/f.md:7:5: error: unknown area 'qualty'"), out


def test_area_item_two_position_in_a_flow_list(make_workspace, run):
    text = "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training, qualty]\n---\n"
    ws = make_workspace({"evidence/f.md": text})
    code, out, _ = run(ws, "check")
    assert code == 1
    assert out.startswith("evidence/f.md:5:19: error: unknown area 'qualty'"), out


def test_item_position_of_a_parse_problem(minimal_notes):
    text = minimal_notes["finding"].replace(
        "areas: [core-partners]\n", "areas: [core-partners]\nlens:\n  - leadership\n  - kids\n"
    )
    parsed = parse_text(text, "evidence/x.md", "x")
    (problem,) = parsed.problems
    assert "unknown lens 'kids'" in problem.message
    assert (problem.line, problem.column) == (8, 5)


def test_position_after_a_bom_and_crlf():
    raw = b"\xef\xbb\xbf---\r\nkind: finding\r\ndate: 2021-13-01\r\ntitle: T\r\nareas: [training]\r\n---\r\n"
    parsed = parse_bytes(raw, "evidence/x.md", "x")
    (problem,) = parsed.problems
    assert (problem.line, problem.column) == (3, 7)
    assert "invalid date '2021-13-01'" in problem.message


def test_numbers_written_as_titles_are_text(minimal_notes):
    text = minimal_notes["finding"].replace("title: Partners attend consistently", "title: 2021")
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is not None and parsed.note.title == "2021"


def test_title_must_not_be_empty(minimal_notes):
    text = minimal_notes["finding"].replace("title: Partners attend consistently", 'title: ""')
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is None
    assert any("title" in p.message and "empty" in p.message for p in parsed.problems)


def test_title_must_be_one_line(minimal_notes):
    text = minimal_notes["finding"].replace(
        "title: Partners attend consistently", 'title: "two\\nlines"'
    )
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is None
    assert any("title" in p.message and "single line" in p.message for p in parsed.problems)


def test_reserved_key_body_is_refused(minimal_notes):
    text = minimal_notes["finding"].replace("kind: finding\n", "kind: finding\nbody: sneaky\n")
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is None
    assert any("'body' is reserved" in p.message and p.line == 3 for p in parsed.problems)


def test_body_and_typed_fields(minimal_notes):
    text = (
        "---\nkind: recommendation\nid: REC-02\ndate: 2021-03-01\ntitle: Audit uptake\n"
        "areas: training\nfor: scrutiny\nowner: Business manager\ndue: 2021-09-30\n---\n\n"
        "Scrutiny should audit uptake.\n\n"
    )
    parsed = parse_text(text, "evidence/x.md", "x")
    note = parsed.note
    assert isinstance(note, Recommendation)
    assert note.for_ == "scrutiny"
    assert note.due == dt.date(2021, 9, 30)
    assert note.areas == ["training"]
    assert note.body == "Scrutiny should audit uptake."


def test_responds_to_a_single_id_is_a_list(minimal_notes):
    text = minimal_notes["response"].replace("responds_to: [REC-01]", "responds_to: REC-01")
    parsed = parse_text(text, "evidence/x.md", "x")
    assert isinstance(parsed.note, Response)
    assert parsed.note.responds_to == ["REC-01"]


def test_empty_responds_to_list_is_an_error(minimal_notes):
    text = minimal_notes["response"].replace("responds_to: [REC-01]", "responds_to: []")
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is None
    assert any("responds_to" in p.message for p in parsed.problems)


def test_restricted_note(minimal_notes):
    text = minimal_notes["finding"].replace(
        "kind: finding\n", "kind: finding\nconfidentiality: restricted\n"
    )
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is not None and parsed.note.restricted


def test_unknown_confidentiality(minimal_notes):
    text = minimal_notes["finding"].replace(
        "kind: finding\n", "kind: finding\nconfidentiality: secret\n"
    )
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is None
    assert any("unknown confidentiality 'secret'" in p.message for p in parsed.problems)


def test_empty_front_matter():
    parsed = parse_text("---\n---\nBody\n", "evidence/x.md", "x")
    assert parsed.note is None
    assert "empty front matter" in parsed.problems[0].message


def test_front_matter_that_is_not_a_mapping():
    parsed = parse_text("---\n- a\n- b\n---\nBody\n", "evidence/x.md", "x")
    assert parsed.note is None
    assert "key: value" in parsed.problems[0].message


def test_yaml_aliases_are_refused():
    text = "---\nkind: finding\ndate: 2021-01-10\ntitle: &t T\nareas: [training]\nimpact: *t\n---\n"
    parsed = parse_text(text, "evidence/x.md", "x")
    assert parsed.note is None
    assert "aliases" in parsed.problems[0].message


@pytest.mark.parametrize(
    ("key", "written"),
    [("id", "012"), ("id", "0x1F"), ("owner", "1.50"), ("number", "1.10"), ("title", "2024")],
)
def test_values_that_look_like_numbers_are_kept_as_written(key: str, written: str) -> None:
    fields = {"kind": "action", "id": "ACT-1", "date": "2021-01-12", "title": "T", key: written}
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\nBody.\n"
    parsed = parse_text(text, "evidence/a.md", "a")
    assert parsed.note is not None, parsed.problems
    assert getattr(parsed.note, key) == written
