"""`scrutiny new` takes every field of every kind, checked by the library's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutiny.reader import parse_text
from tests.every_field import COMMON_ARGS, COMMON_FIELDS, PARTNERSHIPS, PER_KIND, every_field_notes


@pytest.fixture
def ws(make_workspace, minimal_notes) -> Path:
    return make_workspace(every_field_notes(minimal_notes), partnerships=PARTNERSHIPS)


@pytest.mark.parametrize("kind", list(PER_KIND))
def test_new_writes_every_field_of_each_kind(ws, run, kind):
    own_args, own_fields = PER_KIND[kind]

    code, out, err = run(ws, "new", kind, *own_args, *COMMON_ARGS)

    assert code == 0, err
    assert run(ws, "check", "--strict")[:2] == (0, "")
    rel = out.strip()
    parsed = parse_text((ws / rel).read_text("utf-8"), rel, Path(rel).stem)
    assert parsed.problems == [] and parsed.note is not None
    written = parsed.note.model_dump(by_alias=True)
    for key, value in {**COMMON_FIELDS, **own_fields}.items():
        assert written[key] == value, key
    assert parsed.note.body == "What was seen."


def test_a_field_the_kind_does_not_have_is_refused(ws, run):
    before = sorted(p.name for p in (ws / "evidence").rglob("*.md"))

    code, out, err = run(
        ws, "new", "activity", "--title", "Board", "--area", "training", "--source", "meeting",
        "--judgement", "concern",
    )  # fmt: skip

    assert (code, out) == (2, "")
    assert (
        "--judgement: an activity has no 'judgement' field (it belongs to 'finding' notes)" in err
    )
    assert "nothing was written" in err
    assert sorted(p.name for p in (ws / "evidence").rglob("*.md")) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lens", "children"], "--lens: "),
        (["--evidence", "2021-01-10-bored"], "--evidence: "),
    ],
)
def test_a_bad_list_value_names_its_option(ws, run, args, message):
    code, out, err = run(
        ws, "new", "finding", "--title", "T", "--area", "training", "--date", "2021-03-01", *args
    )
    assert (code, out) == (1, "")
    assert message in err and "nothing was written" in err


def test_new_help_lists_the_choices(run):
    code, out, _ = run(None, "new", "--help", env={"COLUMNS": "200"})
    assert code == 0
    for words in (
        "strength, concern, mixed or neutral",
        "children-families, practitioners or leadership",
        "strategic or operational",
        "partnership or scrutiny",
    ):
        assert words in out
