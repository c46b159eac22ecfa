"""`scrutiny respond` takes every field a response has, with `new`'s options and rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutiny.reader import parse_text
from tests.every_field import COMMON_ARGS, COMMON_FIELDS, PARTNERSHIPS, PER_KIND, every_field_notes

#: The response's own options as ``respond REC-01`` takes them: ``new``'s, but the item is
#: the argument, not ``--responds-to``. ``--id`` and ``--area`` are in neither table (most
#: kinds' tables carry them); a response has both, so both are given here.
RESPONSE_FIELDS = PER_KIND["response"][1]
OWN_ARGS = [
    "--title", "Board accepts", "--status", "in-progress", "--by", "Board",
    "--due", "2021-12-31", "--id", "RESP-07", "--area", "core-partners",
]  # fmt: skip
OWN_FIELDS = {**RESPONSE_FIELDS, "id": "RESP-07", "areas": ["core-partners"]}


@pytest.fixture
def make_ws(make_workspace, minimal_notes):
    return lambda: make_workspace(every_field_notes(minimal_notes), partnerships=PARTNERSHIPS)


def written(ws: Path, rel: str):
    parsed = parse_text((ws / rel).read_text("utf-8"), rel, Path(rel).stem)
    assert parsed.problems == [] and parsed.note is not None
    return parsed.note


def test_respond_writes_every_field_a_response_has(make_ws, run):
    ws = make_ws()

    code, out, err = run(ws, "respond", "REC-01", *OWN_ARGS, *COMMON_ARGS)

    assert code == 0, err
    assert run(ws, "check", "--strict")[:2] == (0, "")
    note = written(ws, out.strip())
    dumped = note.model_dump(by_alias=True)
    for key, value in {**COMMON_FIELDS, **OWN_FIELDS}.items():
        assert dumped[key] == value, key
    assert note.body == "What was seen."


def test_respond_writes_what_new_response_writes(make_ws, run):
    # Two workspaces, so the same --id and title can be written twice. With the same title
    # nothing need differ; the item given as respond's argument is new's --responds-to.
    by_respond, by_new = make_ws(), make_ws()

    code_r, out_r, err_r = run(by_respond, "respond", "REC-01", *OWN_ARGS, *COMMON_ARGS)
    code_n, out_n, err_n = run(
        by_new, "new", "response", "--responds-to", "REC-01", *OWN_ARGS, *COMMON_ARGS
    )

    assert (code_r, code_n) == (0, 0), err_r + err_n
    assert out_r == out_n  # the same path in each workspace
    mine, theirs = written(by_respond, out_r.strip()), written(by_new, out_n.strip())
    assert mine.model_dump(by_alias=True) == theirs.model_dump(by_alias=True)
    assert mine.body == theirs.body
    assert (by_respond / out_r.strip()).read_text() == (by_new / out_n.strip()).read_text()


def test_without_a_title_only_the_generated_title_and_id_differ(make_ws, run):
    # respond names an untitled response after its item and status ("REC-01: in-progress");
    # new has no item to name it after and refuses a note without a title, so new is
    # given that title. The id is the file's stem, which follows the title.
    by_respond, by_new = make_ws(), make_ws()
    untitled = ["--status", "in-progress", "--by", "Board", *COMMON_ARGS]

    code_r, out_r, err_r = run(by_respond, "respond", "REC-01", *untitled)
    code_n, out_n, err_n = run(
        by_new, "new", "response", "--responds-to", "REC-01", "--title", "Board", *untitled
    )

    assert (code_r, code_n) == (0, 0), err_r + err_n
    mine = written(by_respond, out_r.strip()).model_dump(by_alias=True)
    theirs = written(by_new, out_n.strip()).model_dump(by_alias=True)
    assert mine.pop("title") == "REC-01: in-progress" and theirs.pop("title") == "Board"
    assert mine.pop("id") != theirs.pop("id")
    assert mine == theirs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lens", "children"], "--lens: unknown lens 'children' (did you mean"),
        (["--evidence", "2021-01-10-bored"], "--evidence: "),
        (["--priorities", "PRI-99"], "--priorities: "),
        (["--area", "qualty"], "--area: "),
    ],
)
def test_a_bad_value_names_its_option_as_new_does(make_ws, run, args, message):
    # The library's rules judge these values, as they do new's: a value the checks refuse
    # exits 1 from both commands (only a status the item cannot take is a usage error, 2).
    ws = make_ws()
    before = sorted(p.name for p in (ws / "evidence").rglob("*.md"))

    code, out, err = run(ws, "respond", "REC-01", "--status", "accepted", *args)
    new_code, _, new_err = run(
        ws, "new", "response", "--responds-to", "REC-01", "--title", "T", *args
    )

    assert (code, out) == (new_code, "") == (1, "")
    assert message in err and message in new_err
    assert "nothing was written" in err
    assert sorted(p.name for p in (ws / "evidence").rglob("*.md")) == before


def test_a_flag_given_a_value_is_a_usage_error(make_ws, run):
    ws = make_ws()
    code, out, err = run(ws, "respond", "REC-01", "--status", "accepted", "--restricted=yes")
    assert (code, out) == (2, "")
    assert "--restricted" in err


def test_respond_help_lists_the_new_options_and_their_choices(run):
    code, out, _ = run(None, "respond", "--help", env={"COLUMNS": "200"})
    assert code == 0
    for option in (
        "--id", "--area", "--lens", "--agencies", "--scrutineers", "--tags", "--evidence",
        "--actions", "--priorities", "--partnership", "--restricted",
    ):  # fmt: skip
        assert option in out, option
    assert "children-families, practitioners or leadership" in " ".join(out.split())
