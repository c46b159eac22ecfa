"""Bad input: every malformed file gets a precise problem, nothing crashes, the rest works.

The corpus is ``tests/fixtures/bad/`` (each case and its expected problem in
``EXPECTED.yaml``) plus the cases made here because they are too big or too odd to commit:
a 20 MB file, a 100,000-item list, deep nesting, symlinks, a FIFO, a directory named
``x.md``, an unreadable file.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from scrutiny.cli import app

REPO = Path(__file__).resolve().parents[1]
BAD = REPO / "tests" / "fixtures" / "bad"
#: Address-space limit for the subprocess runs: enough for Python and its imports, far
#: too little for an expanded alias bomb or a parse that runs away.
MEMORY_LIMIT = 1024 * 1024 * 1024
TIME_LIMIT = 60

VALID = """---
kind: activity
date: 2021-01-10
title: {title}
areas: [core-partners]
source: meeting
---
{body}
"""
ROOT_IS_ROOT = os.geteuid() == 0


def _valid(title: str, body: str = "Body.") -> bytes:
    return VALID.format(title=title, body=body).encode()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _huge(ev: Path) -> None:
    _write(ev / "huge-20mb.md", _valid("Huge") + b"x" * (20 * 1024 * 1024))


def _big_valid(ev: Path) -> None:
    # Just under the 5 MB limit: read, parsed and accepted.
    _write(ev / "big-body.md", _valid("Big body", "lorem ipsum " * 400_000))


def _list_100k(ev: Path) -> None:
    tags = ", ".join(f"t{i}" for i in range(100_000))
    text = _valid("Hundred thousand tags").replace(b"source:", f"tags: [{tags}]\nsource:".encode())
    _write(ev / "list-100k.md", text)


def _deep(name: str, opener: str, closer: str, depth: int) -> Callable[[Path], None]:
    def make(ev: Path) -> None:
        text = f"---\nkind: activity\ntags: {opener * depth}x{closer * depth}\n---\nBody.\n"
        _write(ev / name, text.encode())

    return make


def _block_deep(ev: Path) -> None:
    _write(
        ev / "deep-block.md", ("---\nkind: activity\ntags:\n" + "- " * 50_000 + "x\n---\n").encode()
    )


def _symlink_outside(ev: Path) -> None:
    outside = ev.parents[1] / "outside-note.md"
    outside.write_bytes(_valid("OUTSIDE-THE-WORKSPACE"))
    (ev / "symlink-outside.md").symlink_to(outside)


def _symlink_inside(ev: Path) -> None:
    target = ev.parent / "drafts" / "kept.md"
    _write(target, _valid("Linked from inside the workspace").replace(b"2021-01-10", b"2021-01-14"))
    (ev / "symlink-inside.md").symlink_to(target)


def _symlink_loop(ev: Path) -> None:
    (ev / "loop-a.md").symlink_to(ev / "loop-b.md")
    (ev / "loop-b.md").symlink_to(ev / "loop-a.md")


def _symlink_dangling(ev: Path) -> None:
    (ev / "dangling.md").symlink_to(ev / "does-not-exist.md")


def _directory(ev: Path) -> None:
    (ev / "folder.md").mkdir()


def _fifo(ev: Path) -> None:
    os.mkfifo(ev / "fifo.md")


def _unreadable(ev: Path) -> None:
    _write(ev / "unreadable.md", _valid("Unreadable"))
    (ev / "unreadable.md").chmod(0)


#: Deep nesting is refused by our depth check or, in newer libyaml, by libyaml itself; the
#: words differ between versions, so these cases assert only the line and the severity.
NESTED = None
#: name -> (how to make it, what check must say); "valid" and "ignored" as in EXPECTED.yaml.
GENERATED: dict[str, tuple[Callable[[Path], None], Any]] = {
    "huge-20mb.md": (_huge, {"line": 1, "problem": "notes are limited to 5 MB"}),
    "big-body.md": (_big_valid, "valid"),
    "list-100k.md": (_list_100k, "valid"),
    "deep-list-10000.md": (
        _deep("deep-list-10000.md", "[", "]", 10_000),
        {"line": 3, "problem": NESTED},
    ),
    "deep-list-100000.md": (
        _deep("deep-list-100000.md", "[", "]", 100_000),
        {"line": 3, "problem": NESTED},
    ),
    "deep-map-100000.md": (
        _deep("deep-map-100000.md", "{a: ", "}", 100_000),
        {"line": 3, "problem": NESTED},
    ),
    "deep-block.md": (_block_deep, {"line": 4, "problem": NESTED}),
    "symlink-outside.md": (_symlink_outside, "ignored"),
    "symlink-inside.md": (_symlink_inside, "valid"),
    "loop-a.md": (_symlink_loop, "ignored"),
    "loop-b.md": (lambda ev: None, "ignored"),
    "dangling.md": (_symlink_dangling, "ignored"),
    "folder.md": (_directory, "ignored"),
    "fifo.md": (_fifo, "ignored"),
    "unreadable.md": (_unreadable, {"line": 1, "problem": "permission denied"}),
}


def _says(want: dict[str, Any], problem: dict[str, Any]) -> bool:
    """Whether ``problem`` is the one ``want`` expects (any problem when it names no words)."""
    return want["problem"] is None or want["problem"] in problem["message"]


def expected_cases() -> dict[str, Any]:
    committed = yaml.safe_load((BAD / "EXPECTED.yaml").read_text(encoding="utf-8"))
    return {**committed, **{name: want for name, (_, want) in GENERATED.items()}}


CASES = expected_cases()


def build(root: Path, only: str | None = None) -> Path:
    """A workspace holding the whole corpus (or one generated case) beside one valid note."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "scrutiny.toml", root / "scrutiny.toml")
    ev = root / "evidence"
    if only is None:
        shutil.copytree(BAD, ev, ignore=shutil.ignore_patterns("EXPECTED.yaml"))
        for make, _ in GENERATED.values():
            make(ev)
    else:
        ev.mkdir()
        GENERATED[only][0](ev)
    _write(ev / "good.md", _valid("The valid note beside them", "GOOD-BODY reaches the report."))
    return root


