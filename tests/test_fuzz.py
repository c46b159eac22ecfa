"""Fuzzing: any front matter gives a note or reported problems, and written notes read back."""

from __future__ import annotations

import datetime as dt
import string
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from typer.testing import CliRunner

from scrutiny import capture, corpus
from scrutiny.cli import app
from scrutiny.notes import KINDS, SOURCES, Parsed
from scrutiny.reader import parse_bytes, parse_text
from scrutiny.workspace import Workspace

# Hypothesis keeps caches in ./.hypothesis by default; tests never write into the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "scrutiny-hypothesis")

EXAMPLES = 300
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
KEYS = [
    "kind", "date", "title", "id", "areas", "source", "lens", "evidence", "actions",
    "confidentiality", "responds_to", "status", "due", "for", "category", "owner", "body",
]  # fmt: skip
AREAS = ["core-partners", "wider-partners", "children-families", "training"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates().map(str),
    st.sampled_from([*KINDS, *SOURCES, *AREAS, "2021-02-30", "restricted", "0000-01-01"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
front_matters = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), values, max_size=10)
yaml_chars = st.sampled_from(list(":-[]{}#&*!|>'\"%@`,? \t\n" + string.ascii_letters[:6] + "01"))
yaml_texts = st.text(yaml_chars, max_size=200) | st.text(max_size=200)


def _document(front: str, body: str = "Body.") -> str:
    return f"---\n{front}\n---\n{body}\n"


def _reported(result: Parsed) -> None:
    assert isinstance(result, Parsed)
    assert (result.note is None) == bool(result.problems) or result.note is not None
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and "\n" not in problem.message


@FUZZ
@given(front_matters)
def test_generated_front_matter_gives_a_note_or_problems(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _reported(parse_text(_document(text), "evidence/x.md", "x"))


@FUZZ
@given(yaml_texts)
def test_random_yaml_text_gives_a_note_or_problems(front: str) -> None:
    _reported(parse_text(_document(front), "evidence/x.md", "x"))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_give_a_note_or_problems(raw: bytes) -> None:
    _reported(parse_bytes(raw, "evidence/x.md", "x"))
    _reported(parse_bytes(b"---\nkind: activity\ntitle: " + raw + b"\n---\n", "evidence/x.md", "x"))


def _workspace(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "scrutiny.toml").write_text('name = "Fuzz Partnership"\nframework = "six-steps"\n')
    (root / "evidence").mkdir(exist_ok=True)
    return root


@settings(max_examples=25, deadline=None, database=None)
@given(st.lists(front_matters | yaml_texts.map(lambda t: t), min_size=1, max_size=4))
def test_the_cli_never_tracebacks_on_generated_notes(
    tmp_path_factory: Any, notes: list[Any]
) -> None:
    root = _workspace(tmp_path_factory.mktemp("cli"))
    for i, note in enumerate(notes):
        front = note if isinstance(note, str) else yaml.safe_dump(note, allow_unicode=True)
        (root / "evidence" / f"n{i}.md").write_text(_document(front), encoding="utf-8")
    for args in (["check", "--format", "json"], ["recs", "--format", "json"], ["notes", "--all"]):
        result = CliRunner().invoke(app, ["-w", str(root), *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        assert "Traceback" not in result.output


# -- what the program writes reads back as written ------------------------------------------

#: Text a person could mean: any Unicode but controls, line breaks, bidirectional
#: overrides and the BOM (refused as hidden characters), with something visible in it.
_HIDDEN = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
awkward = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
    | st.sampled_from(list(":#'\"-[]{}&*!|>%@`")),
    min_size=1,
    max_size=60,
).filter(
    lambda t: (
        t.strip() != ""
        and t == t.strip()
        and not _HIDDEN & set(t)
        and any(unicodedata.category(c)[0] in "LNPS" for c in t)
    )
)
#: A body: any text but control characters (tab and line breaks are fine).
bodies = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(["\n", "\t"]),
    max_size=200,
)
ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,15}\Z")


@FUZZ
@given(
    kind=st.sampled_from(["activity", "finding", "recommendation", "risk"]),
    title=awkward,
    day=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)),
    areas=st.lists(st.sampled_from(AREAS), min_size=1, max_size=3, unique=True),
    tags=st.lists(awkward, max_size=3),
    owner=st.none() | awkward,
    note_id=ids,
    restricted=st.booleans(),
    body=bodies,
)
def test_every_note_the_program_writes_reads_back_the_same(
    tmp_path_factory: Any,
    kind: str,
    title: str,
    day: dt.date,
    areas: list[str],
    tags: list[str],
    owner: str | None,
    note_id: str,
    restricted: bool,
    body: str,
) -> None:
    root = _workspace(tmp_path_factory.mktemp("write"))
    loaded = corpus.load(Workspace.open(root))
    fields: dict[str, Any] = {"title": title, "date": day, "tags": tags, "id": note_id}
    if kind != "risk":
        fields["areas"] = areas
    if kind == "activity":
        fields["source"] = "meeting"
    if kind == "risk":
        fields["category"] = "strategic"
    if kind in ("recommendation", "risk"):
        fields["owner"] = owner
    if restricted:
        fields["confidentiality"] = "restricted"
    try:
        path = capture.write_note(loaded, kind, fields, body)
    except capture.CaptureError as exc:
        # The one thing refused: a body no note file may hold.
        assert "\x00" in body and "NUL" in str(exc)
        return
    rel = path.relative_to(root).as_posix()
    parsed = parse_bytes(path.read_bytes(), rel, path.stem)
    assert parsed.note is not None, parsed.problems
    note = parsed.note
    assert (note.kind, note.title, note.date, note.id) == (kind, title, day, note_id)
    assert note.tags == tags and note.restricted == restricted
    assert note.areas == (areas if kind != "risk" else [])
    if kind in ("recommendation", "risk"):
        assert getattr(note, "owner", None) == owner
    # Line endings are normalised on reading (SPEC §4: CRLF is accepted).
    assert note.body == body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


@FUZZ
@given(text=yaml_texts | front_matters.map(lambda d: yaml.safe_dump(d, allow_unicode=True)))
def test_the_quick_builder_makes_what_pyyamls_constructor_makes(text: str) -> None:
    """Front matter without tags, anchors or aliases is built without PyYAML's constructor
    (yamlfile._plain): it must give the same values, types and key order."""
    from scrutiny import yamlfile

    try:
        located = yamlfile.load(text)
    except yamlfile.YamlError:
        return
    expected = yaml.load(text, Loader=yamlfile._Loader)
    assert repr(located.data) == repr(expected)