def cli(root: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, ["-w", str(root), *args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[Any]], set[str]]:
    root = build(tmp_path_factory.mktemp("bad") / "ws")
    checked = cli(root, "check", "--format", "json")
    assert checked.exit_code == 1
    problems: dict[str, list[Any]] = {}
    for row in json.loads(checked.stdout):
        problems.setdefault(row["path"].removeprefix("evidence/"), []).append(row)
    listed = cli(root, "notes", "--all", "--format", "json")
    assert listed.exit_code == 0
    paths = {row["path"].removeprefix("evidence/") for row in json.loads(listed.stdout)}
    return root, problems, paths


def test_the_corpus_is_large_and_every_file_has_an_expectation() -> None:
    committed = {p.relative_to(BAD).as_posix() for p in BAD.rglob("*") if p.is_file()} - {
        "EXPECTED.yaml"
    }
    assert committed == set(CASES) - set(GENERATED)
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_input_gets_its_precise_problem(
    corpus: tuple[Path, dict[str, list[Any]], set[str]], case: str
) -> None:
    _, problems, listed = corpus
    want = CASES[case]
    got = problems.get(case, [])
    if want == "ignored":
        assert not got and case not in listed
    elif want == "valid":
        assert not got and case in listed
    else:
        if case == "unreadable.md" and ROOT_IS_ROOT:
            pytest.skip("running as root: file permissions do not stop reads")
        severity = want.get("severity", "error")
        assert (case in listed) is (severity == "warning")
        assert [(p["line"], p["severity"]) for p in got if _says(want, p)] == [
            (want["line"], severity)
        ], got


def test_the_valid_note_beside_them_still_works(
    corpus: tuple[Path, dict[str, list[Any]], set[str]],
) -> None:
    root, problems, listed = corpus
    assert "good.md" in listed and "good.md" not in problems
    assert "OUTSIDE-THE-WORKSPACE" not in cli(root, "notes", "--all").stdout
    for args in (
        ["recs", "--format", "json"],
        ["risks", "--format", "json"],
        ["coverage", "--period", "2020-21"],
        ["report", "--period", "2020-21", "--draft"],
        ["notes", "--search", "valid"],
    ):
        result = cli(root, *args)
        assert result.exit_code == 0, (args, result.output)
    assert "GOOD-BODY" in cli(root, "report", "--period", "2020-21", "--draft").stdout


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``scrutiny`` in a child process with bounded memory and time."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("SCRUTINY_WORKSPACE", None)
    return subprocess.run(
        [sys.executable, "-m", "scrutiny.cli", "-w", str(root), *args],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limits,
        env=env,
        check=False,
    )


def test_the_whole_corpus_in_a_real_process(tmp_path: Path) -> None:
    root = build(tmp_path / "ws")
    done = run_limited(root, "check")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "error:" in done.stdout
    listed = run_limited(root, "notes", "--all", "--format", "json")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    assert "evidence/good.md" in {row["path"] for row in json.loads(listed.stdout)}


def test_an_alias_bomb_alone_is_bounded(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(REPO / "scrutiny.toml", root / "scrutiny.toml")
    _write(root / "evidence" / "bomb.md", (BAD / "alias-bomb.md").read_bytes())
    _write(root / "evidence" / "good.md", _valid("Still here"))
    done = run_limited(root, "check")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "anchors and aliases" in done.stdout


@pytest.mark.parametrize(
    "case", ["huge-20mb.md", "big-body.md", "list-100k.md", "deep-list-100000.md", "deep-block.md"]
)
def test_each_heavy_case_alone_is_bounded(tmp_path: Path, case: str) -> None:
    root = build(tmp_path / "ws", only=case)
    done = run_limited(root, "check", "--format", "json")
    assert "Traceback" not in done.stderr, done.stderr
    rows = json.loads(done.stdout)
    want = CASES[case]
    if want == "valid":
        assert done.returncode == 0 and rows == []
    else:
        assert done.returncode == 1
        assert [r["line"] for r in rows if _says(want, r)] == [want["line"]]
    listed = run_limited(root, "notes", "--all", "--format", "json")
    assert "evidence/good.md" in {row["path"] for row in json.loads(listed.stdout)}


def test_a_fifo_named_like_a_note_does_not_hang(tmp_path: Path) -> None:
    root = build(tmp_path / "ws", only="fifo.md")
    done = run_limited(root, "check")
    assert done.returncode == 0, done.stdout + done.stderr
